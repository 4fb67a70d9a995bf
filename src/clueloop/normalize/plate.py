"""号牌号码 (GA 36): 浙A·12345 = 浙A 12345 = 浙a-12345 → 浙A12345; new-energy plates have 8 characters."""

from __future__ import annotations

import re

from clueloop.normalize._chars import BLANK, DASHES, SEPARATOR_DOTS, ascii_upper, char_class, prepare
from clueloop.normalize._sql import Macro, let, matches_or_format, rx, upper
from clueloop.normalize.result import Normalized, empty, invalid

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
SUFFIXES = "挂学警港澳领"
_LETTER = "A-HJ-NP-Z"  # I and O are not used on plates
PLATE_PATTERN = (
    f"[{PROVINCES}][{_LETTER}](?:[{_LETTER}0-9]{{5}}|[{_LETTER}0-9]{{4}}[{SUFFIXES}]"
    # new energy: small cars D/A/B/C/E (electric) or F/G/H/J/K (hybrid) first; large cars D/F last
    f"|[A-HJK][{_LETTER}0-9][0-9]{{4}}|[0-9]{{5}}[DF])"
)
_SEPARATORS = char_class(BLANK + DASHES + SEPARATOR_DOTS)

_PLATE_RE = re.compile(PLATE_PATTERN)
_SEPARATORS_RE = re.compile(_SEPARATORS)


def normalize_plate(raw: str | None) -> Normalized[str]:
    s = prepare(raw)
    if s is None:
        return empty()
    s = ascii_upper(_SEPARATORS_RE.sub("", s))
    if s == "":
        return empty()
    return Normalized(s) if _PLATE_RE.fullmatch(s) else invalid("format")


MACROS: tuple[Macro, ...] = (
    Macro(
        "cl_plate",
        ("r",),
        "cl__result("
        + let(
            f"regexp_replace(cl__prep(r), {rx(_SEPARATORS)}, '', 'g')",
            ("_plu", f"nullif({upper('_plu')}, '')"),
            ("_plv", matches_or_format("_plv", PLATE_PATTERN)),
        )
        + ")",
    ),
)
