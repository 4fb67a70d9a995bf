"""Optimistic locking with real concurrent connections: two users change the same lead at once — one
wins, the other gets a conflict, and nothing of the winner's change is lost."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from clueloop.workflow import leads
from clueloop.workflow.db import Workflow
from clueloop.workflow.orm import Audit, Lead
from clueloop.workflow.states import ConflictError
from tests.workflow.conftest import make_lead, make_run


@pytest.fixture
def lead_id(wf: Workflow) -> int:
    with wf.transaction() as s:
        leads.record_run(s, make_run("r1"), [make_lead("m", ["110101199001011234"])], "系统")
        return s.scalars(select(Lead.id)).one()


def test_interleaved_sessions_one_wins_one_conflicts(wf: Workflow, lead_id: int) -> None:
    alice, bob = wf.sessions(), wf.sessions()  # two connections, both read version 1
    try:
        a = alice.get(Lead, lead_id)
        b = bob.get(Lead, lead_id)
        assert a is not None and b is not None and a.version == b.version == 1
        a.owner = "王"
        alice.commit()
        b.owner = "李"
        with pytest.raises(Exception) as caught:
            bob.commit()
        assert type(caught.value).__name__ == "StaleDataError"
        bob.rollback()
    finally:
        alice.close()
        bob.close()
    with wf.transaction() as s:
        lead = s.get(Lead, lead_id)
        assert lead is not None and (lead.owner, lead.version) == ("王", 2)


def test_the_service_turns_a_stale_save_into_a_conflict_error(wf: Workflow, lead_id: int) -> None:
    with wf.transaction() as s:
        leads.move(s, lead_id, "研判中", "王", version=1)
    with pytest.raises(ConflictError, match="第 1 版"), wf.transaction() as s:
        leads.move(s, lead_id, "不成案", "李", reason="重复", version=1)  # Li's page still shows version 1
    with wf.transaction() as s:
        lead = s.get(Lead, lead_id)
        assert lead is not None and lead.state == "研判中" and lead.owner == "王"


def test_two_threads_saving_at_once(wf: Workflow, lead_id: int) -> None:
    """Both read, both wait at a barrier, both save: exactly one succeeds, one conflicts, one audit row."""
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def user(name: str, target: str, reason: str) -> None:
        try:
            with wf.transaction() as s:
                lead = s.get(Lead, lead_id)
                assert lead is not None
                seen = lead.version
                barrier.wait(timeout=10)
                leads.move(s, lead_id, target, name, reason=reason, version=seen)
                s.flush()
            outcomes[name] = "ok"
        except ConflictError:
            outcomes[name] = "conflict"
        except Exception as exc:  # pragma: no cover - reported in the assertion below
            outcomes[name] = f"{type(exc).__name__}: {exc}"

    threads = [
        threading.Thread(target=user, args=("王", "研判中", "")),
        threading.Thread(target=user, args=("李", "不成案", "与另一线索重复")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes.values()) == ["conflict", "ok"], outcomes
    winner = next(n for n, o in outcomes.items() if o == "ok")
    with wf.transaction() as s:
        lead = s.get(Lead, lead_id)
        assert lead is not None and lead.version == 2
        assert lead.state == ("研判中" if winner == "王" else "不成案")
        changes = s.scalar(select(func.count()).where(Audit.entity == "lead", Audit.action != "发现"))
        assert changes == 1  # the loser's audit row rolled back with its change
