"""From model runs to leads: dedup by lead key; new evidence is added, never a second lead; a lead closed
as 不成案 is flagged for review — not reopened — when new evidence appears."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from clueloop.workflow import leads
from clueloop.workflow.db import Workflow
from clueloop.workflow.orm import Audit, Evidence, Lead
from tests.workflow.conftest import make_lead, make_run

ID = "110101199001011234"


def _evidence(row: int, note: str) -> dict[str, Any]:
    return {
        "dataset": "traffic_violation",
        "source_file": "/exports/交通违法.csv",
        "row": row,
        "batch_id": f"b{row}",
        "values": {"驾驶人证件号码": ID, "违法行为": note},
    }


def _record(wf: Workflow, run_id: str, *found: dict[str, Any]) -> leads.RecordResult:
    with wf.transaction() as s:
        return leads.record_run(s, make_run(run_id), list(found), "系统")


def test_rerunning_the_same_run_is_a_no_op(wf: Workflow) -> None:
    first = _record(wf, "r1", make_lead("m", [ID]))
    again = _record(wf, "r1", make_lead("m", [ID]))
    assert (first.new, again.new, again.unchanged) == (1, 0, 1)


def test_a_new_run_with_the_same_key_adds_only_new_evidence(wf: Workflow) -> None:
    _record(wf, "r1", make_lead("m", [ID], evidence=[_evidence(1, "超速")]))
    same = _record(wf, "r2", make_lead("m", [ID], evidence=[_evidence(1, "超速")]))
    # the same record re-imported in another batch (other row, other batch id) is not new evidence
    moved = dict(_evidence(1, "超速"), row=99, batch_id="b99")
    reimported = _record(wf, "r3", make_lead("m", [ID], evidence=[moved]))
    more = _record(wf, "r4", make_lead("m", [ID], evidence=[_evidence(1, "超速"), _evidence(2, "闯红灯")]))
    assert (same.new, same.unchanged, reimported.unchanged) == (0, 1, 1)
    assert (more.new, more.with_new_evidence, more.flagged_for_review) == (0, 1, 0)
    with wf.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Lead)) == 1
        lead = s.scalars(select(Lead)).one()
        assert [e.values["违法行为"] for e in lead.evidence] == ["超速", "闯红灯"]
        assert lead.state == "待研判" and lead.last_run_id == "r4"


def test_same_key_in_another_model_is_another_lead(wf: Workflow) -> None:
    result = _record(wf, "r1", make_lead("m1", [ID]), make_lead("m2", [ID]))
    assert result.new == 2


def test_a_lead_closed_as_no_case_is_flagged_not_reopened(wf: Workflow) -> None:
    _record(wf, "r1", make_lead("m", [ID], evidence=[_evidence(1, "超速")]))
    with wf.transaction() as s:
        lead_id = s.scalars(select(Lead.id)).one()
        leads.move(s, lead_id, "研判中", "王")
        leads.move(s, lead_id, "不成案", "王", reason="已由交警处理完毕")
    unchanged = _record(wf, "r2", make_lead("m", [ID], evidence=[_evidence(1, "超速")]))
    assert unchanged.flagged_for_review == 0
    with wf.transaction() as s:
        lead = s.get(Lead, lead_id)
        assert lead is not None and not lead.needs_review
        try:
            leads.move(s, lead_id, "研判中", "王")
        except leads.WorkflowError as exc:
            assert "新证据" in str(exc)
        else:
            raise AssertionError("a closed lead without new evidence must not reopen")

    flagged = _record(wf, "r3", make_lead("m", [ID], evidence=[_evidence(2, "闯红灯")]))
    assert (flagged.new, flagged.flagged_for_review) == (0, 1)
    with wf.transaction() as s:
        lead = s.get(Lead, lead_id)
        assert lead is not None
        assert lead.state == "不成案" and lead.needs_review  # flagged, not silently reopened
        assert "r3" in lead.review_note
        assert s.scalar(select(func.count()).where(Audit.action == "新增证据")) == 1
    # a second run with the same new evidence flags nothing more
    assert _record(wf, "r4", make_lead("m", [ID], evidence=[_evidence(2, "闯红灯")])).flagged_for_review == 0
    with wf.transaction() as s:
        leads.move(s, lead_id, "研判中", "王")  # a person reopens it
        lead = s.get(Lead, lead_id)
        assert lead is not None and lead.state == "研判中" and not lead.needs_review


def test_keep_closed_after_review(wf: Workflow) -> None:
    _record(wf, "r1", make_lead("m", [ID], evidence=[_evidence(1, "超速")]))
    with wf.transaction() as s:
        lead_id = s.scalars(select(Lead.id)).one()
        leads.move(s, lead_id, "研判中", "王")
        leads.move(s, lead_id, "不成案", "王", reason="情节轻微")
    _record(wf, "r2", make_lead("m", [ID], evidence=[_evidence(2, "闯红灯")]))
    with wf.transaction() as s:
        leads.dismiss_review(s, lead_id, "王", "新证据仍属轻微违法")
        lead = s.get(Lead, lead_id)
        assert lead is not None and lead.state == "不成案" and not lead.needs_review


def test_new_evidence_of_a_merged_lead_goes_to_the_lead_it_joined(wf: Workflow) -> None:
    other = "110101199001015678"
    _record(wf, "r1", make_lead("m", [ID]), make_lead("m", [other]))
    with wf.transaction() as s:
        a, b = s.scalars(select(Lead.id).order_by(Lead.id)).all()
        leads.merge(s, b, a, "王", reason="同一违法行为")
    _record(wf, "r2", make_lead("m", [other], evidence=[_evidence(5, "无证驾驶")]))
    with wf.transaction() as s:
        target_evidence = s.scalars(select(Evidence).where(Evidence.lead_id == a)).all()
        assert any(e.values.get("违法行为") == "无证驾驶" for e in target_evidence)
        assert s.scalar(select(func.count()).select_from(Lead)) == 2
