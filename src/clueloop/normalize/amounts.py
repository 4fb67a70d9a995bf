"""Money amounts (元) and measured quantities, with the Chinese multipliers 千, 万, 百万, 千万, 亿.

The multiplier shifts the decimal point in the text before a single string → float conversion, so
"1.2万" is exactly 12000.0 (1.2 × 10000 in floating point would not be) and both forms round alike.
"""

from __future__ import annotations

import math
import re

from clueloop.normalize._chars import BLANK, char_class, prepare
from clueloop.normalize._sql import Macro, let, lit, result_struct, rx, str_list, struct
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
    "CASE _nmg.g.mult "
    + " ".join(f"WHEN {lit(k)} THEN {v}" for k, v in MULTIPLIER_EXPONENTS.items())
    + " ELSE 0 END"
)


_PLAIN_NUMBER = "-?[0-9]+(?:\\.[0-9]+)?"


def _number_sql(pattern: str) -> str:
    """SQL of normalize_amount / normalize_number; mirrors _to_float."""
    general = let(
        # The regular expression stays outside the lambdas, where DuckDB compiles it once.
        struct(s="cl__prep(r)", g=f"regexp_extract(cl__prep(r), {rx(pattern)}, {str_list(_GROUPS)})"),
        (
            "_nmg",
            struct(
                s="_nmg.s",
                i="_nmg.g.int",
                sign="_nmg.g.sign",
                f="coalesce(nullif(_nmg.g.frac, ''), _nmg.g.frac2)",
                k=_SHIFT,
            ),
        ),
        (
            "_nmt",
            struct(
                s="_nmt.s",
                v="CASE WHEN _nmt.i = '' AND _nmt.f = '' THEN NULL ELSE TRY_CAST("
                "CASE WHEN _nmt.sign = '-' THEN '-' ELSE '' END || '0' || replace(_nmt.i, ',', '') "
                "|| left(_nmt.f || repeat('0', _nmt.k), _nmt.k) || '.' "
                "|| substr(_nmt.f || repeat('0', _nmt.k), _nmt.k + 1) || '0' AS DOUBLE) END",
            ),
        ),
    )
    # A plain decimal number converts directly: the same digits give the same double.
    plain = struct(s="cl__prep(r)", v="TRY_CAST(cl__prep(r) AS DOUBLE)")
    return let(
        f"CASE WHEN regexp_full_match(cl__prep(r), {rx(_PLAIN_NUMBER)}) THEN {plain} ELSE {general} END",
        (
            "_nmv",
            result_struct(
                "CASE WHEN isinf(_nmv.v) THEN NULL ELSE _nmv.v END",
                "CASE WHEN _nmv.s IS NULL THEN NULL WHEN _nmv.v IS NULL OR isinf(_nmv.v) THEN 'format' END",
            ),
        ),
    )


MACROS: tuple[Macro, ...] = (
    Macro("cl_amount", ("r",), _number_sql(f"^{AMOUNT_PATTERN}$")),
    Macro("cl_number", ("r",), _number_sql(f"^{NUMBER_PATTERN}")),
)
