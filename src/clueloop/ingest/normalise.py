"""The SQL that turns a batch of a file's text columns into the lake layout of a kind."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlglot import exp

from clueloop.catalog import Kind, Role
from clueloop.catalog.layout import CHECKED_ROLES, KIND_ROLES
from clueloop.normalize.columns import decides_every_row
from clueloop.normalize.sql import SQL_FUNCTIONS


def _field(struct: str, name: str) -> exp.Expr:
    return exp.func("struct_extract", exp.column(struct), exp.Literal.string(name))


def normalise_select(
    kind: Kind,
    positions: dict[str, int],
    extras: Sequence[tuple[int, str]],
    *,
    batch_id: str,
    source_file: str,
    table: str = "src",
    precomputed: Mapping[str, str] | None = None,
) -> exp.Select:
    """SELECT turning a batch of text columns ``c0…cN`` into the lake layout of ``kind``.

    ``positions`` maps canonical column → position in the file; ``extras`` are (position, name) pairs;
    ``precomputed`` maps canonical column → a column of ``cl_<role>`` structs computed before (see
    :class:`~clueloop.normalize.columns.ColumnNormaliser`), null where the SQL form is still to compute.
    """
    inner: list[exp.Expr] = [exp.column("_source_row")]
    outer: list[exp.Expr] = [
        exp.alias_(exp.Literal.string(batch_id), "_batch_id", quoted=True),
        exp.alias_(exp.Literal.string(source_file), "_source_file", quoted=True),
        exp.column("_source_row"),
    ]
    for i, column in enumerate(kind.columns):
        raw: exp.Expr
        if column.name in positions:
            raw = exp.column(f"c{positions[column.name]}")
        else:
            raw = exp.cast(exp.null(), "VARCHAR")
        n = f"n{i}"
        inner.append(exp.alias_(raw, f"r{i}"))
        normalised: exp.Expr = exp.func(SQL_FUNCTIONS[column.role.value], raw.copy())
        if precomputed and column.name in precomputed:
            given: exp.Expr = exp.column(precomputed[column.name])
            if not decides_every_row(column.role.value):  # CASE, unlike coalesce, skips decided rows
                given = exp.Case().when(given.is_(exp.null()), normalised).else_(given.copy())
            normalised = given
        inner.append(exp.alias_(normalised, n))
        value = _field(n, "value")
        reason = _field(n, "reason")
        if column.role is Role.ENUM:
            allowed = exp.Array(expressions=[exp.Literal.string(v) for v in column.values])
            outside = exp.and_(value.is_(exp.null()).not_(), exp.func("list_contains", allowed, value).not_())
            reason = exp.Case().when(outside, exp.Literal.string("value")).else_(reason)
            value = exp.Case().when(outside.copy(), exp.null()).else_(value.copy())
        outer.append(exp.alias_(value, column.name, quoted=True))
        outer.append(exp.alias_(exp.column(f"r{i}"), f"{column.name}__raw", quoted=True))
        if column.role in CHECKED_ROLES:
            ok = (
                exp.Case()
                .when(reason.copy().is_(exp.null()).not_(), exp.false())
                .when(value.copy().is_(exp.null()).not_(), exp.true())
            )
            outer.append(exp.alias_(ok, f"{column.name}__ok", quoted=True))
            outer.append(exp.alias_(reason.copy(), f"{column.name}__reason", quoted=True))
        if column.role in KIND_ROLES:
            outer.append(exp.alias_(_field(n, "kind"), f"{column.name}__kind", quoted=True))
    for position, name in extras:
        inner.append(exp.alias_(exp.column(f"c{position}"), f"x{position}"))
        outer.append(exp.alias_(exp.column(f"x{position}"), name, quoted=True))
    sub = exp.select(*inner).from_(table).subquery("t")
    return exp.select(*outer).from_(sub)
