"""公民身份号码 (GB 11643-1999): cleaning, the 15 → 18 upgrade and the ISO 7064 MOD 11-2 check character."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal, NamedTuple

from clueloop.normalize._chars import BLANK, DASHES, SEPARATOR_DOTS, char_class, prepare
from clueloop.normalize._sql import Macro, hoist, let, lit, rx, struct, valid_ymd_sql
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


def _weighted_sum(n: str) -> str:
    return " + ".join(f"({n} // {10 ** (16 - i)} % 10) * {w}" for i, w in enumerate(ID_WEIGHTS))


def _check_char(k: str) -> str:
    return f"substr({lit(ID_CHECK_CHARS)}, ({k}) % 11 + 1, 1)"


def _bad_date(n: str) -> str:
    """SQL: the 17-digit body ``n`` (BIGINT) has no real birth date."""
    year, month, day = f"({n} // 10000000 % 10000)", f"({n} // 100000 % 100)", f"({n} // 1000 % 100)"
    return f"({year} < {MIN_BIRTH_YEAR} OR NOT {valid_ymd_sql(year, month, day)})"


_EXCEL_FLOAT_SQL = rx(f"^{_EXCEL_FLOAT}$")

# A value that is already 18 clean characters needs no cleaning and no shape checks. Its body as a
# number is named in a never-true first WHEN so that DuckDB computes it once (see _sql.hoist).
_BODY = "TRY_CAST(left(r, 17) AS BIGINT)"
_FAST_SQL = (
    f"CASE WHEN {_bad_date(_BODY)} THEN '!date' "
    f"WHEN right(r, 1) <> {_check_char(_weighted_sum(_BODY))} THEN '!check' ELSE r END"
)
_GENERAL_SQL = let(
    # clean_person_id
    let(
        f"regexp_replace(ltrim(cl__prep(r), {lit(chr(39))}), {_EXCEL_FLOAT_SQL}, '\\1')",
        ("_pidx", f"nullif(replace(regexp_replace(_pidx, {rx(_SEPARATORS)}, '', 'g'), 'x', 'X'), '')"),
    ),
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
    ("_pidk", struct(s="_pidk.s", b="_pidk.b", n="_pidk.n", k=_weighted_sum("_pidk.n"))),
    (
        "_pidv",
        f"CASE WHEN _pidv.n IS NULL THEN _pidv.b WHEN {_bad_date('_pidv.n')} THEN '!date' "
        f"WHEN length(_pidv.s) = 18 AND right(_pidv.s, 1) <> {_check_char('_pidv.k')} THEN '!check' "
        f"ELSE _pidv.b || {_check_char('_pidv.k')} END",
    ),
)

MACROS: tuple[Macro, ...] = (
    # → '!reason', the normalised ID, or NULL when empty; mirrors _verdict(clean_person_id(r)).
    Macro(
        "cl__pid",
        ("r",),
        f"CASE WHEN {hoist(_BODY)} THEN NULL WHEN regexp_full_match(r, {rx(_CLEAN)}) THEN {_FAST_SQL} "
        f"ELSE {_GENERAL_SQL} END",
    ),
    Macro("cl_person_id", ("r",), "cl__result(cl__pid(r))"),
)
