"""What every request needs: the app's state, a database unit of work, the signed-in user, CSRF."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Form, HTTPException, Request
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from clueloop.security.users import find_session
from clueloop.web.jobs import Jobs
from clueloop.workflow.db import Workflow
from clueloop.workflow.orm import User, WebSession
from clueloop.workflow.policy import Policy
from clueloop.workflow.states import ConflictError

COOKIE = "clueloop_session"


@dataclass
class AppState:
    home: Path
    workflow: Workflow
    policy: Policy
    jobs: Jobs


@dataclass(frozen=True)
class Viewer:
    username: str
    display_name: str
    role: str
    organ: str


class LoginRequired(Exception):
    pass


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.clueloop
    return state


def db(request: Request) -> Iterator[Session]:
    """The request's database session. Routes that change something call :func:`save` before they answer
    (so a redirect never shows the page as it was); what is left (a session's last-seen time) is
    committed at the end, and everything is rolled back when the route raises."""
    session = app_state(request).workflow.sessions()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


def save(session: Session) -> None:
    """Commit the unit of work; a concurrent change of the same row becomes a conflict for the user."""
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise ConflictError("该事项刚被他人修改，你的修改未保存；请刷新后重试") from None


DB = Annotated[Session, Depends(db)]
State = Annotated[AppState, Depends(app_state)]


def web_session(request: Request, session: DB) -> WebSession:
    row = find_session(session, request.cookies.get(COOKIE))
    if row is None:
        raise LoginRequired()
    request.state.csrf = row.csrf_token  # plain values: error pages render after the session closed
    request.state.viewer = Viewer(row.user.username, row.user.display_name, row.user.role, row.user.organ)
    return row


def current_user(row: Annotated[WebSession, Depends(web_session)]) -> User:
    return row.user


CurrentUser = Annotated[User, Depends(current_user)]


def require_roles(*roles: str) -> object:
    """A dependency that refuses (403) users of other roles."""

    def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise HTTPException(status_code=403, detail=f"此操作需要以下角色之一：{'、'.join(roles)}")
        return user

    return Depends(check)


async def csrf(request: Request, row: Annotated[WebSession, Depends(web_session)]) -> None:
    """Every state-changing request carries the session's CSRF token (form field or X-CSRF-Token header)."""
    sent = request.headers.get("X-CSRF-Token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not sent or not secrets.compare_digest(sent, row.csrf_token):
        raise HTTPException(status_code=403, detail="CSRF 校验失败：请刷新页面后重试")


CSRF = Depends(csrf)
FormText = Annotated[str, Form()]
