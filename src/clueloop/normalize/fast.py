"""Vectorised fast paths over whole Arrow arrays, for the values that no general rule would touch.

Each function decides the common, clean values of one role with Arrow compute or NumPy and names the
rows it left to the general form (scalar or SQL). What a fast path decides equals the scalar function by
construction (each is argued below) and by test (``tests/normalize/test_columns.py``).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from clueloop.normalize._chars import BLANK, PLACEHOLDERS, WHITE_SPACE, ZERO_WIDTH
from clueloop.normalize.batch import normalize_text_array
from clueloop.normalize.idcard import ID_CHECK_CHARS, ID_WEIGHTS, MIN_BIRTH_YEAR
from clueloop.normalize.names import LIMITED_LIABILITY, NAME_DOTS
from clueloop.normalize.text import compatibility_table, traditional_chars
from clueloop.normalize.uscc import USCC_CHARSET, USCC_WEIGHTS

Mask = npt.NDArray[np.bool_]


class Partial(NamedTuple):
    """Results of the rows in ``done``; the other rows are null in every field."""

    done: Mask
    value: pa.Array
    reason: pa.Array
    kind: pa.Array | None = None


def _buffers(values: pa.Array) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """Offsets (n + 1, into ``data``) and UTF-8 bytes of a string array, without copying the bytes."""
    width = np.int64 if pa.types.is_large_string(values.type) else np.int32
    _, offsets_buf, data_buf = values.buffers()
    assert offsets_buf is not None
    offsets = np.frombuffer(offsets_buf, width, len(values) + 1, values.offset * width().itemsize)
    data = np.frombuffer(data_buf, np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    return offsets.astype(np.int64), data


def _mask(condition: pa.Array) -> Mask:
    return np.asarray(pc.fill_null(condition, False).to_numpy(zero_copy_only=False), dtype=np.bool_)


def _labels(labels: tuple[str, ...], codes: npt.NDArray[np.int8]) -> pa.Array:
    """``labels[code]`` per row, null where the code is -1."""
    table = pa.array([*labels, None], pa.string())
    return table.take(pa.array(np.where(codes < 0, len(labels), codes)))


# --- full-width forms ----------------------------------------------------------------------------------


def fold_full_width(values: pa.Array) -> pa.Array:
    """U+FF01–U+FF5E to ASCII (what NFKC does to them), on the UTF-8 bytes: EF BC 81–BF, EF BD 80–9E."""
    offsets, data = _buffers(values)
    lead = np.flatnonzero(data[:-2] == 0xEF) if len(data) > 2 else np.zeros(0, np.int64)
    second, third = data[lead + 1], data[lead + 2]
    hit = ((second == 0xBC) & (third >= 0x81) & (third <= 0xBF)) | ((second == 0xBD) & (third <= 0x9E))
    lead = lead[hit]
    if len(lead) == 0:
        return values
    out = data.copy()
    out[lead] = np.where(second[hit] == 0xBC, third[hit] - 0x60, third[hit] - 0x20)
    keep = np.ones(len(data), np.bool_)
    keep[lead + 1] = False
    keep[lead + 2] = False
    removed = 2 * np.searchsorted(lead, offsets)  # bytes dropped before each offset
    width = np.int64 if pa.types.is_large_string(values.type) else np.int32
    folded = pa.Array.from_buffers(
        values.type,
        len(values),
        [None, pa.py_buffer((offsets - removed).astype(width)), pa.py_buffer(out[keep])],
    )
    return pc.if_else(values.is_null(), pa.scalar(None, values.type), folded) if values.null_count else folded


# --- text roles ------------------------------------------------------------------------------------------


def _ranges(codes: set[int]) -> str:
    """An RE2 character class body for a set of code points, as ranges."""
    out, items = [], sorted(codes)
    start = prev = items[0]
    for code in [*items[1:], -1]:
        if code == prev + 1:
            prev = code
            continue
        out.append(f"\\x{{{start:x}}}" if start == prev else f"\\x{{{start:x}}}-\\x{{{prev:x}}}")
        start = prev = code
    return "".join(out)


@cache
def _touched() -> frozenset[int]:
    """Code points the text roles may change or drop, or that may change their neighbours.

    A string made only of other characters, full-width forms aside, is its own NFKC (every character is
    NFKC-stable with combining class 0, none can compose with what precedes it), holds no traditional
    character, zero-width character or white space other than the ASCII space."""
    codes = {c for c in compatibility_table() if not 0xFF01 <= c <= 0xFF5E}
    for code in range(0x30000):
        if 0xD800 <= code < 0xE000:
            continue
        c = chr(code)
        if unicodedata.combining(c):
            codes.add(code)
        parts = unicodedata.decomposition(c).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            codes.add(int(parts[1], 16))  # can compose with a preceding character
    codes.update(range(0x1161, 0x1176))  # Hangul vowel and trailing jamo compose algorithmically
    codes.update(range(0x11A8, 0x11C3))
    codes.update(ord(c) for c in ZERO_WIDTH + WHITE_SPACE + "\n" if c != " ")
    codes.update(ord(c) for c in traditional_chars())
    return frozenset(codes)


# Per mode, what else its later steps change: spaces, name dots, brackets, 有限责任公司, a trailing 小区.
_NAME_MODES = ("enum", "person_name", "org_name", "party_name", "community")
_MODE_CHARS = {
    "person_name": NAME_DOTS,
    "org_name": "[【〔〖{]】〕〗}",
    "party_name": NAME_DOTS + "[【〔〖{]】〕〗}",
}
_MODE_WORDS = {"org_name": LIMITED_LIABILITY[0], "party_name": LIMITED_LIABILITY[0], "community": "小区$"}


@cache
def _needs_work(mode: str) -> str:
    codes = set(_touched()) | {0x30000}
    chars = _MODE_CHARS.get(mode, "") + (" " if mode in _NAME_MODES else "")
    codes.update(ord(c) for c in chars)
    pattern = f"[{_ranges(codes)}\\x{{30001}}-\\x{{10ffff}}]"
    if mode == "text":
        pattern += "|^ | $|  "
    if mode in _MODE_WORDS:
        pattern += "|" + _MODE_WORDS[mode]
    return pattern


_PLACEHOLDER_SET = pa.array(PLACEHOLDERS, pa.string())


def normalize_text_column(mode: str, values: pa.Array) -> pa.Array:
    """:func:`~clueloop.normalize.batch.normalize_text_array`, with the common case vectorised.

    A value whose full-width forms are its only characters in :func:`_touched` (nor, for the name modes,
    spaces, dots, brackets or suffixes) becomes its folded self; the rest take the general path."""
    folded = fold_full_width(values)
    rest = _mask(pc.match_substring_regex(folded, _needs_work(mode)))
    blank = pc.or_(pc.equal(folded, ""), pc.is_in(folded, value_set=_PLACEHOLDER_SET))
    out = pc.if_else(blank, pa.scalar(None, pa.string()), folded)
    if rest.any():
        general = normalize_text_array(mode, values.filter(pa.array(rest))).cast(pa.string())
        out = pc.replace_with_mask(out, pa.array(rest), general)
    return out


def normalize_code_column(values: pa.Array) -> pa.Array:
    """:func:`~clueloop.normalize.text.normalize_code`: trimmed of :data:`BLANK`, placeholders empty."""
    trimmed = pc.utf8_trim(values, BLANK)
    blank = pc.or_(pc.equal(trimmed, ""), pc.is_in(trimmed, value_set=_PLACEHOLDER_SET))
    return pc.if_else(blank, pa.scalar(None, pa.string()), trimmed)


# --- ID numbers ----------------------------------------------------------------------------------------

_CLEAN_CODE = "^[0-9A-HJ-NPQRTUWXY]{18}$"  # 18 characters of the USCC set, which has the ID's as well
_ID_WEIGHTS = np.array(ID_WEIGHTS, np.int32)
_ID_CHECK = np.frombuffer(ID_CHECK_CHARS.encode(), np.uint8)
_USCC_WEIGHTS = np.array(USCC_WEIGHTS, np.int32)
_USCC_CHARS = np.frombuffer(USCC_CHARSET.encode(), np.uint8)
_USCC_INDEX = np.zeros(256, np.int32)
_USCC_INDEX[_USCC_CHARS] = np.arange(len(USCC_CHARSET))
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)
_REASONS = ("characters", "date", "check")
_KINDS = ("person", "org")


def normalize_id_column(role: str, values: pa.Array) -> Partial:
    """``person_id``, ``org_id`` or ``party_id`` of the values that are 18 clean characters.

    Such a value is its own cleaned form for both rules (nothing to trim, fold, upper-case or remove), so
    the verdicts of idcard._verdict and uscc._verdict apply to it directly, as arithmetic on the bytes."""
    rows = np.flatnonzero(_mask(pc.match_substring_regex(values, _CLEAN_CODE)))
    offsets, data = _buffers(values)
    m = (
        np.lib.stride_tricks.sliding_window_view(data, 18)[offsets[rows]]
        if len(rows)
        else np.zeros((0, 18), np.uint8)
    )
    last = m[:, 17]
    ok = np.zeros(len(rows), np.bool_)
    reason = np.full(len(rows), -1, np.int8)
    kind = None
    if role != "org_id":
        # Person ID: shape [0-9]+X?, a real birth date from 1800 on, the MOD 11-2 check character.
        digits = m[:, :17].astype(np.int32) - 48
        shaped = (m[:, :17] <= 57).all(axis=1) & ((last <= 57) | (last == ord("X")))
        year = digits[:, 6] * 1000 + digits[:, 7] * 100 + digits[:, 8] * 10 + digits[:, 9]
        month, day = digits[:, 10] * 10 + digits[:, 11], digits[:, 12] * 10 + digits[:, 13]
        leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
        month_days = _MONTH_DAYS[np.clip(month, 0, 12)] + (leap & (month == 2))
        dated = (year >= MIN_BIRTH_YEAR) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= month_days)
        ok = shaped & dated & (last == _ID_CHECK[(digits @ _ID_WEIGHTS) % 11])
        reason = np.select([~shaped, ~dated, ~ok], [0, 1, 2], -1).astype(np.int8)
    if role != "person_id":
        # USCC: the MOD 31 check character (shape and length hold already), where no person ID passed.
        left = np.flatnonzero(~ok)
        codes = m[left]
        total = _USCC_INDEX[codes[:, :17]] @ _USCC_WEIGHTS
        org_ok = np.zeros(len(rows), np.bool_)
        org_ok[left] = codes[:, 17] == _USCC_CHARS[(31 - total % 31) % 31]
        if (
            role == "party_id"
        ):  # a person when that check passes, else an organisation, else the person reason
            kind = np.where(ok, 0, np.where(org_ok, 1, -1)).astype(np.int8)
            reason = np.where(org_ok, -1, np.where(reason == 0, 2, reason)).astype(np.int8)
        else:
            reason = np.where(org_ok, -1, 2).astype(np.int8)
        ok = ok | org_ok
    n = len(values)
    done = np.zeros(n, np.bool_)
    done[rows] = True
    full_ok = np.zeros(n, np.bool_)
    full_ok[rows] = ok

    def spread(codes: npt.NDArray[np.int8]) -> npt.NDArray[np.int8]:
        out = np.full(n, -1, np.int8)
        out[rows] = codes
        return out

    value = pc.if_else(pa.array(full_ok), values, pa.scalar(None, pa.string()))
    return Partial(
        done,
        value,
        _labels(_REASONS, spread(reason)),
        None if kind is None else _labels(_KINDS, spread(kind)),
    )


# --- amounts and numbers -------------------------------------------------------------------------------

# Digits with thousands commas, an optional fraction and 元: the number is the digits without commas, which
# normalize_amount and normalize_number read alike (both round the same decimal text correctly). At most
# 36 digits, so never infinite.
_PLAIN_AMOUNT = "^-?[0-9][0-9,]{0,20}(?:\\.[0-9]{1,15})?元?$"


def normalize_number_column(values: pa.Array) -> Partial:
    """``amount`` or ``number`` of plain decimal values."""
    done = _mask(pc.match_substring_regex(values, _PLAIN_AMOUNT))
    plain = pc.if_else(pa.array(done), values, pa.scalar(None, pa.string()))
    value = pc.cast(pc.replace_substring_regex(plain, "[,元]", ""), pa.float64())
    return Partial(done, value, pa.nulls(len(values), pa.string()))


# --- dirty forms -----------------------------------------------------------------------------------------

# After full-width folding: digits, x or X, spaces and hyphens only. prepare leaves such a value as it is
# (ASCII, trimmed of spaces the separators include anyway), clean_person_id removes the spaces and hyphens
# (both in ID_SEPARATORS) and upper-cases x; a placeholder ("-", "--") leaves nothing and is not decided.
_DIRTY_ID = "^[0-9Xx \\-]+$"
_FIFTEEN = "^[0-9]{15}$"


def normalize_dirty_person_id(values: pa.Array) -> Partial:
    """``person_id`` of the values whose cleaned form (see ``_DIRTY_ID``) is a valid ID: 18 characters, or
    15 digits upgraded (19 inserted before the year, the check character appended). Undecided otherwise."""
    candidate = pc.if_else(
        _mask(pc.match_substring_regex(fold_full_width(values), _DIRTY_ID)),
        fold_full_width(values),
        pa.scalar(None, pa.string()),
    )
    cleaned = pc.replace_substring(pc.replace_substring_regex(candidate, "[ \\-]", ""), "x", "X")
    fifteen = _mask(pc.match_substring_regex(cleaned, _FIFTEEN))
    if fifteen.any():
        short = cleaned.filter(pa.array(fifteen))
        body = pc.binary_join_element_wise(
            pc.utf8_slice_codeunits(short, 0, 6), pc.utf8_slice_codeunits(short, 6, 15), "19"
        )
        offsets, data = _buffers(body)
        digits = data.reshape(-1, 17).astype(np.int32) - 48 if len(body) else np.zeros((0, 17), np.int32)
        check = pa.array(_ID_CHECK[(digits @ _ID_WEIGHTS) % 11].view("S1").astype(str))
        upgraded = pc.binary_join_element_wise(body, check, "")
        cleaned = pc.replace_with_mask(cleaned, pa.array(fifteen), upgraded)
    verdict = normalize_id_column("person_id", cleaned)
    done = _mask(pc.is_valid(verdict.value))
    return Partial(done, verdict.value, pa.nulls(len(values), pa.string()))


# 万元 amounts: "12.34万元" is 123400.0, by the decimal shift of amounts._to_float on the same digits.
_WAN_AMOUNT = "^(?P<int>[0-9]{1,15})(?P<frac>\\.[0-9]{0,15})?万元?$"


def normalize_wan_amount(values: pa.Array) -> Partial:
    """``amount`` of plain decimal numbers of 万 (with or without 元); other rows undecided."""
    done = _mask(pc.match_substring_regex(values, _WAN_AMOUNT))
    if not done.any():
        return Partial(done, pa.nulls(len(values), pa.float64()), pa.nulls(len(values), pa.string()))
    parts = pc.extract_regex(pc.if_else(pa.array(done), values, pa.scalar(None, pa.string())), _WAN_AMOUNT)
    integer = pc.struct_field(parts, "int")
    padded = pc.binary_join_element_wise(
        pc.utf8_slice_codeunits(pc.struct_field(parts, "frac"), 1), "0000", ""
    )
    text = pc.binary_join_element_wise(
        "0", integer, pc.utf8_slice_codeunits(padded, 0, 4), ".", pc.utf8_slice_codeunits(padded, 4), "0", ""
    )
    return Partial(done, pc.cast(text, pa.float64()), pa.nulls(len(values), pa.string()))
