"""The columns of a kind's table in the lake, and the SQL that fills them from a file's text columns.

For every canonical column ``列`` of a kind the lake keeps:
- ``列``          the normalised value (VARCHAR, DATE, TIMESTAMP or DOUBLE), NULL when empty or invalid;
- ``列__raw``     the text exactly as the file had it;
- ``列__ok``      TRUE valid, FALSE invalid, NULL empty (only for roles that can be invalid);
- ``列__reason``  why a value is invalid (``check``, ``length``, ``date``, ``format``…);
- ``列__kind``    person/org for mixed ID columns, mobile/landline for phones.
Lineage columns ``_batch_id``, ``_source_file``, ``_source_row`` come first; columns the kind does not
know are kept after them as text under their own header.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlglot import exp

from clueloop.catalog import Column, Kind, Role
from clueloop.normalize.sql import SQL_FUNCTIONS, SQL_VALUE_TYPES

LINEAGE: tuple[tuple[str, str], ...] = (
    ("_batch_id", "VARCHAR"),
    ("_source_file", "VARCHAR"),
    ("_source_row", "BIGINT"),
)

CHECKED_ROLES = frozenset(
    {
        Role.PERSON_ID,
        Role.ORG_ID,
        Role.PARTY_ID,
        Role.DATE,
        Role.DATETIME,
        Role.AMOUNT,
        Role.NUMBER,
        Role.PLATE,
        Role.PHONE,
        Role.REGION,
        Role.ENUM,
        Role.FLAG,
    }
)
KIND_ROLES = frozenset({Role.PARTY_ID, Role.PHONE})
ID_ROLES = frozenset({Role.PERSON_ID, Role.ORG_ID, Role.PARTY_ID})


def column_layout(column: Column) -> list[tuple[str, str]]:
    """(name, DuckDB type) of the lake columns that one canonical column becomes."""
    out = [(column.name, SQL_VALUE_TYPES[column.role.value]), (f"{column.name}__raw", "VARCHAR")]
    if column.role in CHECKED_ROLES:
        out += [(f"{column.name}__ok", "BOOLEAN"), (f"{column.name}__reason", "VARCHAR")]
    if column.role in KIND_ROLES:
        out.append((f"{column.name}__kind", "VARCHAR"))
    return out


def kind_layout(kind: Kind) -> list[tuple[str, str]]:
    """The lake schema of a kind before any extra column."""
    out = list(LINEAGE)
    for column in kind.columns:
        out += column_layout(column)
    return out


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
) -> exp.Select:
    """SELECT turning a batch of text columns ``c0…cN`` into the lake layout of ``kind``.

    ``positions`` maps canonical column → position in the file; ``extras`` are (position, name) pairs.
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
        inner.append(exp.alias_(exp.func(SQL_FUNCTIONS[column.role.value], raw.copy()), n))
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


def empty_select(kind: Kind) -> exp.Select:
    """A typed, empty relation with the lake layout: the view of a kind nobody has loaded yet."""
    cols = [exp.alias_(exp.cast(exp.null(), t), name, quoted=True) for name, t in kind_layout(kind)]
    return exp.select(*cols).limit(0)
