"""The working-day calendar kept in the workflow database, and loading a State Council holiday notice.

The notice file (YAML or JSON) lists a year's holidays and make-up working days::

    year: 2027
    source: 国务院办公厅关于2027年部分节假日安排的通知
    holidays:
      - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
      - {name: 国庆节, from: 2027-10-01, to: 2027-10-07}
    workdays:              # 调休上班
      - {name: 国庆节调休, date: 2027-09-26}

Loading replaces what was known for that year and recomputes every open deadline that was computed
without official data, or that runs through that year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from clueloop.workflow import recommendations, transfers
from clueloop.workflow._common import audit
from clueloop.workflow.deadlines import Day, WorkCalendar
from clueloop.workflow.orm import CalendarDay, CalendarYear, Recommendation, Transfer, now
from clueloop.workflow.policy import Policy
from clueloop.workflow.states import WorkflowError


def work_calendar(session: Session) -> WorkCalendar:
    days = {d.day: Day(d.workday, d.name) for d in session.scalars(select(CalendarDay))}
    years = frozenset(session.scalars(select(CalendarYear.year)))
    return WorkCalendar(days, years)


@dataclass
class Notice:
    year: int
    source: str
    days: dict[dt.date, Day]


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", str(value).strip())  # YAML's 2027-1-5 too
    try:
        return dt.date(*map(int, match.groups())) if match else dt.date.fromisoformat(str(value))
    except ValueError:
        raise WorkflowError(f"{where}：“{value}”不是 YYYY-MM-DD 日期") from None


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps: a date stays text until :func:`_date` reads it, so an impossible
    date (2027-02-30) is reported with its item instead of failing inside the YAML parser."""


_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_notice(path: Path) -> Notice:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise WorkflowError(f"{path}：无法读取节假日安排：{exc}") from None
    if not isinstance(data, dict) or "year" not in data:
        raise WorkflowError(f"{path}：应有 year、holidays、workdays 三项（见 README“节假日”）")
    try:
        year = int(data["year"])
    except (TypeError, ValueError):
        raise WorkflowError(f"{path}：year 应是年份数字，而不是“{data['year']}”") from None
    days: dict[dt.date, Day] = {}
    origin: dict[dt.date, str] = {}  # the item each day came from, for the error message
    for i, item in enumerate(data.get("holidays") or [], 1):
        where = f"{path} holidays 第 {i} 项"
        if not isinstance(item, dict) or "from" not in item:
            raise WorkflowError(f"{where}：应写成 {{name: 名称, from: 开始日期, to: 结束日期}}")
        start = _date(item["from"], where)
        end = _date(item.get("to", item["from"]), where)
        if end < start or (end - start).days > 31:
            raise WorkflowError(f"{where}：日期范围 {start}～{end} 不合理")
        day = start
        while day <= end:
            days[day], origin[day] = Day(False, str(item.get("name", ""))), where
            day += dt.timedelta(days=1)
    for i, item in enumerate(data.get("workdays") or [], 1):
        where = f"{path} workdays 第 {i} 项"
        value, name = (
            (item.get("date"), str(item.get("name", "调休上班")))
            if isinstance(item, dict)
            else (item, "调休上班")
        )
        day = _date(value, where)
        days[day], origin[day] = Day(True, name), where
    stray = sorted(
        d
        for d in days
        if d.year != year
        and not (d.year == year + 1 and d.month == 1)
        and not (d.year == year - 1 and d.month == 12)
    )
    if stray:
        raise WorkflowError(f"{origin[stray[0]]}：{stray[0]} 不属于 {year} 年")
    return Notice(year, str(data.get("source") or path.name), days)


@dataclass
class LoadResult:
    year: int
    days: int
    recomputed: int


def load_notice(session: Session, policy: Policy, path: Path, actor: str) -> LoadResult:
    notice = parse_notice(path)
    # A day can come with a neighbouring year's notice (元旦 across the new year): the later listing wins.
    session.execute(
        delete(CalendarDay).where(
            or_(CalendarDay.year == notice.year, CalendarDay.day.in_(list(notice.days)))
        )
    )
    for day, info in sorted(notice.days.items()):
        session.add(
            CalendarDay(day=day, year=notice.year, workday=info.workday, name=info.name, source=notice.source)
        )
    existing = session.get(CalendarYear, notice.year)
    if existing is None:
        session.add(CalendarYear(year=notice.year, source=notice.source, loaded_by=actor))
    else:
        existing.source, existing.loaded_at, existing.loaded_by = notice.source, now(), actor
    session.flush()
    audit(
        session,
        actor,
        "calendar",
        notice.year,
        "导入节假日安排",
        None,
        {"days": len(notice.days)},
        notice.source,
    )
    calendar = work_calendar(session)
    changed = 0
    for t in session.scalars(select(Transfer).where(Transfer.state.in_(("已移送", "已接收")))):
        if t.calendar_warning or _spans(t.sent_on, t.feedback_due, notice.year):
            changed += transfers.recompute(session, policy, calendar, t, actor)
    for r in session.scalars(select(Recommendation).where(Recommendation.state == "已送达")):
        if r.received_on and (r.calendar_warning or _spans(r.received_on, r.reply_due, notice.year)):
            changed += recommendations.recompute(session, policy, calendar, r, actor)
    return LoadResult(notice.year, len(notice.days), changed)


def _spans(start: dt.date, end: dt.date | None, year: int) -> bool:
    return start.year <= year <= (end or start).year
