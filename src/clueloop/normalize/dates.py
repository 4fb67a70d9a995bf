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
from clueloop.normalize._sql import (
    Macro,
    in_list,
    let,
    lit,
    result_struct,
    rx,
    str_list,
    struct,
    valid_ymd_sql,
)
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


def _int(expr: str) -> str:
    return f"TRY_CAST({expr} AS BIGINT)"


def _ts(ts: str, reason: str) -> str:
    return struct(ts=ts, reason=reason)


_FOREVER_TS = f"TIMESTAMP '{FOREVER_DATETIME.isoformat(' ')}'"
_EXCEL_EPOCH_DAYS = (EXCEL_EPOCH - datetime(1970, 1, 1)).days
_NO_TS = "NULL::TIMESTAMP"
_SERIAL_US = (
    f"((_dtv.n + CASE WHEN _dtv.n < {EXCEL_FAKE_LEAP_DAY} THEN 1 ELSE 0 END + ({_EXCEL_EPOCH_DAYS})) * 86400 + "
    "CASE WHEN _dtv.nf = '' THEN 0 ELSE CAST(floor(CAST('0.' || _dtv.nf AS DOUBLE) * 86400 + 0.5) AS BIGINT) END"
    ") * 1000000"
)
_CIVIL_US = (
    "((CAST(make_date(_dtv.y, _dtv.mo, 1) - DATE '1970-01-01' AS BIGINT) + _dtv.d - 1) * 86400 "
    "+ _dtv.h * 3600 + _dtv.mi * 60 + _dtv.sec) * 1000000 "
    "+ CASE WHEN _dtv.f = '' THEN 0 ELSE CAST(rpad(left(_dtv.f, 6), 6, '0') AS BIGINT) END"
)

# ISO 8601 text (2021-03-05, 2021-03-05 08:30:00.5) is left to DuckDB's own timestamp cast, which is
# much faster; the pattern admits only what that cast and normalize_datetime read alike.
_ISO_PATTERN = (
    "[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}"
    "(?:[ T](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\\.[0-9]{1,6})?)?)?"
)
_ISO_SQL = struct(
    ts="TRY_CAST(cl__prep(r) AS TIMESTAMP)",
    reason=f"CASE WHEN TRY_CAST(cl__prep(r) AS TIMESTAMP) IS NULL THEN {lit('date')} END",
)
_GENERAL_SQL = let(
    # The regular expression stays outside the lambdas, where DuckDB compiles it once.
    struct(
        s="cl__prep(r)",
        x=f"regexp_extract(cl__prep(r), {rx('^' + DATETIME_PATTERN + '$')}, {str_list(_GROUPS)})",
    ),
    (
        "_dtg",
        struct(
            s="_dtg.s",
            y=_int("_dtg.x.y"),
            mo=_int("coalesce(nullif(_dtg.x.mo, ''), _dtg.x.mo2)"),
            d=_int("coalesce(nullif(_dtg.x.d, ''), _dtg.x.d2)"),
            h=_int("coalesce(nullif(_dtg.x.h, ''), nullif(_dtg.x.h2, ''), '0')"),
            mi=_int("coalesce(nullif(_dtg.x.mi, ''), nullif(_dtg.x.mi2, ''), '0')"),
            sec=_int("coalesce(nullif(_dtg.x.s, ''), nullif(_dtg.x.s2, ''), '0')"),
            f="coalesce(nullif(_dtg.x.f, ''), _dtg.x.f2)",
            n=_int("_dtg.x.n"),
            nf="_dtg.x.nf",
        ),
    ),
    (
        "_dtv",
        f"CASE WHEN _dtv.s IS NULL THEN {_ts(_NO_TS, 'NULL::VARCHAR')} "
        f"WHEN _dtv.s IN {in_list(FOREVER)} THEN {_ts(_FOREVER_TS, 'NULL')} "
        f"WHEN _dtv.n IN (0, {EXCEL_FAKE_LEAP_DAY}) THEN {_ts('NULL', lit('date'))} "
        f"WHEN _dtv.n IS NOT NULL THEN {_ts(f'make_timestamp({_SERIAL_US})', 'NULL')} "
        f"WHEN _dtv.y IS NULL THEN {_ts('NULL', lit('format'))} "
        f"WHEN NOT {valid_ymd_sql('_dtv.y', '_dtv.mo', '_dtv.d')} OR _dtv.h > 23 OR _dtv.mi > 59 OR _dtv.sec > 59 "
        f"THEN {_ts('NULL', lit('date'))} ELSE {_ts(f'make_timestamp({_CIVIL_US})', 'NULL')} END",
    ),
)

MACROS: tuple[Macro, ...] = (
    # → {ts, reason}; mirrors normalize_datetime.
    Macro(
        "cl__dt",
        ("r",),
        f"CASE WHEN regexp_full_match(cl__prep(r), {rx(_ISO_PATTERN)}) THEN {_ISO_SQL} ELSE {_GENERAL_SQL} END",
    ),
    Macro("cl_datetime", ("r",), let("cl__dt(r)", ("_dtt", result_struct("_dtt.ts", "_dtt.reason")))),
    Macro(
        "cl_date", ("r",), let("cl__dt(r)", ("_dtd", result_struct("CAST(_dtd.ts AS DATE)", "_dtd.reason")))
    ),
)
