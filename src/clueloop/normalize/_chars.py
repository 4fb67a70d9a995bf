"""Character sets shared by the scalar normalisers and their SQL macros.

Both forms must agree exactly, so nothing here relies on Unicode-aware library behaviour that Python and
DuckDB implement differently (``str.isspace``, ``\\s``, ``\\d``, ``str.upper``…): every set is spelled
out, and the SQL form is generated from the same constants.
"""

from __future__ import annotations

# Python's ``str.isspace`` set without the line feed, which the text roles use as a batch separator.
WHITE_SPACE = "".join(
    (
        "\t\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680",
        *map(chr, range(0x2000, 0x200B)),
        "\u2028\u2029\u202f\u205f\u3000",
    )
)
NEWLINE = "\n"
ZERO_WIDTH = "\u180e\u200b\u200c\u200d\u2060\ufeff"
BLANK = WHITE_SPACE + NEWLINE + ZERO_WIDTH

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"
# Dots agencies put inside ID numbers and plates (浙A·12345).
SEPARATOR_DOTS = ".\u00b7\u2022\u2027\u30fb\uff65"

# Full-width forms (U+FF01–U+FF5E) and the ideographic space, mapped to ASCII.
FULL_WIDTH = "".join(map(chr, range(0xFF01, 0xFF5F))) + "\u3000"
HALF_WIDTH = "".join(map(chr, range(0x21, 0x7F))) + " "

ASCII_LOWER = "abcdefghijklmnopqrstuvwxyz"
ASCII_UPPER = ASCII_LOWER.upper()

# Values agencies write into a cell that has nothing to say. Compared after trimming and full-width folding.
PLACEHOLDERS: tuple[str, ...] = (
    "无", "無", "/", "-", "--", "—", "——", "\\N",
    "null", "NULL", "Null", "none", "None", "NONE", "nan", "NaN", "NAN", "N/A", "n/a", "#N/A",
)  # fmt: skip
# 无 answers a yes/no question (是否有…), so a flag column keeps it.
FLAG_PLACEHOLDERS = tuple(p for p in PLACEHOLDERS if p not in ("无", "無"))

_FOLD = str.maketrans(FULL_WIDTH, HALF_WIDTH)
_UPPER = str.maketrans(ASCII_LOWER, ASCII_UPPER)
_LOWER = str.maketrans(ASCII_UPPER, ASCII_LOWER)


def fold_width(s: str) -> str:
    """Full-width ASCII forms and U+3000 to their ASCII counterparts (１２３Ｘ → 123X)."""
    return s.translate(_FOLD)


def ascii_upper(s: str) -> str:
    return s.translate(_UPPER)


def ascii_lower(s: str) -> str:
    return s.translate(_LOWER)


def prepare(raw: str | None, placeholders: tuple[str, ...] = PLACEHOLDERS) -> str | None:
    """Trimmed, full-width-folded text, or None when the cell is empty or a placeholder."""
    if raw is None:
        return None
    s = fold_width(raw.strip(BLANK))
    if s == "" or s in placeholders:
        return None
    return s


def char_class(chars: str, *, negate: bool = False) -> str:
    """A regex character class matching exactly ``chars``, valid in Python ``re`` and in RE2."""
    escaped = "".join("\\" + c if c in "\\]^-[&~|" else c for c in chars)
    return f"[{'^' if negate else ''}{escaped}]"
