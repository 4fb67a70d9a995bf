"""Procuratorial recommendations (检察建议): drafted, numbered when issued, received, answered within two
months (15 days when urgent), followed up (回头看) and, where nothing was fixed, escalated to litigation.
Also the notices that go with them: 通报 and 抄送 to the Party committee or government, 公开听证."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from clueloop.workflow._common import audit, audit_if_changed, load, next_number, require, snapshot
from clueloop.workflow.deadlines import WorkCalendar
from clueloop.workflow.orm import Case, Lead, Notice, Recommendation
from clueloop.workflow.policy import RECOMMENDATION_KINDS, Policy
from clueloop.workflow.states import RECOMMENDATION, WorkflowError

TRACKED = (
    "state",
    "number",
    "issued_on",
    "received_on",
    "reply_due",
    "replied_on",
    "rectification",
    "overdue",
)
RECTIFICATION = ("已整改", "部分整改", "未整改")
NOTICE_KINDS = ("通报", "抄送", "公开听证")


def draft(
    session: Session,
    actor: str,
    *,
    addressee: str,
    facts: str,
    measures: Sequence[str],
    legal_basis: Sequence[str] = (),
    problems: str = "",
    kind: str = "诉前检察建议",
    urgent: bool = False,
    lead_id: int | None = None,
    case_id: int | None = None,
) -> Recommendation:
    if kind not in RECOMMENDATION_KINDS:
        raise WorkflowError(f"未知的检察建议种类“{kind}”；可选：{'、'.join(RECOMMENDATION_KINDS)}")
    if lead_id is not None:
        load(session, Lead, lead_id)
    if case_id is not None:
        load(session, Case, case_id)
    measures = [m.strip() for m in measures if m.strip()]
    if not measures:
        raise WorkflowError("检察建议至少要有一项建议事项")
    rec = Recommendation(
        kind=kind,
        lead_id=lead_id,
        case_id=case_id,
        addressee=require(addressee, "被建议单位"),
        facts=require(facts, "查明的事实"),
        problems=problems.strip(),
        legal_basis=[b.strip() for b in legal_basis if b.strip()],
        measures=measures,
        urgent=urgent,
        state=RECOMMENDATION.initial,
        created_by=actor,
    )
    session.add(rec)
    session.flush()
    audit(session, actor, "recommendation", rec.id, "起草", None, snapshot(rec, TRACKED))
    return rec


def number_for(policy: Policy, kind: str, year: int, sequence: int) -> str:
    """某检行公建〔2026〕3号: procuratorate, 检, department, kind, 建, 〔year〕, sequence, 号."""
    return f"{_scope(policy, kind)}〔{year}〕{sequence}号"


def _scope(policy: Policy, kind: str) -> str:
    return f"{policy.short_name}检{policy.department_short}{RECOMMENDATION_KINDS[kind]}建"


def reply_deadline(policy: Policy, calendar: WorkCalendar, rec: Recommendation) -> tuple[dt.date, str | None]:
    assert rec.received_on is not None
    period = policy.urgent_reply if rec.urgent else policy.reply
    deadline = calendar.deadline(rec.received_on, period.amount, period.unit)
    return deadline.due, deadline.warning


def move(
    session: Session,
    policy: Policy,
    calendar: WorkCalendar,
    rec_id: int,
    target: str,
    actor: str,
    *,
    on: dt.date | None = None,
    text: str = "",
    rectification: str = "",
    rectified: bool | None = None,
    version: int | None = None,
) -> Recommendation:
    """发出 (numbered) / 送达 (reply deadline starts) / 回复 / 回头看 / 办结 / 提起诉讼 / 撤回."""
    rec = load(session, Recommendation, rec_id, version)
    action = RECOMMENDATION.check(rec.state, target)
    on = on or dt.date.today()
    before = snapshot(rec, TRACKED)
    if target == "已发出":
        rec.issued_on = on
        rec.number = number_for(
            policy, rec.kind, on.year, next_number(session, _scope(policy, rec.kind), on.year)
        )
    elif target == "已送达":
        if rec.issued_on and on < rec.issued_on:
            raise WorkflowError(f"送达日期 {on} 早于发出日期 {rec.issued_on}")
        rec.received_on = on
        rec.reply_due, rec.calendar_warning = reply_deadline(policy, calendar, rec)
    elif target == "已回复":
        if rectification not in RECTIFICATION:
            raise WorkflowError(f"请注明整改情况：{'、'.join(RECTIFICATION)}")
        rec.reply_text = require(text, "回复内容")
        rec.replied_on, rec.rectification = on, rectification
    elif target == "已回头看":
        if rectified is None:
            raise WorkflowError("回头看须认定是否已整改到位")
        rec.review_on, rec.review_result, rec.rectified = on, require(text, "回头看结果"), rectified
    elif target == "已起诉":
        if rec.state == "已送达" and not (rec.reply_due and on > rec.reply_due):
            raise WorkflowError(f"回复期限 {rec.reply_due} 未届满，不能因未回复而提起诉讼")
        if rec.state == "已回头看" and rec.rectified:
            raise WorkflowError("回头看认定已整改到位，无需提起诉讼")
        rec.litigated_on = on
    elif target == "已办结" and rec.rectified is False:
        raise WorkflowError("回头看认定未整改到位：请提起诉讼，或再次回头看")
    rec.state = target
    audit(session, actor, "recommendation", rec.id, action, before, snapshot(rec, TRACKED), text.strip())
    return rec


def recompute(
    session: Session, policy: Policy, calendar: WorkCalendar, rec: Recommendation, actor: str
) -> bool:
    if rec.received_on is None:
        return False
    names = (*TRACKED, "calendar_warning")
    before = snapshot(rec, names)
    rec.reply_due, rec.calendar_warning = reply_deadline(policy, calendar, rec)
    if rec.overdue and rec.reply_due >= dt.date.today():
        rec.overdue = False  # marked under the fallback calendar; the sweep marks it again if still late
    return audit_if_changed(session, actor, "recommendation", rec, before, names, "已导入节假日安排")


def add_notice(
    session: Session,
    actor: str,
    *,
    kind: str,
    recipient: str,
    on: dt.date | None = None,
    summary: str = "",
    place: str = "",
    recommendation_id: int | None = None,
    case_id: int | None = None,
) -> Notice:
    """通报 / 抄送 (to the Party committee, the government…) or a 公开听证, on a case or recommendation."""
    if kind not in NOTICE_KINDS:
        raise WorkflowError(f"未知的类型“{kind}”；可选：{'、'.join(NOTICE_KINDS)}")
    if (recommendation_id is None) == (case_id is None):
        raise WorkflowError("须指明一件检察建议或一个案件（二选一）")
    if recommendation_id is not None:
        load(session, Recommendation, recommendation_id)
    if case_id is not None:
        load(session, Case, case_id)
    notice = Notice(
        kind=kind,
        recipient=require(recipient, "对象" if kind != "公开听证" else "听证参加人"),
        on=on or dt.date.today(),
        summary=summary.strip(),
        place=place.strip(),
        recommendation_id=recommendation_id,
        case_id=case_id,
        created_by=actor,
    )
    session.add(notice)
    session.flush()
    entity, entity_id = ("recommendation", recommendation_id) if recommendation_id else ("case", case_id)
    assert entity_id is not None
    audit(
        session,
        actor,
        entity,
        entity_id,
        kind,
        None,
        {"recipient": notice.recipient, "on": notice.on.isoformat()},
    )
    return notice
