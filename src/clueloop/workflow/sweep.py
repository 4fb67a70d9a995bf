"""The re-runnable check: marks overdue transfers and recommendations and 沉睡 leads — each exactly once —
and lists what is due. Deadlines are dates in the database, not timers: running the check late or twice
gives the same marks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from clueloop.workflow._common import audit
from clueloop.workflow.leads import OPEN
from clueloop.workflow.orm import Lead, Recommendation, Transfer
from clueloop.workflow.policy import Policy

SYSTEM = "系统"
AWAITING_TRANSFER = ("已移送", "已接收")


@dataclass
class SweepResult:
    transfers_overdue: int = 0
    recommendations_overdue: int = 0
    leads_sleeping: int = 0


def _transfer_due(t: Transfer) -> dt.date:
    """The deadline a transfer is waiting on now: acceptance first (internal), then feedback."""
    if t.state == "已移送" and t.accept_due is not None:
        return t.accept_due
    return t.feedback_due


def sweep(session: Session, policy: Policy, today: dt.date) -> SweepResult:
    result = SweepResult()
    transfers = session.scalars(
        select(Transfer).where(Transfer.state.in_(AWAITING_TRANSFER), Transfer.overdue.is_(False))
    )
    for t in transfers:
        if _transfer_due(t) < today:
            t.overdue = True
            result.transfers_overdue += 1
            audit(
                session,
                SYSTEM,
                "transfer",
                t.id,
                "逾期",
                {"overdue": False},
                {"overdue": True},
                f"期限 {_transfer_due(t)} 已过，仍处于“{t.state}”",
            )
    recs = session.scalars(
        select(Recommendation).where(
            Recommendation.state == "已送达",
            Recommendation.overdue.is_(False),
            Recommendation.reply_due < today,
        )
    )
    for r in recs:
        r.overdue = True
        result.recommendations_overdue += 1
        audit(
            session,
            SYSTEM,
            "recommendation",
            r.id,
            "逾期",
            {"overdue": False},
            {"overdue": True},
            f"回复期限 {r.reply_due} 已过，尚未回复",
        )
    cutoff = dt.datetime.combine(today - dt.timedelta(days=policy.sleep_days), dt.time())
    sleepers = session.scalars(
        select(Lead).where(Lead.state.in_(OPEN), Lead.sleeping_since.is_(None), Lead.touched_at < cutoff)
    )
    for lead in sleepers:
        lead.sleeping_since = today
        result.leads_sleeping += 1
        audit(
            session,
            SYSTEM,
            "lead",
            lead.id,
            "沉睡",
            None,
            {"sleeping_since": today.isoformat()},
            f"{policy.sleep_days} 日无人处理",
        )
    return result


@dataclass(frozen=True)
class DueItem:
    entity: str  # transfer / recommendation / lead
    entity_id: int
    label: str  # number or title
    what: str  # 接收 / 反馈 / 回复 / 研判
    due: dt.date | None
    days_left: int | None
    overdue: bool
    owner: str
    warning: str | None = None


def due_items(session: Session, policy: Policy, today: dt.date, user: str | None = None) -> list[DueItem]:
    """Open items whose deadline is within ``policy.due_soon_days`` or passed, and sleeping leads."""
    horizon = today + dt.timedelta(days=policy.due_soon_days)
    items: list[DueItem] = []
    stmt = select(Transfer).where(Transfer.state.in_(AWAITING_TRANSFER))
    if user:
        stmt = stmt.where(Transfer.created_by == user)
    for t in session.scalars(stmt):
        due = _transfer_due(t)
        if due <= horizon or t.overdue:
            what = "接收" if t.state == "已移送" and t.accept_due else "反馈"
            items.append(
                DueItem(
                    "transfer",
                    t.id,
                    f"{t.number} → {t.target}",
                    what,
                    due,
                    (due - today).days,
                    t.overdue or due < today,
                    t.created_by,
                    t.calendar_warning,
                )
            )
    rstmt = select(Recommendation).where(Recommendation.state == "已送达")
    if user:
        rstmt = rstmt.where(Recommendation.created_by == user)
    for r in session.scalars(rstmt):
        assert r.reply_due is not None
        if r.reply_due <= horizon or r.overdue:
            items.append(
                DueItem(
                    "recommendation",
                    r.id,
                    f"{r.number} → {r.addressee}",
                    "回复",
                    r.reply_due,
                    (r.reply_due - today).days,
                    r.overdue or r.reply_due < today,
                    r.created_by,
                    r.calendar_warning,
                )
            )
    lstmt = select(Lead).where(Lead.state.in_(OPEN), or_(Lead.sleeping_since.is_not(None), Lead.needs_review))
    if user:
        lstmt = lstmt.where(Lead.owner == user)
    for lead in session.scalars(lstmt.order_by(Lead.id)):
        what = "复核新证据" if lead.needs_review else f"沉睡（自 {lead.sleeping_since} 起）"
        items.append(DueItem("lead", lead.id, lead.title, what, None, None, False, lead.owner))
    review = select(Lead).where(Lead.state == "不成案", Lead.needs_review)
    if user:
        review = review.where(Lead.owner == user)
    for lead in session.scalars(review.order_by(Lead.id)):
        items.append(
            DueItem("lead", lead.id, lead.title, "复核新证据（曾不成案）", None, None, False, lead.owner)
        )
    items.sort(key=lambda i: (i.due is None, i.due or today, i.entity, i.entity_id))
    return items
