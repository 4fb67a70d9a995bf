"""Deadlines (时限) in calendar days, working days (工作日) or months, on the Chinese public-holiday calendar.

Where a year has official data — the State Council notice as shipped by ``chinese-calendar``, or as loaded
by an administrator (``clueloop calendar load FILE``) — holidays and make-up working days (调休上班) count
as they were announced. A year without official data never stops a deadline: it falls back to "Saturday
and Sunday are rest days" and the deadline carries a warning that is shown on the item until the year's
notice is loaded and the deadline recomputed.

A period counted in calendar days or months that ends on a rest day ends on the next working day
(期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期).
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import chinese_calendar

Unit = Literal["working_days", "calendar_days", "months"]
UNITS: dict[str, str] = {"working_days": "个工作日", "calendar_days": "日", "months": "个月"}  # in documents


@dataclass(frozen=True)
class Day:
    workday: bool
    name: str = ""


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    warning: str | None = None  # set when a year on the way had no official holiday data


@dataclass
class WorkCalendar:
    """The working-day calendar: loaded years first, then ``chinese-calendar``, then weekends only."""

    loaded: Mapping[dt.date, Day] = field(default_factory=dict)  # days listed in loaded notices
    loaded_years: frozenset[int] = frozenset()

    def official(self, year: int) -> bool:
        return year in self.loaded_years or _package_knows(year)

    def is_workday(self, day: dt.date) -> bool:
        if day.year in self.loaded_years:
            listed = self.loaded.get(day)
            return listed.workday if listed else day.weekday() < 5
        if _package_knows(day.year):
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5

    def deadline(self, start: dt.date, amount: int, unit: Unit) -> Deadline:
        """The due date ``amount`` units after ``start`` (the day of the act itself is not counted)."""
        if unit == "working_days":
            due, seen = start, {start.year}
            remaining = amount
            while remaining > 0:
                due += dt.timedelta(days=1)
                seen.add(due.year)
                if self.is_workday(due):
                    remaining -= 1
        else:
            due = start + dt.timedelta(days=amount) if unit == "calendar_days" else add_months(start, amount)
            seen = {start.year, due.year}
            while not self.is_workday(due):  # 顺延 to the first working day after a rest day
                due += dt.timedelta(days=1)
                seen.add(due.year)
        missing = sorted(y for y in seen if not self.official(y))
        return Deadline(due, _warning(missing) if missing else None)


def _warning(years: list[int]) -> str:
    listed = "、".join(str(y) for y in years)
    return (
        f"{listed} 年尚无官方节假日安排，期限暂按仅周末休息计算；"
        "请管理员导入国务院节假日通知（clueloop calendar load）后自动重算"
    )


_KNOWN: dict[int, bool] = {}


def _package_knows(year: int) -> bool:
    if year not in _KNOWN:
        try:
            chinese_calendar.is_workday(dt.date(year, 6, 1))
            _KNOWN[year] = True
        except NotImplementedError:  # chinese-calendar raises for years it has no data for
            _KNOWN[year] = False
    return _KNOWN[year]


def add_months(start: dt.date, months: int) -> dt.date:
    """Same day ``months`` on, or the month's last day where it is shorter (1月31日 + 1 个月 = 2月28日)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, _calendar.monthrange(year, month)[1]))
