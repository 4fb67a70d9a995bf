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


@cache
def traditional_chars() -> str:
    """The characters OpenCC's t2s changes (found once by converting every CJK character): text without
    any of them is already simplified, and most agency exports are, so the conversion can be skipped."""
    chars = [chr(c) for r in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)) for c in range(*r)]
    converted = str(_t2s().convert("\n".join(chars))).split("\n")
    return "".join(c for c, t in zip(chars, converted, strict=True) if c != t)


@cache
def _traditional() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in traditional_chars()) + "]")


@cache
def compatibility_table() -> dict[int, str]:
    """Every character NFKC changes, with what it becomes on its own (full-width forms, ①, ㎡…)."""
    table: dict[int, str] = {}
    for code in range(0x30000):
        if 0xD800 <= code < 0xE000:
            continue
        c = chr(code)
        n = unicodedata.normalize("NFKC", c)
        if n != c:
            table[code] = n
    return table


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, fast on long text.

    CPython normalises the whole string once any character fails its quick check (a single full-width
    comma does), which costs seconds on a million rows. Mapping each character on its own first gives the
    same full decomposition, so the result is the same; only where characters still combine (accents,
    jamo) is the full algorithm run on what is left."""
    mapped = text.translate(compatibility_table())
    return mapped if unicodedata.is_normalized("NFKC", mapped) else unicodedata.normalize("NFKC", mapped)


def one_line(raw: str) -> str:
    return raw.replace("\n", " ")


def text_lines(block: str) -> str:
    """NFKC (full-width → half-width), zero-width characters dropped, traditional → simplified (OpenCC
    t2s), runs of white space → one space, trimmed; on each line of ``block`` on its own."""
    s = nfkc(_ZERO_WIDTH_RE.sub("", block))
    if _traditional().search(s):
        s = str(_t2s().convert(s))
    s = _SPACE_RUN_RE.sub(" ", s)
    return _LINE_EDGE_SPACES_RE.sub("", s)


def without_spaces(text: str) -> str:
    """Spaces removed; NFKC again, since A + space + combining accent becomes one character."""
    return nfkc(text.replace(" ", ""))


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
