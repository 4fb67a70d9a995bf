"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a MOD 31 check character."""

from __future__ import annotations

import re

from clueloop.normalize._chars import ascii_upper, char_class
from clueloop.normalize._sql import Macro, let, lit, rx, upper
from clueloop.normalize.idcard import ID_SEPARATORS, clean_id_text
from clueloop.normalize.result import Normalized, empty, invalid

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
USCC_WEIGHTS: tuple[int, ...] = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_SHAPE = "[0-9A-HJ-NPQRTUWXY]+"
_CLEAN = "[0-9A-HJ-NPQRTUWXY]{18}"
_SHAPE_RE = re.compile(_SHAPE)
_FIRST17_RE = re.compile("[0-9A-HJ-NPQRTUWXY]{17}")


def uscc_check_char(first17: str) -> str:
    """The 18th character of the USCC whose first 17 characters are ``first17``."""
    if not _FIRST17_RE.fullmatch(first17):
        raise ValueError(f"need 17 USCC characters, got {first17!r}")
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def clean_uscc(raw: str | None) -> str | None:
    s = clean_id_text(raw, excel_float=False)
    return None if s is None else ascii_upper(s)


def _verdict(s: str | None) -> Normalized[str]:
    if s is None:
        return empty()
    if not _SHAPE_RE.fullmatch(s):
        return invalid("characters")
    if len(s) != 18:
        return invalid("length")
    if s[17] != uscc_check_char(s[:17]):
        return invalid("check")
    return Normalized(s)


def normalize_uscc(raw: str | None) -> Normalized[str]:
    """A 统一社会信用代码, upper-case, without separators."""
    return _verdict(clean_uscc(raw))


def _check_char_of_total(total: str) -> str:
    return f"substr({lit(USCC_CHARSET)}, (31 - ({total}) % 31) % 31 + 1, 1)"


def _check_char(v: str) -> str:
    """SQL: the check character of the 17 valid characters that ``v`` starts with, as plain arithmetic."""
    return _check_char_of_total(
        " + ".join(
            f"(strpos({lit(USCC_CHARSET)}, substr({v}, {i + 1}, 1)) - 1) * {w}"
            for i, w in enumerate(USCC_WEIGHTS)
        )
    )


def _check_char_in_lambda(v: str) -> str:
    """The same in a few expression nodes, for a lambda body (whose nodes cost per chunk)."""
    values = (
        f"list_transform(string_split(left({v}, 17), ''), lambda _c: strpos({lit(USCC_CHARSET)}, _c) - 1.0)"
    )
    return _check_char_of_total(f"CAST(list_dot_product({values}, {list(USCC_WEIGHTS)}::DOUBLE[]) AS BIGINT)")


_FAST_SQL = f"CASE WHEN right(r, 1) <> {_check_char('r')} THEN '!check' ELSE r END"
_GENERAL_SQL = let(
    # clean_uscc
    let(
        f"regexp_replace(ltrim(cl__prep(r), {lit(chr(39))}), {rx(char_class(ID_SEPARATORS))}, '', 'g')",
        ("_uscu", f"nullif({upper('_uscu')}, '')"),
    ),
    (
        "_uscs",
        f"CASE WHEN _uscs IS NULL THEN NULL WHEN NOT regexp_full_match(_uscs, {rx(_SHAPE)}) "
        "THEN '!characters' WHEN length(_uscs) <> 18 THEN '!length' "
        f"WHEN right(_uscs, 1) <> {_check_char_in_lambda('_uscs')} THEN '!check' ELSE _uscs END",
    ),
)

MACROS: tuple[Macro, ...] = (
    # → '!reason', the normalised USCC, or NULL when empty; mirrors _verdict(clean_uscc(r)).
    Macro(
        "cl__uscc",
        ("r",),
        f"CASE WHEN regexp_full_match(r, {rx(_CLEAN)}) THEN {_FAST_SQL} ELSE {_GENERAL_SQL} END",
    ),
    Macro("cl_org_id", ("r",), "cl__result(cl__uscc(r))"),
)
