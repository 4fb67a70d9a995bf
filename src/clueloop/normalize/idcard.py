"""公民身份号码 (GB 11643-1999): cleaning, the 15 → 18 upgrade and the ISO 7064 MOD 11-2 check character."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal, NamedTuple

from clueloop.normalize._chars import BLANK, DASHES, SEPARATOR_DOTS, char_class, prepare
from clueloop.normalize._sql import Macro, let, lit, rx, struct, valid_ymd_sql
from clueloop.normalize.dates import valid_ymd
from clueloop.normalize.result import Normalized, empty, invalid

# Weight of digit i is 2^(17-i) mod 11 (ISO 7064 MOD 11-2).
ID_WEIGHTS: tuple[int, ...] = tuple(pow(2, 17 - i, 11) for i in range(17))
ID_CHECK_CHARS = "10X98765432"
MIN_BIRTH_YEAR = 1800

ID_SEPARATORS = BLANK + DASHES + SEPARATOR_DOTS
_SEPARATORS = char_class(ID_SEPARATORS)
# An Excel numeric cell exported as float text: 110105194912310021.0
_EXCEL_FLOAT = r"([0-9]{15}|[0-9]{18})\.0+"
_SHAPE = "[0-9]+X?"
_CLEAN = "[0-9]{17}[0-9X]"

_SEPARATORS_RE = re.compile(_SEPARATORS)
_EXCEL_FLOAT_RE = re.compile(_EXCEL_FLOAT)
_SHAPE_RE = re.compile(_SHAPE)
_DIGITS17_RE = re.compile("[0-9]{17}")


class IdDetails(NamedTuple):
    birth_date: date
    sex: Literal["男", "女"]
    region_code: str


def id_check_char(first17: str) -> str:
    """The 18th character of the ID whose first 17 digits are ``first17``."""
    if not _DIGITS17_RE.fullmatch(first17):
        raise ValueError(f"need 17 ASCII digits, got {first17!r}")
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def clean_id_text(raw: str | None, *, excel_float: bool) -> str | None:
    """Trim, fold full-width, drop the Excel text marker and separators; None when nothing is left."""
    s = prepare(raw)
    if s is None:
        return None
    s = s.lstrip("'")
    if excel_float and (m := _EXCEL_FLOAT_RE.fullmatch(s)):
        s = m.group(1)
    return _SEPARATORS_RE.sub("", s) or None


def _verdict(s: str | None) -> Normalized[str]:
    if s is None:
        return empty()
    if not _SHAPE_RE.fullmatch(s):
        return invalid("characters")
    if len(s) == 18:
        body = s[:17]
    elif len(s) != 15:
        return invalid("length")
    elif s.endswith("X"):
        return invalid("characters")
    else:
        body = s[:6] + "19" + s[6:]
    year, month, day = int(body[6:10]), int(body[10:12]), int(body[12:14])
    if year < MIN_BIRTH_YEAR or not valid_ymd(year, month, day):
        return invalid("date")
    check = id_check_char(body)
    if len(s) == 18 and s[17] != check:
        return invalid("check")
    return Normalized(body + check)


def clean_person_id(raw: str | None) -> str | None:
    s = clean_id_text(raw, excel_float=True)
    return None if s is None else s.replace("x", "X")


def normalize_person_id(raw: str | None) -> Normalized[str]:
    """A 公民身份号码 as 18 upper-case characters; 15-digit numbers are upgraded (19 + check character)."""
    return _verdict(clean_person_id(raw))


def id_details(normalised: str) -> IdDetails:
    """Birth date, sex (17th digit odd = 男) and region code of a normalised 18-character ID."""
    if normalize_person_id(normalised).value != normalised:
        raise ValueError(f"not a normalised ID number: {normalised!r}")
    birth = date(int(normalised[6:10]), int(normalised[10:12]), int(normalised[12:14]))
    return IdDetails(birth, "男" if int(normalised[16]) % 2 else "女", normalised[:6])


_WEIGHTED_SUM = " + ".join(f"(_pidk.n // {10 ** (16 - i)} % 10) * {w}" for i, w in enumerate(ID_WEIGHTS))
_CHECK = f"substr({lit(ID_CHECK_CHARS)}, _pidv.k % 11 + 1, 1)"
_EXCEL_FLOAT_SQL = rx(f"^{_EXCEL_FLOAT}$")
_YEAR, _MONTH, _DAY = "(_pidv.n // 10000000 % 10000)", "(_pidv.n // 100000 % 100)", "(_pidv.n // 1000 % 100)"


def _slow_clean(v: str) -> str:
    """SQL of clean_person_id for a value that is not already clean."""
    return let(
        f"regexp_replace(ltrim(cl__prep({v}), {lit(chr(39))}), {_EXCEL_FLOAT_SQL}, '\\1')",
        ("_pidx", f"nullif(replace(regexp_replace(_pidx, {rx(_SEPARATORS)}, '', 'g'), 'x', 'X'), '')"),
    )


# cl__pid(r) → '!reason', the normalised ID, or NULL when empty (see _verdict).
PERSON_ID_SQL = let(
    "r",
    # Clean values skip the cleaning; the result is the same.
    ("_pidc", f"CASE WHEN regexp_full_match(_pidc, {rx(_CLEAN)}) THEN _pidc ELSE {_slow_clean('_pidc')} END"),
    # b: the 17-digit body (15-digit numbers upgraded) or '!reason'
    (
        "_pids",
        struct(
            s="_pids",
            b=f"CASE WHEN _pids IS NULL THEN NULL WHEN NOT regexp_full_match(_pids, {rx(_SHAPE)}) "
            "THEN '!characters' WHEN length(_pids) = 18 THEN left(_pids, 17) WHEN length(_pids) <> 15 "
            "THEN '!length' WHEN right(_pids, 1) = 'X' THEN '!characters' "
            "ELSE left(_pids, 6) || '19' || right(_pids, 9) END",
        ),
    ),
    ("_pidn", struct(s="_pidn.s", b="_pidn.b", n="TRY_CAST(_pidn.b AS BIGINT)")),
    ("_pidk", struct(s="_pidk.s", b="_pidk.b", n="_pidk.n", k=_WEIGHTED_SUM)),
    (
        "_pidv",
        f"CASE WHEN _pidv.n IS NULL THEN _pidv.b WHEN {_YEAR} < {MIN_BIRTH_YEAR} "
        f"OR NOT {valid_ymd_sql(_YEAR, _MONTH, _DAY)} THEN '!date' "
        f"WHEN length(_pidv.s) = 18 AND right(_pidv.s, 1) <> {_CHECK} THEN '!check' ELSE _pidv.b || {_CHECK} END",
    ),
)

MACROS: tuple[Macro, ...] = (
    Macro("cl__pid", ("r",), PERSON_ID_SQL),
    Macro("cl_person_id", ("r",), "cl__result(cl__pid(r))"),
)
