"""Free text, codes and enum values.

The text roles are computed line by line on a block of values joined by line feeds (a value's own line
feeds become spaces first), so that the SQL form can convert a whole Arrow chunk with one NFKC call and
one OpenCC call. Every step below works within a line: NFKC and OpenCC never combine across a line feed,
and the regular expressions exclude it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import opencc

from clueloop.normalize._chars import BLANK, PLACEHOLDERS, WHITE_SPACE, ZERO_WIDTH, char_class
from clueloop.normalize._sql import Macro, let, nonempty, result_struct, trim_blank
from clueloop.normalize.result import Normalized, empty

_ZERO_WIDTH_RE = re.compile(char_class(ZERO_WIDTH))
_SPACE_RUN_RE = re.compile(char_class(WHITE_SPACE) + "+")
_LINE_EDGE_SPACES_RE = re.compile("^ +| +$", re.MULTILINE)


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def one_line(raw: str) -> str:
    return raw.replace("\n", " ")


def text_lines(block: str) -> str:
    """NFKC (full-width → half-width), zero-width characters dropped, traditional → simplified (OpenCC
    t2s), runs of white space → one space, trimmed; on each line of ``block`` on its own."""
    s = unicodedata.normalize("NFKC", _ZERO_WIDTH_RE.sub("", block))
    s = _SPACE_RUN_RE.sub(" ", str(_t2s().convert(s)))
    return _LINE_EDGE_SPACES_RE.sub("", s)


def without_spaces(text: str) -> str:
    """Spaces removed; NFKC again, since A + space + combining accent becomes one character."""
    return unicodedata.normalize("NFKC", text.replace(" ", ""))


def enum_lines(text: str) -> str:
    return without_spaces(text)


def finish(value: str) -> Normalized[str]:
    """A normalised text value, or empty when nothing (or a placeholder such as 无) is left."""
    if value == "" or value in PLACEHOLDERS:
        return empty()
    return Normalized(value)


def normalize_text(raw: str | None) -> Normalized[str]:
    """Free text for substring matching (DOMAIN.md "Text matching"). Never invalid."""
    return empty() if raw is None else finish(text_lines(one_line(raw)))


def normalize_enum(raw: str | None) -> Normalized[str]:
    """:func:`normalize_text` without spaces; the caller checks the value against the allowed ones."""
    return empty() if raw is None else finish(enum_lines(text_lines(one_line(raw))))


def normalize_code(raw: str | None) -> Normalized[str]:
    """文号, 违法行为类型, 许可类型…: compared exactly after trimming white space, so nothing else changes."""
    if raw is None:
        return empty()
    s = raw.strip(BLANK)
    return empty() if s == "" or s in PLACEHOLDERS else Normalized(s)


MACROS: tuple[Macro, ...] = (
    Macro(
        "cl_code",
        ("r",),
        let(
            "r",
            ("_codet", trim_blank("_codet")),
            ("_code", result_struct(nonempty("_code"), "NULL::VARCHAR")),
        ),
    ),
)
