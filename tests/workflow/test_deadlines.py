"""Deadlines on the official Chinese calendar, with the weekends-only fallback for years without data."""

from __future__ import annotations

import datetime as dt

import pytest

from clueloop.workflow.deadlines import Day, WorkCalendar, add_months

D = dt.date


def test_three_working_days_across_national_day_match_the_official_calendar() -> None:
    # 2026: 10月1日–7日 放假, 10月10日（星期六）调休上班 (国办发明电〔2025〕7号, as chinese-calendar has it).
    deadline = WorkCalendar().deadline(D(2026, 9, 30), 3, "working_days")
    assert deadline.due == D(2026, 10, 10)  # 10-08, 10-09, then the Saturday make-up working day
    assert deadline.warning is None


def test_weekends_only_would_have_been_wrong_across_national_day() -> None:
    weekends_only = WorkCalendar(
        loaded={}, loaded_years=frozenset({2026})
    )  # a "loaded" year with no holidays
    assert weekends_only.deadline(D(2026, 9, 30), 3, "working_days").due == D(2026, 10, 5)


def test_calendar_days_ending_in_a_holiday_end_on_the_next_working_day() -> None:
    # 30 days after 2026-09-01 is 10-01, National Day: the period ends on 10-08, the first working day after.
    assert WorkCalendar().deadline(D(2026, 9, 1), 30, "calendar_days").due == D(2026, 10, 8)
    # ... and on a plain weekday it is the day itself
    assert WorkCalendar().deadline(D(2026, 9, 9), 30, "calendar_days").due == D(2026, 10, 9)


def test_two_months_from_receipt() -> None:
    assert WorkCalendar().deadline(D(2026, 3, 2), 2, "months").due == D(
        2026, 5, 6
    )  # 5-2…5-5 劳动节 + weekend
    assert add_months(D(2026, 12, 31), 2) == D(2027, 2, 28)
    assert add_months(D(2028, 12, 31), 2) == D(2029, 2, 28)
    assert add_months(D(2027, 12, 31), 2) == D(2028, 2, 29)


def test_a_year_without_official_data_falls_back_to_weekends_with_a_warning() -> None:
    deadline = WorkCalendar().deadline(
        D(2026, 11, 27), 2, "months"
    )  # reaches 2027: no data in chinese-calendar
    assert deadline.due == D(2027, 1, 27)  # a Wednesday
    assert (
        deadline.warning is not None
        and "2027" in deadline.warning
        and "clueloop calendar load" in deadline.warning
    )
    # working days across the new year, never a crash
    late = WorkCalendar().deadline(D(2026, 12, 30), 3, "working_days")
    assert late.due == D(2027, 1, 4)  # 12-31 (2026 official), then weekends-only 2027: 1-1 Fri, 1-4 Mon
    assert late.warning is not None


def test_a_loaded_notice_overrides_the_fallback() -> None:
    loaded = {D(2027, 1, 1): Day(False, "元旦"), D(2027, 1, 27): Day(False, "测试假日")}
    cal = WorkCalendar(loaded, frozenset({2027}))
    deadline = cal.deadline(D(2026, 11, 27), 2, "months")
    assert deadline == deadline.__class__(D(2027, 1, 28), None)
    assert cal.deadline(D(2026, 12, 30), 3, "working_days").due == D(2027, 1, 5)  # 12-31, 1-4, 1-5


@pytest.mark.parametrize("unit", ["working_days", "calendar_days", "months"])
def test_deadlines_are_never_before_the_start_and_land_on_working_days(unit: str) -> None:
    cal = WorkCalendar()
    for offset in range(0, 400, 7):
        start = D(2026, 1, 1) + dt.timedelta(days=offset)
        deadline = cal.deadline(start, 3, unit)  # type: ignore[arg-type]
        assert deadline.due > start
        assert cal.is_workday(deadline.due)
