"""Statistics the users report: per model and month, the funnel leads → 成案 → transferred →
recommendations → replied → rectified; on-time rates and 回复整改率."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import String, and_, case, cast, exists, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from clueloop.workflow.orm import Lead, Recommendation, Transfer

FUNNEL = ("leads", "cases", "transferred", "recommended", "replied", "rectified")
FUNNEL_ZH = {
    "leads": "线索",
    "cases": "成案",
    "transferred": "已移送",
    "recommended": "检察建议",
    "replied": "已回复",
    "rectified": "已整改",
}
ISSUED = ("已发出", "已送达", "已回复", "已回头看", "已起诉", "已办结")


@dataclass
class Row:
    model: str
    model_name: str
    month: str
    leads: int = 0
    cases: int = 0
    transferred: int = 0
    recommended: int = 0
    replied: int = 0
    rectified: int = 0


@dataclass
class Stats:
    rows: list[Row] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    rates: dict[str, float | None] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "by_model_month": [asdict(r) for r in self.rows],
            "totals": self.totals,
            "rates": self.rates,
            "counts": self.counts,
        }


def _linked(
    model: type[Transfer] | type[Recommendation], *conditions: ColumnElement[bool]
) -> ColumnElement[bool]:
    """The lead has such a row, directly or through its case."""
    return exists().where(
        or_(model.lead_id == Lead.id, and_(Lead.case_id.is_not(None), model.case_id == Lead.case_id)),
        *conditions,
    )


def _count(condition: ColumnElement[bool]) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def compute(session: Session) -> Stats:
    month = func.substr(cast(Lead.created_at, String), 1, 7)
    rec_issued = Recommendation.state.in_(ISSUED)
    stmt = (
        select(
            Lead.model_id,
            func.max(Lead.model_name),
            month,
            func.count(),
            _count(or_(Lead.state == "成案", Lead.case_id.is_not(None))),
            _count(_linked(Transfer)),
            _count(_linked(Recommendation, rec_issued)),
            _count(_linked(Recommendation, Recommendation.replied_on.is_not(None))),
            _count(
                _linked(
                    Recommendation,
                    or_(
                        Recommendation.rectified.is_(True),
                        and_(Recommendation.rectified.is_(None), Recommendation.rectification == "已整改"),
                    ),
                )
            ),
        )
        .group_by(Lead.model_id, month)
        .order_by(Lead.model_id, month)
    )
    out = Stats()
    for model, name, mon, *numbers in session.execute(stmt):
        out.rows.append(Row(model, name, mon, *(int(n or 0) for n in numbers)))
    out.totals = {k: sum(getattr(r, k) for r in out.rows) for k in FUNNEL}

    transfers = session.execute(
        select(
            func.count(),
            _count(Transfer.feedback_on.is_not(None)),
            _count(and_(Transfer.feedback_on.is_not(None), Transfer.feedback_on <= Transfer.feedback_due)),
            _count(Transfer.overdue.is_(True)),
            _count(and_(Transfer.overdue.is_(True), Transfer.feedback_on.is_(None))),
            _count(and_(Transfer.internal, Transfer.accepted_on.is_not(None))),
            _count(and_(Transfer.internal, Transfer.accepted_on <= Transfer.accept_due)),
        )
    ).one()
    t_all, t_answered, t_on_time, t_overdue, t_waiting_late, t_accepted, t_accepted_on_time = (
        int(n or 0) for n in transfers
    )
    recs = session.execute(
        select(
            _count(rec_issued),
            _count(Recommendation.replied_on.is_not(None)),
            _count(
                and_(
                    Recommendation.replied_on.is_not(None),
                    Recommendation.replied_on <= Recommendation.reply_due,
                )
            ),
            _count(
                or_(
                    Recommendation.rectified.is_(True),
                    and_(Recommendation.rectified.is_(None), Recommendation.rectification == "已整改"),
                )
            ),
            _count(Recommendation.litigated_on.is_not(None)),
            _count(Recommendation.overdue.is_(True)),
        )
    ).one()
    r_issued, r_replied, r_on_time, r_rectified, r_litigated, r_overdue = (int(n or 0) for n in recs)
    sleeping = session.scalar(select(func.count()).where(Lead.sleeping_since.is_not(None))) or 0
    out.counts = {
        "transfers": t_all,
        "transfers_answered": t_answered,
        "transfers_overdue": t_overdue,
        "recommendations_issued": r_issued,
        "recommendations_replied": r_replied,
        "recommendations_rectified": r_rectified,
        "recommendations_litigated": r_litigated,
        "recommendations_overdue": r_overdue,
        "leads_sleeping": int(sleeping),
    }
    out.rates = {
        "case_rate": _rate(out.totals["cases"], out.totals["leads"]),  # 成案率
        "transfer_feedback_on_time": _rate(t_on_time, t_answered + t_waiting_late),  # 移送按时反馈率
        "internal_accept_on_time": _rate(t_accepted_on_time, t_accepted),  # 内部移送按时受理率
        "reply_rate": _rate(r_replied, r_issued),  # 检察建议回复率
        "reply_on_time": _rate(r_on_time, r_replied),
        "rectification_rate": _rate(r_rectified, r_issued),  # 回复整改率
    }
    return out
