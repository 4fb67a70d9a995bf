"""What the tests of the 数据/模型 pages and the API share: an app over a temporary home, one user per role
signed in on demand, and the CSRF token a page carries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from clueloop.security.users import add_user
from clueloop.web.app import create_app
from clueloop.web.context import AppState
from clueloop.workflow.orm import User

PASSWORD = "secret-123"
ORGAN = "某某区公安分局"
OTHER_ORGAN = "某某县市场监督管理局"
USERS = [
    ("admin", "数据管理员", ""),
    ("wang", "检察官", ""),
    ("head", "部门负责人", ""),
    ("audit", "审计员", ""),
    ("liaison", "外部单位联络员", ORGAN),
    ("other", "外部单位联络员", OTHER_ORGAN),
]


@contextmanager
def web_app(home: Path) -> Iterator[TestClient]:
    """The real app on real SQLite and a real lake; :func:`login` adds the users of USERS it signs in."""
    with TestClient(create_app(home)) as client:
        yield client


def app_state(app: Any) -> AppState:
    state: AppState = app.state.clueloop
    return state


def state_of(client: TestClient) -> AppState:
    return app_state(client.app)


def login(client: TestClient, user: str) -> str:
    """Sign ``user`` in (any earlier session is dropped) and return the session's CSRF token."""
    client.cookies.clear()
    with state_of(client).workflow.transaction() as s:
        if s.scalar(select(User.id).where(User.username == user)) is None:  # argon2 is slow: add on demand
            _, role, organ = next(u for u in USERS if u[0] == user)
            add_user(s, user, PASSWORD, role, "test", organ=organ, display_name=user)
    r = client.post("/login", data={"username": user, "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303, r.text
    page = client.get("/leads")  # a page every role may open
    found = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert found, page.text[:300]
    return found.group(1)
