"""Ad-hoc read-only queries over the lake's views (``clueloop sql``)."""

from __future__ import annotations

from typing import Any

import duckdb
import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from clueloop.ingest.lake import Lake

_READ_ONLY = (exp.Select, exp.SetOperation, exp.Describe)


class QueryError(ValueError):
    pass


def check_read_only(sql: str) -> None:
    """Allow exactly one SELECT / WITH … SELECT / UNION / DESCRIBE statement."""
    try:
        statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
    except ParseError as exc:
        raise QueryError(f"SQL 无法解析：{exc}") from None
    if len(statements) != 1:
        raise QueryError("只能执行一条查询语句")
    if not isinstance(statements[0], _READ_ONLY):
        raise QueryError(f"只允许只读查询（SELECT/WITH），不允许 {statements[0].key.upper()}")


def run_query(lake: Lake, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    check_read_only(sql)
    con = lake.connect(read_only=True)
    try:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description or []]
        return columns, cursor.fetchall()
    except duckdb.Error as exc:
        raise QueryError(str(exc).splitlines()[0]) from None
    finally:
        con.close()
