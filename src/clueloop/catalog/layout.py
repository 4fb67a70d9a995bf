"""The columns of a kind's table in the lake (the contract between ingestion and the model engine).

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

from sqlglot import exp

from clueloop.catalog.model import Column, Kind, Role
from clueloop.normalize.sql import SQL_VALUE_TYPES

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


def empty_select(kind: Kind) -> exp.Select:
    """A typed, empty relation with the lake layout: the view of a kind nobody has loaded yet."""
    cols = [exp.alias_(exp.cast(exp.null(), t), name, quoted=True) for name, t in kind_layout(kind)]
    return exp.select(*cols).limit(0)
