"""Dates and date-times in the formats agencies export (DOMAIN.md "Dataset kinds").

Accepted: 2021-03-05, 2021/3/5, 2021.3.5, 2021年3月5日 (or 号), 20210305, each with an optional time
(08:30, 08:30:00.000, 8时30分, T08:30:00, 083000), and Excel serial numbers (≤ 5 integer digits, the
fraction being the time of day). 长期 / 永久 / 无期限 mean "no end" and read as 9999-12-31.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, datetime, timedelta

from clueloop.normalize._chars import BLANK, char_class, prepare
from clueloop.normalize._sql import Macro, in_list, let, lit, result_struct, rx, str_list
from clueloop.normalize.result import Normalized, empty, invalid

FOREVER: tuple[str, ...] = ("长期", "长期有效", "永久", "永久有效", "无期限", "无限期", "長期", "長期有效")
FOREVER_DATETIME = datetime(9999, 12, 31)

# Excel's day 1 is 1900-01-01 and it counts a 1900-02-29 that never existed (serial 60): serials from 61
# on are days since 1899-12-30, serials below 60 days since 1899-12-31.
EXCEL_EPOCH = datetime(1899, 12, 30)
EXCEL_FAKE_LEAP_DAY = 60

_SP = char_class(BLANK) + "*"
_DATE = (
    f"([0-9]{{4}})(?:{_SP}(?:[-/.]|年){_SP}([0-9]{{1,2}}){_SP}(?:[-/.]|月){_SP}([0-9]{{1,2}})"
    "|([0-9]{2})([0-9]{2}))"
    f"(?:{_SP}[日号])?"
)
_TIME = (
    f"([0-9]{{1,2}}){_SP}(?:(?::|[时点]){_SP}([0-9]{{1,2}})(?:{_SP}(?::|分){_SP}([0-9]{{1,2}})"
    f"(?:\\.([0-9]+))?)?{_SP}[分秒]?|[时点])"
)
_TIME_COMPACT = "([0-9]{2})([0-9]{2})([0-9]{2})?(?:\\.([0-9]+))?"
_SERIAL = "([0-9]{1,5})(?:\\.([0-9]+))?"
DATETIME_PATTERN = f"(?:{_DATE}(?:{char_class('T' + BLANK)}*(?:{_TIME}|{_TIME_COMPACT}))?|{_SERIAL})"
_GROUPS = ("y", "mo", "d", "mo2", "d2", "h", "mi", "s", "f", "h2", "mi2", "s2", "f2", "n", "nf")
_DATETIME_RE = re.compile(DATETIME_PATTERN)
assert _DATETIME_RE.groups == len(_GROUPS)


def valid_ymd(year: int, month: int, day: int) -> bool:
    """A real day of the proleptic Gregorian calendar, years 1–9999."""
    return 1 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _from_serial(serial: int, fraction: str) -> Normalized[datetime]:
    if serial in (0, EXCEL_FAKE_LEAP_DAY):
        return invalid("date")
    # Round to the second: Excel stores 08:30 as 0.35416666…
    seconds = math.floor(float("0." + fraction) * 86400 + 0.5) if fraction else 0
    days = serial + 1 if serial < EXCEL_FAKE_LEAP_DAY else serial
    return Normalized(EXCEL_EPOCH + timedelta(days=days, seconds=seconds))


def normalize_datetime(raw: str | None) -> Normalized[datetime]:
    s = prepare(raw)
    if s is None:
        return empty()
    if s in FOREVER:
        return Normalized(FOREVER_DATETIME)
    m = _DATETIME_RE.fullmatch(s)
    if m is None:
        return invalid("format")
    g = dict(zip(_GROUPS, (x or "" for x in m.groups()), strict=True))
    if g["n"]:
        return _from_serial(int(g["n"]), g["nf"])
    year, month, day = int(g["y"]), int(g["mo"] or g["mo2"]), int(g["d"] or g["d2"])
    hour, minute, second = (int(g[a] or g[b] or "0") for a, b in (("h", "h2"), ("mi", "mi2"), ("s", "s2")))
    fraction = g["f"] or g["f2"]
    micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
    if not valid_ymd(year, month, day) or hour > 23 or minute > 59 or second > 59:
        return invalid("date")
    return Normalized(datetime(year, month, day, hour, minute, second, micro))


def normalize_date(raw: str | None) -> Normalized[date]:
    """The calendar day of :func:`normalize_datetime` (DOMAIN.md "Days, not instants")."""
    moment = normalize_datetime(raw)
    if moment.value is None:
        return Normalized(None, moment.reason)
    return Normalized(moment.value.date())


_EXCEL_EPOCH_DAYS = (EXCEL_EPOCH - datetime(1970, 1, 1)).days
_FOREVER_TEXT = lit(FOREVER_DATETIME.isoformat(" "))

# ISO 8601 text (2021-03-05, 2021-03-05 08:30:00.5), nearly every value, goes straight to DuckDB's own
# timestamp cast; the pattern admits only what that cast and normalize_datetime read alike.
_ISO_PATTERN = (
    "[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}"
    "(?:[ T](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\\.[0-9]{1,6})?)?)?"
)


def _field(*groups: str) -> str:
    """The first non-empty of the alternative groups, '0' when none."""
    return "coalesce(" + ", ".join(f"nullif(_dtg.{g}, '')" for g in groups) + ", '0')"


_HOUR, _MINUTE, _SECOND = _field("h", "h2"), _field("mi", "mi2"), _field("s", "s2")
_FRACTION = "coalesce(nullif(_dtg.f, ''), _dtg.f2)"
_CANONICAL = (
    f"_dtg.y || '-' || lpad({_field('mo', 'mo2')}, 2, '0') || '-' || lpad({_field('d', 'd2')}, 2, '0') "
    f"|| ' ' || lpad({_HOUR}, 2, '0') || ':' || lpad({_MINUTE}, 2, '0') || ':' || lpad({_SECOND}, 2, '0') "
    f"|| '.' || rpad(left({_FRACTION}, 6), 6, '0')"
)
_SERIAL = "TRY_CAST(_dtg.n AS BIGINT)"
_SERIAL_TEXT = (
    f"CAST(make_timestamp((({_SERIAL} + CASE WHEN {_SERIAL} < {EXCEL_FAKE_LEAP_DAY} THEN 1 ELSE 0 END "
    f"+ ({_EXCEL_EPOCH_DAYS})) * 86400 + CASE WHEN _dtg.nf = '' THEN 0 "
    "ELSE CAST(floor(CAST('0.' || _dtg.nf AS DOUBLE) * 86400 + 0.5) AS BIGINT) END) * 1000000) AS VARCHAR)"
)
# Other values, a scattered few, are rewritten as canonical timestamp text ('!reason' when that cannot
# be), which the same cast then reads: it rejects impossible days, minutes and seconds like valid_ymd,
# but would read hour 24 and year 0, so those are refused here.
_GENERAL = let(
    # One flat struct: nested struct fields would cost per chunk inside the lambda.
    f"struct_insert(regexp_extract(cl__prep(r), {rx(f'^{DATETIME_PATTERN}$')}, {str_list(_GROUPS)}), "
    "text := cl__prep(r))",
    (
        "_dtg",
        f"CASE WHEN _dtg.text IS NULL THEN NULL WHEN _dtg.text IN {in_list(FOREVER)} THEN {_FOREVER_TEXT} "
        f"WHEN {_SERIAL} IN (0, {EXCEL_FAKE_LEAP_DAY}) THEN '!date' WHEN _dtg.n <> '' THEN {_SERIAL_TEXT} "
        f"WHEN _dtg.y = '' THEN '!format' "
        f"WHEN _dtg.y = '0000' OR lpad({_HOUR}, 2, '0') > '23' THEN '!date' "
        f"ELSE {_CANONICAL} END",
    ),
)
_TIMESTAMP = "TRY_CAST(t AS TIMESTAMP)"
_REASON = (
    "CASE WHEN t IS NULL THEN NULL WHEN starts_with(t, '!') THEN substr(t, 2) "
    f"WHEN {_TIMESTAMP} IS NULL THEN 'date' END"
)

MACROS: tuple[Macro, ...] = (
    # → timestamp text, '!reason', or NULL when empty; mirrors normalize_datetime.
    Macro(
        "cl__dt",
        ("r",),
        f"CASE WHEN regexp_full_match(cl__prep(r), {rx(_ISO_PATTERN)}) THEN cl__prep(r) ELSE {_GENERAL} END",
    ),
    Macro("cl__datetime_result", ("t",), result_struct(_TIMESTAMP, _REASON)),
    Macro("cl__date_result", ("t",), result_struct(f"CAST({_TIMESTAMP} AS DATE)", _REASON)),
    Macro("cl_datetime", ("r",), "cl__datetime_result(cl__dt(r))"),
    Macro("cl_date", ("r",), "cl__date_result(cl__dt(r))"),
)
