"""The closed loop in the web app, on SQLite and on PostgreSQL: one user per role (``support.USERS``) and
three leads, two of them 成案."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from clueloop.security.users import add_user
from clueloop.web.app import create_app
from clueloop.workflow import leads, recommendations, transfers
from clueloop.workflow.calendar_store import work_calendar
from clueloop.workflow.orm import Lead, Recommendation, Transfer
from clueloop.workflow.policy import Policy
from tests.workflow import conftest as workflow_conftest
from tests.workflow.conftest import make_lead, make_run

from .support import PASSWORD, USERS, app_state

IDS = ["110101199001011234", "11010119900101567X", "320102198505051239"]
db_url = workflow_conftest.db_url  # the tests that use the loop run on SQLite and on PostgreSQL


@dataclass
class Loop:
    client: TestClient
    home: Path
    ready: int  # a 成案 lead, owned by nobody yet
    spare: int  # another 成案 lead (to join a case)
    untouched: int  # a 待研判 lead nobody transferred

    def transaction(self) -> AbstractContextManager[Session]:
        return app_state(self.client.app).workflow.transaction()

    @staticmethod
    def transfer(s: Session, lead_id: int, target: str, standard: str = "移送标准") -> Transfer:
        """wang sends a lead to ``target`` (an outside organ)."""
        calendar = work_calendar(s)
        return transfers.create(
            s, Policy(), calendar, "wang", target=target, standard=standard, internal=False, lead_id=lead_id
        )

    @staticmethod
    def recommend(s: Session, addressee: str, *, issue: bool) -> Recommendation:
        """wang drafts a recommendation to ``addressee`` (and issues it)."""
        rec = recommendations.draft(s, "wang", addressee=addressee, facts="事实", measures=["整改"])
        if issue:
            recommendations.move(s, Policy(), work_calendar(s), rec.id, "已发出", "wang")
        return rec


@pytest.fixture
def loop(tmp_path: Path, db_url: str) -> Iterator[Loop]:
    home = tmp_path / "home"
    application = create_app(home, db_url)
    with app_state(application).workflow.transaction() as s:
        for name, role, organ in USERS:
            add_user(s, name, PASSWORD, role, "test", organ=organ, display_name=name)
        found = [make_lead("postal", [i], title=f"寄递违规人员 {i} 未移送") for i in IDS]
        leads.record_run(s, make_run("r1"), found, "系统")
        ids = [s.scalars(select(Lead.id).where(Lead.key_text == leads.key_text([i]))).one() for i in IDS]
        for lead_id in ids[:2]:
            leads.move(s, lead_id, "研判中", "wang")
            leads.move(s, lead_id, "成案", "wang")
    with TestClient(application) as client:
        yield Loop(client, home, ids[0], ids[1], ids[2])
