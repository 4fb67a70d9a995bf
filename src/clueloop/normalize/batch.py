"""The text roles over a whole Arrow array: the one Python function behind the SQL text macros.

Values are joined with line feeds into one string, converted with one call per step (NFKC, OpenCC,
regular expressions: see :mod:`clueloop.normalize.text`), and split again. The scalar functions run the
very same steps on a one-line block, so both forms agree by construction.
"""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc

from clueloop.normalize._chars import PLACEHOLDERS
from clueloop.normalize.community import community_lines
from clueloop.normalize.names import ORG_WORD_PATTERN, org_lines, person_lines
from clueloop.normalize.text import enum_lines, text_lines

# mode → the step applied after text_lines; party_name chooses per value between the two name steps.
TEXT_MODES: dict[str, Callable[[str], str] | None] = {
    "text": None,
    "enum": enum_lines,
    "person_name": person_lines,
    "org_name": org_lines,
    "community": community_lines,
    "party_name": None,
}

_PLACEHOLDER_SET = pa.array(PLACEHOLDERS, pa.large_string())


def _join(values: pa.Array) -> str:
    offsets = pa.array([0, len(values)], pa.int64())
    joined = pc.binary_join(
        pa.LargeListArray.from_arrays(offsets, values), pa.scalar("\n", pa.large_string())
    )
    return str(joined[0].as_py())


def _split(block: str, expected: int) -> pa.Array:
    parts = pc.split_pattern(pa.array([block], pa.large_string()), "\n").flatten()
    if len(parts) != expected:  # a step that created or ate a line feed would misalign rows
        raise RuntimeError(f"text batch split into {len(parts)} values, expected {expected}")
    return parts


def normalize_text_array(mode: str, values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """The normalised values of one text ``mode`` (see :data:`TEXT_MODES`), nulls for empty ones."""
    if mode not in TEXT_MODES:
        raise ValueError(f"unknown text mode {mode!r}")
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    raw = pc.cast(values, pa.large_string())
    n = len(raw)
    if n == 0:
        return raw
    # A value's own line feeds are white space to every text role; as spaces they cannot split it.
    one_line_each = pc.fill_null(pc.replace_substring(raw, "\n", " "), "")
    text = text_lines(_join(one_line_each))
    step = TEXT_MODES[mode]
    if mode == "party_name":
        is_org = pc.match_substring_regex(_split(text, n), ORG_WORD_PATTERN)
        out = pc.if_else(is_org, _split(org_lines(text), n), _split(person_lines(text), n))
    else:
        out = _split(text if step is None else step(text), n)
    blank = pc.or_(pc.is_null(raw), pc.or_(pc.equal(out, ""), pc.is_in(out, value_set=_PLACEHOLDER_SET)))
    return pc.if_else(blank, pa.scalar(None, pa.large_string()), out)


def text_udf(modes: pa.ChunkedArray, values: pa.ChunkedArray) -> pa.Array:
    """``cl__text(mode, value)`` for DuckDB: a whole chunk per call; ``mode`` is constant in practice."""
    mode_values = [m for m in pc.unique(modes).to_pylist() if m is not None]
    result = pa.nulls(len(values), pa.large_string())
    for mode in mode_values:
        normalized = normalize_text_array(str(mode), values)
        if len(mode_values) == 1 and modes.null_count == 0:
            return normalized
        result = pc.if_else(pc.equal(modes, mode), normalized, result)
    return result
