"""Transfers (移送): "谁办案、谁移送" — with the standard applied, deadlines, acceptance and feedback."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from clueloop.workflow._common import audit, audit_if_changed, load, next_number, require, snapshot
from clueloop.workflow.deadlines import WorkCalendar
from clueloop.workflow.orm import Case, Lead, Transfer
from clueloop.workflow.policy import Policy
from clueloop.workflow.states import TRANSFER, WorkflowError

TRACKED = ("state", "target", "accept_due", "accepted_on", "feedback_due", "feedback_on", "overdue")


def create(
    session: Session,
    policy: Policy,
    calendar: WorkCalendar,
    actor: str,
    *,
    target: str,
    standard: str,
    internal: bool,
    lead_id: int | None = None,
    case_id: int | None = None,
    sent_on: dt.date | None = None,
) -> Transfer:
    """Send a 成案 lead or an open case to ``target``; the owner of the case (or lead) sends it."""
    if (lead_id is None) == (case_id is None):
        raise WorkflowError("移送须指明一条线索或一个案件（二选一）")
    if case_id is not None:
        case = load(session, Case, case_id)
        if case.state != "办理中":
            raise WorkflowError(f"案件 {case.number} 已{case.state}，不能再移送")
        owner = case.owner
        if not owner:
            case.owner = actor  # 谁办案、谁移送: whoever sends an unowned case handles it from now on
    else:
        assert lead_id is not None
        lead = load(session, Lead, lead_id)
        if lead.state != "成案":
            raise WorkflowError(f"线索 {lead.id} 处于“{lead.state}”，成案后才能移送")
        owner = lead.owner
        if not owner:
            lead.owner = actor
    if owner and owner != actor:
        raise WorkflowError(f"谁办案、谁移送：只有承办人 {owner} 可以移送")
    sent_on = sent_on or dt.date.today()
    year = sent_on.year
    number = f"{policy.short_name}检移〔{year}〕{next_number(session, policy.short_name + '检移', year)}号"
    accept_due, feedback_due, warning = deadlines(policy, calendar, internal, sent_on)
    transfer = Transfer(
        number=number,
        lead_id=lead_id,
        case_id=case_id,
        internal=internal,
        target=require(target, "移送对象"),
        standard=require(standard, "移送依据的标准"),
        state=TRANSFER.initial,
        sent_on=sent_on,
        accept_due=accept_due,
        feedback_due=feedback_due,
        calendar_warning=warning,
        created_by=actor,
    )
    session.add(transfer)
    session.flush()
    audit(session, actor, "transfer", transfer.id, "移送", None, snapshot(transfer, TRACKED), number)
    return transfer


def move(
    session: Session,
    transfer_id: int,
    target: str,
    actor: str,
    *,
    on: dt.date | None = None,
    text: str = "",
    version: int | None = None,
) -> Transfer:
    """接收 / 反馈 (with its text) / 退回 (with a reason) / 办结 / 要求补充反馈."""
    transfer = load(session, Transfer, transfer_id, version)
    action = TRANSFER.check(transfer.state, target)
    on = on or dt.date.today()
    before = snapshot(transfer, TRACKED)
    if target == "已接收" and transfer.accepted_on is None:
        transfer.accepted_on = on
    elif target == "已反馈":
        transfer.feedback_text = require(text, "反馈内容")
        transfer.feedback_on = on
        transfer.accepted_on = transfer.accepted_on or on
    elif target == "已退回":
        transfer.returned_reason = require(text, "退回理由")
    transfer.state = target
    audit(session, actor, "transfer", transfer.id, action, before, snapshot(transfer, TRACKED), text.strip())
    return transfer


def deadlines(
    policy: Policy, calendar: WorkCalendar, internal: bool, sent_on: dt.date
) -> tuple[dt.date | None, dt.date, str | None]:
    """(acceptance due — internal transfers only —, feedback due, calendar warning)."""
    feedback = policy.internal_feedback if internal else policy.external_feedback
    feedback_due = calendar.deadline(sent_on, feedback.amount, feedback.unit)
    accept = policy.internal_accept
    accept_due = calendar.deadline(sent_on, accept.amount, accept.unit) if internal else None
    warnings = {d.warning for d in (feedback_due, accept_due) if d and d.warning}
    return accept_due.due if accept_due else None, feedback_due.due, "；".join(sorted(warnings)) or None


def recompute(
    session: Session, policy: Policy, calendar: WorkCalendar, transfer: Transfer, actor: str
) -> bool:
    """Recompute the deadlines of a transfer (after a holiday notice was loaded); True when they changed."""
    names = (*TRACKED, "calendar_warning")
    before = snapshot(transfer, names)
    transfer.accept_due, transfer.feedback_due, transfer.calendar_warning = deadlines(
        policy, calendar, transfer.internal, transfer.sent_on
    )
    if transfer.overdue and transfer.feedback_due >= dt.date.today():
        transfer.overdue = False  # marked under the fallback calendar; the sweep marks it again if still late
    return audit_if_changed(session, actor, "transfer", transfer, before, names, "已导入节假日安排")
