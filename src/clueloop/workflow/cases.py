"""Cases (案件): built from one or more 成案 leads; closed or withdrawn through the state machine."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from clueloop.workflow._common import audit, load, next_number, snapshot
from clueloop.workflow.orm import Case, Lead, now
from clueloop.workflow.policy import Policy
from clueloop.workflow.states import CASE, WorkflowError

TRACKED = ("state", "owner", "department", "title", "note")


def open_case(
    session: Session,
    policy: Policy,
    lead_ids: Sequence[int],
    actor: str,
    *,
    title: str = "",
    department: str = "",
) -> Case:
    """A case from 成案 leads (a 成案 lead becomes or joins a case — :func:`add_lead` for joining)."""
    if not lead_ids:
        raise WorkflowError("立案至少需要一条成案线索")
    leads = [load(session, Lead, i) for i in lead_ids]
    for lead in leads:
        _check_joinable(lead)
    year = now().year
    number = f"{policy.short_name}检案〔{year}〕{next_number(session, policy.short_name + '检案', year)}号"
    case = Case(
        number=number,
        title=title.strip() or leads[0].title,
        state=CASE.initial,
        owner=leads[0].owner or actor,
        department=department or leads[0].department,
        domain=leads[0].domain,
    )
    session.add(case)
    session.flush()
    for lead in leads:
        lead.case_id = case.id
        audit(session, actor, "lead", lead.id, "立案", None, {"case_id": case.id, "case": number})
    audit(session, actor, "case", case.id, "立案", None, snapshot(case, TRACKED), f"线索 {list(lead_ids)}")
    return case


def _check_joinable(lead: Lead) -> None:
    if lead.state != "成案":
        raise WorkflowError(f"线索 {lead.id} 处于“{lead.state}”，只有成案的线索才能立案")
    if lead.case_id is not None:
        raise WorkflowError(f"线索 {lead.id} 已属于案件 {lead.case_id}")


def add_lead(session: Session, case_id: int, lead_id: int, actor: str) -> Case:
    case = load(session, Case, case_id)
    if case.state != "办理中":
        raise WorkflowError(f"案件 {case.number} 已{case.state}，不能再加入线索")
    lead = load(session, Lead, lead_id)
    _check_joinable(lead)
    lead.case_id = case.id
    audit(session, actor, "lead", lead.id, "并案", None, {"case_id": case.id})
    audit(session, actor, "case", case.id, "并案", None, {"lead": lead.id})
    return case


def move(
    session: Session, case_id: int, target: str, actor: str, *, note: str = "", version: int | None = None
) -> Case:
    case = load(session, Case, case_id, version)
    action = CASE.check(case.state, target)
    before = snapshot(case, TRACKED)
    case.state = target
    case.note = note.strip()
    case.closed_at = now()
    audit(session, actor, "case", case.id, action, before, snapshot(case, TRACKED), note)
    return case
