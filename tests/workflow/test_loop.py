"""A lead from a real model run carried through the whole loop, on SQLite and on PostgreSQL:
triage → case → transfer with feedback → recommendation → reply → rectification → follow-up → stats."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from sqlalchemy import func, select

from clueloop.engine.library import load_library
from clueloop.engine.runner import RunResult, kinds_read, run_models
from clueloop.ingest.lake import Lake
from clueloop.ingest.service import ingest_file
from clueloop.synth.generate import generate
from clueloop.workflow import cases, leads, recommendations, transfers
from clueloop.workflow.db import Workflow
from clueloop.workflow.deadlines import WorkCalendar
from clueloop.workflow.orm import Audit, Lead, Recommendation, Transfer
from clueloop.workflow.paperwork import recommendation_document, transfer_letter
from clueloop.workflow.policy import Policy
from clueloop.workflow.states import IllegalTransition, WorkflowError
from clueloop.workflow.stats import compute
from clueloop.workflow.sweep import sweep

AS_OF = dt.date(2026, 6, 30)
MODEL = "correction-unapproved-travel"


@pytest.fixture(scope="module")
def model_run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    """One real run of a built-in model over synthetic exports (shared by both databases)."""
    home = tmp_path_factory.mktemp("home")
    model = load_library().get(MODEL)
    synth = generate(home / "exports", seed=2, scale=0, as_of=AS_OF)
    lake = Lake(home)
    for written in synth.files:
        if written.kind in kinds_read(model):
            ingest_file(lake, home / "exports" / written.file, written.kind)
    result = run_models(home, [model], as_of=AS_OF)
    assert result.leads, "the synthetic data plants leads for every model"
    return result


def _audit_count(session: Any, entity: str, entity_id: int) -> int:
    return session.scalar(select(func.count()).where(Audit.entity == entity, Audit.entity_id == entity_id))


def _actions(session: Any, entity: str, entity_id: int) -> list[str]:
    return list(
        session.scalars(
            select(Audit.action)
            .where(Audit.entity == entity, Audit.entity_id == entity_id)
            .order_by(Audit.id)
        )
    )


def test_a_lead_goes_from_model_run_to_rectification(
    wf: Workflow, model_run: RunResult, policy: Policy, calendar: WorkCalendar, tmp_path: Path
) -> None:
    with wf.transaction() as s:
        recorded = leads.record_run(s, model_run.run, model_run.leads, "数据管理员")
    assert recorded.new == len(model_run.leads)
    first = model_run.leads[0]

    with wf.transaction() as s:
        lead = s.scalars(select(Lead).where(Lead.key_text == leads.key_text(first["key"]))).one()
        lead_id = lead.id
        assert lead.state == "待研判" and lead.model_id == MODEL
        assert [e.dataset for e in lead.evidence] == [e["dataset"] for e in first["evidence"]]
        assert lead.evidence[0].values, "evidence values are copied out of the lake"
        with pytest.raises(IllegalTransition, match="研判中"):
            leads.move(s, lead_id, "成案", "王检察官")  # must be triaged first

    with wf.transaction() as s:
        leads.move(s, lead_id, "研判中", "王检察官")
        leads.comment(s, lead_id, "王检察官", "人像比对一致，拟成案")
        leads.move(s, lead_id, "成案", "王检察官")
        case = cases.open_case(s, policy, [lead_id], "王检察官", title="社区矫正对象违规外出监督案")
        case_id = case.id
        assert case.number == f"某检案〔{dt.date.today().year}〕1号"

    with wf.transaction() as s, pytest.raises(WorkflowError, match="谁办案、谁移送"):
        transfers.create(
            s,
            policy,
            calendar,
            "李检察官",
            target="某某县司法局",
            standard="社区矫正法",
            internal=False,
            case_id=case_id,
        )

    sent = dt.date(2026, 9, 30)
    with wf.transaction() as s:
        t = transfers.create(
            s,
            policy,
            calendar,
            "王检察官",
            target="某某县司法局",
            standard="《中华人民共和国社区矫正法》第二十七条",
            internal=False,
            case_id=case_id,
            sent_on=sent,
        )
        transfer_id = t.id
        assert t.feedback_due == dt.date(2026, 10, 30) and t.accept_due is None and t.calendar_warning is None
        transfers.move(s, transfer_id, "已接收", "司法局联络员", on=dt.date(2026, 10, 9))
        transfers.move(
            s,
            transfer_id,
            "已反馈",
            "司法局联络员",
            on=dt.date(2026, 10, 28),
            text="已对该社区矫正对象给予警告，并收紧外出审批",
        )
        transfers.move(s, transfer_id, "已办结", "王检察官")
        letter = transfer_letter(s, policy, transfer_id, tmp_path)
    text = "\n".join(p.text for p in Document(str(letter)).paragraphs)
    assert "线索移送函" in text and "某某县司法局" in text
    assert first["key"][0] not in text  # the subject's ID number is masked in the letter

    with wf.transaction() as s:
        rec = recommendations.draft(
            s,
            "王检察官",
            addressee="某某县司法局",
            facts="社区矫正对象多次未经批准离开执行地。",
            measures=["严格落实外出审批制度", "开展专项排查"],
            legal_basis=["《中华人民共和国社区矫正法》第二十七条"],
            kind="纠正违法检察建议",
            case_id=case_id,
        )
        rec_id = rec.id
        recommendations.move(s, policy, calendar, rec_id, "已发出", "王检察官", on=dt.date(2026, 3, 2))
        recommendations.move(s, policy, calendar, rec_id, "已送达", "王检察官", on=dt.date(2026, 3, 2))
        r = s.get(Recommendation, rec_id)
        assert r is not None
        assert r.number == "某检行纠建〔2026〕1号"
        assert r.reply_due == dt.date(2026, 5, 6)  # two months, then past 劳动节 and the weekend
        with pytest.raises(WorkflowError, match="未届满"):
            recommendations.move(s, policy, calendar, rec_id, "已起诉", "王检察官", on=dt.date(2026, 4, 1))

    with wf.transaction() as s:
        recommendations.move(
            s,
            policy,
            calendar,
            rec_id,
            "已回复",
            "司法局联络员",
            on=dt.date(2026, 4, 20),
            text="已建立外出审批台账",
            rectification="已整改",
        )
        recommendations.add_notice(
            s, "王检察官", kind="抄送", recipient="县委政法委", recommendation_id=rec_id
        )
        recommendations.move(
            s,
            policy,
            calendar,
            rec_id,
            "已回头看",
            "王检察官",
            on=dt.date(2026, 6, 20),
            text="抽查台账 20 份，均经审批",
            rectified=True,
        )
        recommendations.move(s, policy, calendar, rec_id, "已办结", "王检察官")
        doc = recommendation_document(s, policy, rec_id, tmp_path)
        assert _actions(s, "recommendation", rec_id) == [
            "起草",
            "发出",
            "送达",
            "回复",
            "抄送",
            "回头看",
            "办结",
        ]
        assert _actions(s, "lead", lead_id) == ["发现", "开始研判", "意见", "成案", "立案"]
    body = "\n".join(p.text for p in Document(str(doc)).paragraphs)
    assert "某检行纠建〔2026〕1号" in body and "严格落实外出审批制度" in body

    with wf.transaction() as s:
        stats = compute(s)
    row = next(r for r in stats.rows if r.model == MODEL)
    assert (row.leads, row.cases, row.transferred, row.recommended, row.replied, row.rectified) == (
        len(model_run.leads),
        1,
        1,
        1,
        1,
        1,
    )
    assert stats.rates["rectification_rate"] == 1.0
    assert stats.rates["transfer_feedback_on_time"] == 1.0


def test_an_illegal_transition_changes_nothing(wf: Workflow) -> None:
    from tests.workflow.conftest import make_lead, make_run

    with wf.transaction() as s:
        leads.record_run(s, make_run("r1"), [make_lead("m", ["110101199001011234"])], "系统")
    with wf.transaction() as s:
        lead = s.scalars(select(Lead)).one()
        before = (lead.state, lead.version, _audit_count(s, "lead", lead.id))
    with pytest.raises(IllegalTransition, match="不能从“待研判”变为“成案”"), wf.transaction() as s:
        leads.move(s, lead.id, "成案", "王检察官")
    with pytest.raises(WorkflowError, match="不成案的理由"), wf.transaction() as s:
        leads.move(s, lead.id, "不成案", "王检察官")
    with wf.transaction() as s:
        lead = s.scalars(select(Lead)).one()
        assert (lead.state, lead.version, _audit_count(s, "lead", lead.id)) == before


def test_overdue_and_sleeping_are_marked_exactly_once(
    wf: Workflow, policy: Policy, calendar: WorkCalendar
) -> None:
    from tests.workflow.conftest import make_lead, make_run

    with wf.transaction() as s:
        leads.record_run(
            s,
            make_run("r1"),
            [make_lead("m", ["110101199001011234"]), make_lead("m", ["110101199001015678"])],
            "系统",
        )
        owned = s.scalars(select(Lead).order_by(Lead.id)).first()
        assert owned is not None
        leads.move(s, owned.id, "研判中", "王")
        leads.move(s, owned.id, "成案", "王")
        t = transfers.create(
            s,
            policy,
            calendar,
            "王",
            target="某局",
            standard="标准",
            internal=True,
            lead_id=owned.id,
            sent_on=dt.date(2026, 9, 30),
        )
        assert t.accept_due == dt.date(2026, 10, 10)
    later = dt.date.today() + dt.timedelta(days=policy.sleep_days + 1)
    with wf.transaction() as s:
        first = sweep(s, policy, dt.date(2026, 10, 12))
    with wf.transaction() as s:
        again = sweep(s, policy, dt.date(2026, 10, 13))
        asleep = sweep(s, policy, later)
        asleep_again = sweep(s, policy, later)
        transfer = s.scalars(select(Transfer)).one()
        assert transfer.overdue
        overdue_rows = s.scalar(select(func.count()).where(Audit.action == "逾期"))
    assert (first.transfers_overdue, again.transfers_overdue) == (1, 0)
    assert (asleep.leads_sleeping, asleep_again.leads_sleeping) == (1, 0)  # the 成案 lead does not sleep
    assert overdue_rows == 1
