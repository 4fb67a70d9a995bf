from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clueloop.normalize import normalize_date, normalize_datetime

from .strategies import date_texts

D = date(2021, 3, 5)
T = datetime(2021, 3, 5, 8, 30)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021-03-05", D),
        ("2021/3/5", D),
        ("2021.3.5", D),
        ("2021年3月5日", D),
        ("2021年03月05号", D),
        ("20210305", D),
        ("２０２１－０３－０５", D),
        (" 2021 年 3 月 5 日 ", D),
        ("2021-03-05 08:30", D),
        ("44260", D),  # Excel serial
        ("44260.75", D),
    ],
)
def test_dates(raw: str, expected: date) -> None:
    assert normalize_date(raw) == (expected, None, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021-03-05 08:30", T),
        ("2021-03-05T08:30:00", T),
        ("2021/3/5 8:30:00", T),
        ("2021年3月5日 8时30分", T),
        ("2021年3月5日8时30分0秒", T),
        ("2021-03-05 08:30:00.000", T),
        ("20210305083000", T),
        ("202103050830", T),
        ("2021-03-05 08:30:00.25", datetime(2021, 3, 5, 8, 30, 0, 250000)),
        ("2021-03-05 08:30:00.1234567", datetime(2021, 3, 5, 8, 30, 0, 123456)),
        ("2021年3月5日 8时", datetime(2021, 3, 5, 8)),
        ("2021-03-05", datetime(2021, 3, 5)),
        # Excel serials: the fraction is the time of day, rounded to the second
        ("44260.354166666", T),
        ("44197", datetime(2021, 1, 1)),
        ("1", datetime(1900, 1, 1)),
        ("59", datetime(1900, 2, 28)),
        ("61", datetime(1900, 3, 1)),
        ("44260.99999999", datetime(2021, 3, 6)),
    ],
)
def test_datetimes(raw: str, expected: datetime) -> None:
    assert normalize_datetime(raw) == (expected, None, None)


@pytest.mark.parametrize("raw", ["长期", "长期有效", "永久", "无期限", " 長期 "])
def test_no_end(raw: str) -> None:
    assert normalize_date(raw) == (date(9999, 12, 31), None, None)
    assert normalize_datetime(raw) == (datetime(9999, 12, 31), None, None)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("2021-02-30", "date"),
        ("2021-13-01", "date"),
        ("2021年2月29日", "date"),
        ("20210230", "date"),
        ("0000-01-01", "date"),
        ("2021-03-05 24:00", "date"),
        ("2021-03-05 08:60", "date"),
        ("60", "date"),  # Excel's 1900-02-29, a day that never was
        ("0", "date"),
        ("2021-03", "format"),
        ("March 5, 2021", "format"),
        ("2021-03-05Z", "format"),
        ("123456", "format"),
        ("2021/3/5 上午", "format"),
    ],
)
def test_invalid(raw: str, reason: str) -> None:
    assert normalize_date(raw) == (None, reason, None)
    assert normalize_datetime(raw) == (None, reason, None)


def test_leap_days() -> None:
    assert normalize_date("2020-02-29").value == date(2020, 2, 29)
    assert normalize_date("2000-02-29").value == date(2000, 2, 29)
    assert normalize_date("1900-02-29").reason == "date"


@pytest.mark.parametrize("raw", [None, "", " ", "无", "/", "NULL", "nan"])
def test_empty(raw: str | None) -> None:
    assert normalize_date(raw) == (None, None, None)


@given(date_texts())
def test_date_is_the_day_of_the_datetime(raw: str) -> None:
    moment = normalize_datetime(raw)
    day = normalize_date(raw)
    assert day.reason == moment.reason
    assert day.value == (None if moment.value is None else moment.value.date())


@given(date_texts())
def test_normalising_twice_is_normalising_once(raw: str) -> None:
    moment = normalize_datetime(raw)
    if moment.value is not None:
        assert normalize_datetime(moment.value.isoformat(" ")) == moment
        assert normalize_date(moment.value.date().isoformat()).value == moment.value.date()


@given(st.datetimes(datetime(1000, 1, 1), datetime(9999, 12, 31)), st.sampled_from(["-", "/", "."]))
def test_real_datetimes_round_trip(moment: datetime, sep: str) -> None:
    text = moment.strftime(f"%Y{sep}%m{sep}%d %H:%M:%S") + f".{moment.microsecond:06d}"
    assert normalize_datetime(text) == (moment, None, None)
