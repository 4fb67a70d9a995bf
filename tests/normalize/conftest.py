from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from clueloop.normalize import sql


@pytest.fixture(scope="session")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    sql.install(connection)
    yield connection
    connection.close()


def run_sql(con: duckdb.DuckDBPyConnection, role: str, values: Sequence[str | None]) -> list[tuple[Any, ...]]:
    """``cl_<role>`` over ``values`` in one query, as (value, reason, kind) tuples in input order."""
    table = pa.table({"i": pa.array(range(len(values)), pa.int64()), "v": pa.array(values, pa.string())})
    con.register("normalize_input", table)
    try:
        rows = con.execute(
            f"SELECT {sql.SQL_FUNCTIONS[role]}(v) AS r FROM normalize_input ORDER BY i"
        ).fetchall()
    finally:
        con.unregister("normalize_input")
    return [(r["value"], r["reason"], r.get("kind")) for (r,) in rows]
