"""行政区划代码: 6 digits (county), 9 (township) or 12 (village)."""

from __future__ import annotations

import re

from clueloop.normalize._chars import prepare
from clueloop.normalize._sql import Macro, let, lit, matches_or_format, rx
from clueloop.normalize.result import Normalized, empty, invalid

REGION_PATTERN = "(?:[0-9]{6}|[0-9]{9}|[0-9]{12})"
_EXCEL_FLOAT = "([0-9]+)\\.0+"

_REGION_RE = re.compile(REGION_PATTERN)
_EXCEL_FLOAT_RE = re.compile(_EXCEL_FLOAT)


def normalize_region(raw: str | None) -> Normalized[str]:
    s = prepare(raw)
    if s is None:
        return empty()
    s = s.lstrip("'")
    if m := _EXCEL_FLOAT_RE.fullmatch(s):
        s = m.group(1)
    if s == "":
        return empty()
    return Normalized(s) if _REGION_RE.fullmatch(s) else invalid("format")


def region_prefix4(code: str | None) -> str | None:
    """The first four digits, by which DOMAIN.md model 4 compares regions (地级 level)."""
    if code is None or not _REGION_RE.fullmatch(code):
        return None
    return code[:4]


_CLEAN_SQL = (
    f"nullif(regexp_replace(ltrim(cl__prep(r), {lit(chr(39))}), {rx(f'^{_EXCEL_FLOAT}$')}, '\\1'), '')"
)

MACROS: tuple[Macro, ...] = (
    Macro(
        "cl_region",
        ("r",),
        f"cl__result({let(_CLEAN_SQL, ('_rgv', matches_or_format('_rgv', REGION_PATTERN)))})",
    ),
)
