"""The vectorised form of the normalisers: one DuckDB function ``cl_<role>`` per role.

Each takes one VARCHAR and returns ``STRUCT(value T, reason VARCHAR)`` (``cl_party_id`` and
``cl_phone`` add ``kind VARCHAR``), equal field by field to the scalar function's
:class:`~clueloop.normalize.result.Normalized`. All of them are SQL macros; the text roles (text, names,
enum, community) call one Arrow UDF, ``cl__text(mode, value)``, for NFKC and OpenCC.

Call them at the top level of a SELECT list or WHERE clause: there DuckDB computes each shared step
once per row (see :mod:`clueloop.normalize._sql`). Nested in a CASE branch they stay correct but slower.
"""

from __future__ import annotations

import re

import duckdb
from duckdb.func import FunctionNullHandling, PythonUDFType

from clueloop.normalize import _sql, amounts, dates, flag, idcard, party, phone, plate, region, text, uscc
from clueloop.normalize._sql import Macro, lit
from clueloop.normalize.batch import TEXT_MODES, text_udf

TEXT_UDF = "cl__text"

SQL_VALUE_TYPES: dict[str, str] = {
    "person_id": "VARCHAR",
    "org_id": "VARCHAR",
    "party_id": "VARCHAR",
    "person_name": "VARCHAR",
    "org_name": "VARCHAR",
    "party_name": "VARCHAR",
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "amount": "DOUBLE",
    "number": "DOUBLE",
    "plate": "VARCHAR",
    "phone": "VARCHAR",
    "region": "VARCHAR",
    "community": "VARCHAR",
    "text": "VARCHAR",
    "code": "VARCHAR",
    "enum": "VARCHAR",
    "flag": "VARCHAR",
}
SQL_FUNCTIONS: dict[str, str] = {role: f"cl_{role}" for role in SQL_VALUE_TYPES}
# Roles whose struct has a third field, ``kind``.
SQL_KINDED_ROLES: frozenset[str] = frozenset({"party_id", "phone"})

_TEXT_MACROS = tuple(
    Macro(f"cl_{mode}", ("r",), f"{{'value': {TEXT_UDF}({lit(mode)}, r), 'reason': NULL::VARCHAR}}")
    for mode in TEXT_MODES
)


def _dependency_order(macros: tuple[Macro, ...]) -> tuple[Macro, ...]:
    """DuckDB binds a macro body when it is created, so a macro must follow the macros it calls."""
    calls = {
        m.name: {o.name for o in macros if o.name != m.name and re.search(rf"\b{o.name}\(", m.body)}
        for m in macros
    }
    done: dict[str, Macro] = {}
    while len(done) < len(macros):
        ready = [m for m in macros if m.name not in done and calls[m.name] <= done.keys()]
        if not ready:
            raise ValueError(f"macros call each other in a cycle: {sorted(calls.keys() - done.keys())}")
        done.update((m.name, m) for m in ready)
    return tuple(done.values())


MACROS: tuple[Macro, ...] = _dependency_order(
    (
        *_sql.MACROS,
        *dates.MACROS,
        *idcard.MACROS,
        *uscc.MACROS,
        *party.MACROS,
        *plate.MACROS,
        *phone.MACROS,
        *region.MACROS,
        *flag.MACROS,
        *amounts.MACROS,
        *text.MACROS,
        *_TEXT_MACROS,
    )
)


def install(con: duckdb.DuckDBPyConnection) -> None:
    """Create the ``cl_*`` functions on ``con`` (temporary, per connection); safe to call again."""
    varchar = duckdb.sqltype("VARCHAR")
    try:
        con.remove_function(TEXT_UDF)
    except duckdb.InvalidInputException:
        pass  # not registered yet
    con.create_function(
        TEXT_UDF,
        text_udf,
        [varchar, varchar],
        varchar,
        type=PythonUDFType.ARROW,
        null_handling=FunctionNullHandling.SPECIAL,
        side_effects=False,
    )
    for macro in MACROS:
        con.execute(macro.ddl())
