"""公民身份号码 (GB 11643-1999): cleaning, the 15 → 18 upgrade and the ISO 7064 MOD 11-2 check character."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal, NamedTuple

from clueloop.normalize._chars import BLANK, DASHES, SEPARATOR_DOTS, char_class, prepare
from clueloop.normalize._sql import Macro, hoist, let, lit, rx, valid_ymd_sql
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
    """SQL: Σ digit × weight over the 17-digit body ``n`` (BIGINT), as plain arithmetic."""
    return " + ".join(f"({n} // {10 ** (16 - i)} % 10) * {w}" for i, w in enumerate(ID_WEIGHTS))


def _weighted_sum_of_text(v: str) -> str:
    """SQL: the same sum over the first 17 characters of ``v``, in a few expression nodes."""
    digits = f"list_transform(string_split(left({v}, 17), ''), lambda _digit: CAST(_digit AS DOUBLE))"
    return f"CAST(list_dot_product({digits}, {list(ID_WEIGHTS)}::DOUBLE[]) AS BIGINT)"


def _check_char(k: str) -> str:
    return f"substr({lit(ID_CHECK_CHARS)}, ({k}) % 11 + 1, 1)"


def _bad_date(n: str) -> str:
    """SQL: the 17-digit body ``n`` (BIGINT) has no real birth date."""
    year, month, day = f"({n} // 10000000 % 10000)", f"({n} // 100000 % 100)", f"({n} // 1000 % 100)"
    return f"({year} < {MIN_BIRTH_YEAR} OR NOT {valid_ymd_sql(year, month, day)})"


def _bad_date_of_text(v: str) -> str:
    """SQL: the same test on the text of the body, by DuckDB's date cast (both use the Gregorian calendar)."""
    iso = f"substr({v}, 7, 4) || '-' || substr({v}, 11, 2) || '-' || substr({v}, 13, 2)"
    return f"(substr({v}, 7, 4) < '{MIN_BIRTH_YEAR}' OR TRY_CAST({iso} AS DATE) IS NULL)"


_EXCEL_FLOAT_SQL = rx(f"^{_EXCEL_FLOAT}$")

# Nearly every value is already 18 clean characters: those are checked by arithmetic on whole vectors,
# where DuckDB computes the body and its check character once (named in a never-true first WHEN, see
# _sql.hoist).
_BODY = "TRY_CAST(left(r, 17) AS BIGINT)"
_CHECK = _check_char(_weighted_sum(_BODY))
_FAST = f"CASE WHEN {_bad_date(_BODY)} THEN '!date' WHEN right(r, 1) <> {_CHECK} THEN '!check' ELSE r END"

# The others, a scattered few: clean_person_id; the shape checks of _verdict, giving '!reason', 18
# characters, or a 15-digit number upgraded to its 17-digit body followed by '-' (a separator, so never
# part of a cleaned value); then the date and the check character. Inside a lambda every expression
# node costs per chunk, so these tests use few nodes (a date cast, a dot product) rather than arithmetic.
_CLEANED = (
    f"nullif(replace(regexp_replace(regexp_replace(ltrim(cl__prep(r), {lit(chr(39))}), {_EXCEL_FLOAT_SQL}, "
    f"'\\1'), {rx(_SEPARATORS)}, '', 'g'), 'x', 'X'), '')"
)
_SHAPED = (
    "_pids",
    f"CASE WHEN _pids IS NULL THEN NULL WHEN NOT regexp_full_match(_pids, {rx(_SHAPE)}) THEN '!characters' "
    "WHEN length(_pids) = 18 THEN _pids WHEN length(_pids) <> 15 THEN '!length' "
    "WHEN right(_pids, 1) = 'X' THEN '!characters' ELSE left(_pids, 6) || '19' || right(_pids, 9) || '-' END",
)
_CHECKED = (
    "_pidv",
    f"CASE WHEN _pidv IS NULL OR starts_with(_pidv, '!') THEN _pidv WHEN {_bad_date_of_text('_pidv')} "
    "THEN '!date' ELSE "
    + let(
        _check_char(_weighted_sum_of_text("_pidv")),
        (
            "_pidk",
            "CASE WHEN right(_pidv, 1) IN ('-', _pidk) THEN left(_pidv, 17) || _pidk ELSE '!check' END",
        ),
    )
    + " END",
)

MACROS: tuple[Macro, ...] = (
    # → '!reason', the normalised ID, or NULL when empty; mirrors normalize_person_id.
    Macro(
        "cl__pid",
        ("r",),
        f"CASE WHEN {hoist(_BODY, _CHECK)} THEN NULL WHEN regexp_full_match(r, {rx(_CLEAN)}) THEN {_FAST} "
        f"ELSE {let(_CLEANED, _SHAPED, _CHECKED)} END",
    ),
    Macro("cl_person_id", ("r",), "cl__result(cl__pid(r))"),
)
