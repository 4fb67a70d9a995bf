"""Phone numbers: mobile (1[3-9] + 9 digits) or landline (0 + area code + 7–8 digits), as digits only."""

from __future__ import annotations

import re

from clueloop.normalize._chars import BLANK, DASHES, ascii_lower, char_class, prepare
from clueloop.normalize._sql import Macro, let, lit, lower, result_struct, rx, str_list, struct
from clueloop.normalize.result import Normalized, empty, invalid

MOBILE = "mobile"
LANDLINE = "landline"

_DROPPED = char_class(BLANK + "()[].")
_OTHER_DASHES = char_class(DASHES[1:])
_EXTENSION_MARK = "(?:转|ext|分机|#|x)"
# Matched with every dash removed; +86 / 0086 / 86 is a country code only before a mobile number.
MOBILE_PATTERN = f"(?:\\+?86|0086)?(1[3-9][0-9]{{9}})(?:{_EXTENSION_MARK}[0-9]{{1,6}})?"
# Matched with dashes kept, so that a trailing "-123" reads as an extension (dropped).
LANDLINE_PATTERN = (
    "(?:(?:\\+86|0086)-?0?|0)([1-9][0-9]{1,2})-?([0-9]{3,4})-?([0-9]{4})"
    f"(?:(?:-|{_EXTENSION_MARK})[0-9]{{1,6}})?"
)

_DROPPED_RE = re.compile(_DROPPED)
_OTHER_DASHES_RE = re.compile(_OTHER_DASHES)
_MOBILE_RE = re.compile(MOBILE_PATTERN)
_LANDLINE_RE = re.compile(LANDLINE_PATTERN)


def normalize_phone(raw: str | None) -> Normalized[str]:
    """``kind`` is "mobile" or "landline"; the value keeps the area code's leading 0 (057188886666)."""
    s = prepare(raw)
    if s is None:
        return empty()
    s = ascii_lower(_OTHER_DASHES_RE.sub("-", _DROPPED_RE.sub("", s)))
    if s == "":
        return empty()
    if m := _MOBILE_RE.fullmatch(s.replace("-", "")):
        return Normalized(m.group(1), None, MOBILE)
    if m := _LANDLINE_RE.fullmatch(s):
        return Normalized("0" + "".join(m.groups()), None, LANDLINE)
    return invalid("format")


_CLEAN_SQL = let(
    f"regexp_replace(regexp_replace(cl__prep(r), {rx(_DROPPED)}, '', 'g'), {rx(_OTHER_DASHES)}, '-', 'g')",
    ("_phl", f"nullif({lower('_phl')}, '')"),
)
_MOBILE_SQL = f"regexp_extract(replace(_phm, '-', ''), {rx(f'^{MOBILE_PATTERN}$')}, 1)"
_LANDLINE_SQL = f"regexp_extract(_phm, {rx(f'^{LANDLINE_PATTERN}$')}, {str_list(('area', 'head', 'tail'))})"
_EMPTY = result_struct("NULL::VARCHAR", "NULL::VARCHAR", "NULL::VARCHAR")
_MOBILE_RESULT = result_struct("_phv.m", "NULL", lit(MOBILE))
_LANDLINE_RESULT = result_struct("'0' || _phv.l.area || _phv.l.head || _phv.l.tail", "NULL", lit(LANDLINE))
_FORMAT_RESULT = result_struct("NULL", lit("format"), "NULL")

MACROS: tuple[Macro, ...] = (
    Macro(
        "cl_phone",
        ("r",),
        let(
            _CLEAN_SQL,
            ("_phm", struct(s="_phm", m=_MOBILE_SQL, l=_LANDLINE_SQL)),
            (
                "_phv",
                f"CASE WHEN _phv.s IS NULL THEN {_EMPTY} WHEN _phv.m <> '' THEN {_MOBILE_RESULT} "
                f"WHEN _phv.l.area <> '' THEN {_LANDLINE_RESULT} ELSE {_FORMAT_RESULT} END",
            ),
        ),
    ),
)
