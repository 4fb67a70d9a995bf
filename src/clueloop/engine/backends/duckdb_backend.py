"""DuckDB over the lake's views: the embedded default."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from sqlglot import exp

from clueloop.engine.backends.base import Backend
from clueloop.ingest.lake import Lake


class DuckDBBackend(Backend):
    name = "duckdb"
    dialect = "duckdb"

    def __init__(self, home: Path) -> None:
        self.con = Lake(home).connect()

    def _run(self, sql: str) -> pa.Table:
        return self.con.sql(sql).to_arrow_table()

    def _fetch_rows(self, kind: str, keys: pa.Table, columns: list[str] | None) -> pa.Table:
        self.con.register("_evidence_keys", keys)
        try:
            query = (
                exp.select(
                    *([exp.column(c, table="t", quoted=True) for c in columns] if columns else ["t.*"])
                )
                .from_(exp.to_table(kind, alias="t", quoted=True))
                .join(
                    exp.to_table("_evidence_keys", alias="k"),
                    on="t._batch_id = k._batch_id AND t._source_row = k._source_row",
                    join_type="semi",
                )
            )
            return self.con.sql(query.sql("duckdb")).to_arrow_table()
        finally:
            self.con.unregister("_evidence_keys")

    def row_count(self, kind: str) -> int:
        rows = self.con.sql(
            exp.select("count(*)").from_(exp.to_table(kind, quoted=True)).sql("duckdb")
        ).fetchall()
        return int(rows[0][0])

    def close(self) -> None:
        self.con.close()
