"""Money amounts (元) and measured quantities, with the Chinese multipliers 千, 万, 百万, 千万, 亿.

The multiplier shifts the decimal point in the text before a single string → float conversion, so
"0.07万" is exactly 700.0 (0.07 × 10000 in floating point is 700.0000000000001) and both forms round
alike.
"""

from __future__ import annotations

import math
import re

from clueloop.normalize._chars import BLANK, char_class, prepare
from clueloop.normalize._sql import Macro, let, lit, result_struct, rx, str_list
from clueloop.normalize.result import Normalized, empty, invalid

MULTIPLIER_EXPONENTS: dict[str, int] = {"千万": 7, "百万": 6, "万": 4, "千": 3, "亿": 8}

_SP = char_class(BLANK) + "*"
_MULTIPLIER = "(" + "|".join(MULTIPLIER_EXPONENTS) + ")"  # longest first: 千万 before 千
_NUMBER = "(?:([0-9][0-9,]*)(?:\\.([0-9]*))?|\\.([0-9]+))"
_CURRENCY = "[¥￥]"
AMOUNT_PATTERN = (
    f"(?:人民币|RMB|rmb|CNY)?{_SP}{_CURRENCY}?{_SP}([-+])?{_SP}{_CURRENCY}?{_SP}{_NUMBER}{_SP}"
    f"{_MULTIPLIER}?{_SP}(?:元|圆)?整?"
)
# 千克, 千米, 千瓦… are units, not 千 × unit.
_KILO_UNITS = "千(?:克|米|瓦|卡|帕|伏|焦|升|赫|字节|兆)"
NUMBER_PATTERN = f"([-+])?{_SP}{_NUMBER}{_SP}(?:{_KILO_UNITS}|{_MULTIPLIER})?"
_GROUPS = ("sign", "int", "frac", "frac2", "mult")

_AMOUNT_RE = re.compile(AMOUNT_PATTERN)
_NUMBER_RE = re.compile(NUMBER_PATTERN)


def _to_float(groups: tuple[str | None, ...]) -> Normalized[float]:
    sign, integer, fraction, fraction2, multiplier = (g or "" for g in groups)
    shift = MULTIPLIER_EXPONENTS.get(multiplier, 0)
    padded = (fraction or fraction2) + "0" * shift
    text = f"{'-' if sign == '-' else ''}0{integer.replace(',', '')}{padded[:shift]}.{padded[shift:]}0"
    value = float(text)
    if math.isinf(value):
        return invalid("format")
    return Normalized(value)


def normalize_amount(raw: str | None) -> Normalized[float]:
    """Money in yuan: "1,234.50", "¥1,234", "5万元" (50000), "-200", "1234.5元整"."""
    s = prepare(raw)
    if s is None:
        return empty()
    m = _AMOUNT_RE.fullmatch(s)
    return invalid("format") if m is None else _to_float(m.groups())


def normalize_number(raw: str | None) -> Normalized[float]:
    """The leading number of a measure, multipliers applied, unit text ignored ("12.5亩" → 12.5)."""
    s = prepare(raw)
    if s is None:
        return empty()
    m = _NUMBER_RE.match(s)
    return invalid("format") if m is None else _to_float(m.groups())


_SHIFT = (
    "CASE _nmg.mult "
    + " ".join(f"WHEN {lit(k)} THEN {v}" for k, v in MULTIPLIER_EXPONENTS.items())
    + " ELSE 0 END"
)
_FRACTION = "coalesce(nullif(_nmg.frac, ''), _nmg.frac2)"
_PADDED = f"{_FRACTION} || repeat('0', {_SHIFT})"
# A plain decimal number, nearly every value, goes straight to DuckDB's cast: the same digits give the
# same double (both conversions round correctly).
_PLAIN_NUMBER = "-?[0-9]+(?:\\.[0-9]+)?"


def _number_sql(pattern: str) -> str:
    """SQL of normalize_amount / normalize_number; mirrors _to_float."""
    general = let(
        f"regexp_extract(cl__prep(r), {rx(pattern)}, {str_list(_GROUPS)})",
        (
            "_nmg",
            f"CASE WHEN _nmg.int = '' AND {_FRACTION} = '' THEN NULL ELSE "
            "CASE WHEN _nmg.sign = '-' THEN '-' ELSE '' END || '0' || replace(_nmg.int, ',', '') "
            f"|| left({_PADDED}, {_SHIFT}) || '.' || substr({_PADDED}, {_SHIFT} + 1) || '0' END",
        ),
    )
    plain = f"regexp_full_match(cl__prep(r), {rx(_PLAIN_NUMBER)})"
    text = f"CASE WHEN {plain} THEN cl__prep(r) ELSE {general} END"
    value = f"TRY_CAST({text} AS DOUBLE)"
    return result_struct(
        f"CASE WHEN isinf({value}) THEN NULL ELSE {value} END",
        f"CASE WHEN cl__prep(r) IS NULL THEN NULL WHEN {value} IS NULL OR isinf({value}) THEN 'format' END",
    )


MACROS: tuple[Macro, ...] = (
    Macro("cl_amount", ("r",), _number_sql(f"^{AMOUNT_PATTERN}$")),
    Macro("cl_number", ("r",), _number_sql(f"^{NUMBER_PATTERN}")),
)
