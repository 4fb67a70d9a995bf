"""The column form of the normalisers: one column of a file, batch after batch, for ingestion.

Agency exports repeat values a lot (organs, names, types, dates, addresses), so a column first normalises
its distinct values, once for the whole file: a bounded memo maps each value seen to its result, computed
by the fast paths of :mod:`clueloop.normalize.fast` and the scalar functions for the rest. A column whose
values are mostly distinct (IDs, amounts, free text) drops the memo; then the fast paths decide the clean
values and the remaining rows are left null for the caller's SQL form (``cl_<role>``) to compute.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

import clueloop.normalize as n
from clueloop.normalize.batch import TEXT_MODES
from clueloop.normalize.fast import (
    Partial,
    normalize_code_column,
    normalize_dirty_person_id,
    normalize_id_column,
    normalize_number_column,
    normalize_text_column,
    normalize_wan_amount,
)
from clueloop.normalize.sql import SQL_KINDED_ROLES, SQL_VALUE_TYPES

SCALAR_FUNCTIONS: dict[str, Callable[[str | None], n.Normalized[Any]]] = {
    "person_id": n.normalize_person_id,
    "org_id": n.normalize_uscc,
    "party_id": n.normalize_party_id,
    "person_name": n.normalize_person_name,
    "org_name": n.normalize_org_name,
    "party_name": n.normalize_party_name,
    "date": n.normalize_date,
    "datetime": n.normalize_datetime,
    "amount": n.normalize_amount,
    "number": n.normalize_number,
    "plate": n.normalize_plate,
    "phone": n.normalize_phone,
    "region": n.normalize_region,
    "community": n.normalize_community,
    "text": n.normalize_text,
    "code": n.normalize_code,
    "enum": n.normalize_enum,
    "flag": n.normalize_flag,
}
ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "DOUBLE": pa.float64(),
}

# A batch with more distinct values than this share of its rows has no memo; nor a column past MEMO_LIMIT.
DISTINCT_SHARE = 0.5
MEMO_LIMIT = 1 << 18


_FAST_ROLES = frozenset({*TEXT_MODES, "code", "person_id", "org_id", "party_id", "amount", "number"})


def decides_every_row(role: str) -> bool:
    """Whether :class:`ColumnNormaliser` leaves no row of ``role`` to the SQL form: a role with a fast path
    takes the few values it leaves through the scalar function (a SQL macro nested in a CASE costs per
    2048-row chunk, however few of its rows need it)."""
    return role in _FAST_ROLES


def result_type(role: str) -> pa.StructType:
    """The Arrow type of ``cl_<role>``'s struct."""
    fields = [pa.field("value", ARROW_TYPES[SQL_VALUE_TYPES[role]]), pa.field("reason", pa.string())]
    if role in SQL_KINDED_ROLES:
        fields.append(pa.field("kind", pa.string()))
    return pa.struct(fields)


def _and_then(
    partial: Partial, values: pa.Array, fast_path: Callable[[pa.Array], Partial], kind: str
) -> Partial:
    """``partial`` with the rows it left that ``fast_path`` decides (valid ones, of ``kind`` if any)."""
    left = ~partial.done & np.asarray(values.is_valid().to_numpy(zero_copy_only=False), np.bool_)
    if not left.any():
        return partial
    more = fast_path(values.filter(pa.array(left)))
    if not more.done.any():
        return partial
    decided = np.zeros(len(values), np.bool_)
    decided[np.flatnonzero(left)[more.done]] = True
    mask, taken = pa.array(decided), pa.array(more.done)
    value = pc.replace_with_mask(partial.value, mask, more.value.filter(taken))
    found = partial.kind
    if found is not None:
        found = pc.replace_with_mask(found, mask, pa.array([kind] * int(more.done.sum()), pa.string()))
    return Partial(partial.done | decided, value, partial.reason, found)


class ColumnNormaliser:
    """Normalises one column of one file, batch after batch, into ``cl_<role>`` structs.

    A row left to the SQL form is a null struct (only without a memo, for roles that have one).
    """

    def __init__(self, role: str) -> None:
        self.role = role
        self.type = result_type(role)
        self.memo: tuple[pa.Array, list[pa.Array]] | None = (pa.array([], pa.string()), self._empty())

    def _empty(self) -> list[pa.Array]:
        return [pa.array([], f.type) for f in self.type]

    def __call__(self, values: pa.Array) -> pa.StructArray:
        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks()
        values = values.cast(pa.string())
        if self.memo is not None:
            encoded = pc.dictionary_encode(values)
            fields = [
                f.take(encoded.indices)
                for f in self._lookup(encoded.dictionary, len(values) - values.null_count)
            ]
            return pa.StructArray.from_arrays(fields, fields=list(self.type))
        fields, left = self._compute(values, complete=decides_every_row(self.role))
        mask = pa.array(left) if left is not None and left.any() else None
        return pa.StructArray.from_arrays(fields, fields=list(self.type), mask=mask)

    def _lookup(self, distinct: pa.Array, rows: int) -> list[pa.Array]:
        """Results of ``distinct`` (the distinct values of ``rows`` non-null cells), the new ones computed and
        remembered.

        The memo is dropped once a batch brings more new values than ``DISTINCT_SHARE`` of its rows."""
        assert self.memo is not None
        keys, results = self.memo
        found = pc.index_in(distinct, value_set=keys)
        new = distinct.filter(pc.is_null(found))
        if len(new) == 0:
            return [r.take(found) for r in results]
        computed, _ = self._compute(new, complete=True)
        if len(new) > DISTINCT_SHARE * rows or len(keys) + len(new) > MEMO_LIMIT:
            self.memo = None
            return [
                pc.replace_with_mask(r.take(found), pc.is_null(found), c)
                for r, c in zip(results, computed, strict=True)
            ]
        keys = pa.concat_arrays([keys, new])
        results = [pa.concat_arrays([a, b]) for a, b in zip(results, computed, strict=True)]
        self.memo = (keys, results)
        found = pc.index_in(distinct, value_set=keys)
        return [r.take(found) for r in results]

    def _compute(self, values: pa.Array, *, complete: bool) -> tuple[list[pa.Array], np.ndarray | None]:
        """Fields of the results of ``values`` and the rows left undecided (None: all decided).

        ``complete`` decides every row, the ones no fast path takes by the scalar function."""
        role = self.role
        if role in TEXT_MODES or role == "code":
            column = normalize_code_column(values) if role == "code" else normalize_text_column(role, values)
            return [column, pa.nulls(len(values), pa.string())], None
        partial: Partial | None = None
        if role in ("person_id", "org_id", "party_id"):
            partial = normalize_id_column(role, values)
            if role != "org_id":  # lower-case x, full-width digits, separators, 15 digits
                partial = _and_then(
                    partial, values, normalize_dirty_person_id, "person" * (role == "party_id")
                )
        elif role in ("amount", "number"):
            partial = normalize_number_column(values)
            if role == "amount":
                partial = _and_then(partial, values, normalize_wan_amount, "")
        if partial is None:
            if not complete:
                return [pa.nulls(len(values), f.type) for f in self.type], np.ones(len(values), np.bool_)
            return self._scalar(values), None
        fields = [partial.value, partial.reason] + ([partial.kind] if partial.kind is not None else [])
        left = ~partial.done & np.asarray(values.is_valid().to_numpy(zero_copy_only=False), np.bool_)
        if not complete or not left.any():
            return fields, left
        rest = pa.array(left)
        scalar = self._scalar(values.filter(rest))
        return [pc.replace_with_mask(f, rest, s) for f, s in zip(fields, scalar, strict=True)], None

    def _scalar(self, values: pa.Array) -> list[pa.Array]:
        results = [SCALAR_FUNCTIONS[self.role](v) for v in values.to_pylist()]
        return [pa.array([r[i] for r in results], f.type) for i, f in enumerate(self.type)]
