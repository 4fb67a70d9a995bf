"""DuckDB over the lake's views: the embedded default."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from clueloop.engine.backends.base import Backend
from clueloop.ingest.lake import Lake


class DuckDBBackend(Backend):
    name = "duckdb"
    dialect = "duckdb"

    def __init__(self, home: Path) -> None:
        self.con = Lake(home).connect()

    def _run(self, sql: str) -> pa.Table:
        return self.con.sql(sql).to_arrow_table()

    def _fetch_rows(self, kind: str, keys: pa.Table) -> pa.Table:
        self.con.register("_evidence_keys", keys)
        try:
            return self.con.sql(
                f'SELECT t.* FROM "{kind}" t SEMI JOIN _evidence_keys k '
                "ON t._batch_id = k._batch_id AND t._source_row = k._source_row"
            ).to_arrow_table()
        finally:
            self.con.unregister("_evidence_keys")

    def row_count(self, kind: str) -> int:
        row = self.con.execute(f'SELECT count(*) FROM "{kind}"').fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        self.con.close()
