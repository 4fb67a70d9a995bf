"""What every engine offers: run a compiled SELECT, count rows, fetch evidence rows by lineage."""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from typing import final

import pyarrow as pa
from sqlglot import exp

log = logging.getLogger("clueloop.engine")


class EngineError(RuntimeError):
    """An engine failed; carries the SQL that failed so the model author can see it."""

    def __init__(self, message: str, sql: str | None = None) -> None:
        super().__init__(message + (f"\n--- SQL ---\n{sql}" if sql else ""))
        self.sql = sql


class Backend(ABC):
    name: str
    dialect: str

    @final
    def execute(self, select: exp.Expr, step: str) -> pa.Table:
        """Run ``select`` rendered for this engine; errors name the step and carry the SQL."""
        sql = select.sql(dialect=self.dialect, identify=True)
        started = time.perf_counter()
        try:
            table = self._run(sql)
        except Exception as exc:  # each engine raises its own types
            raise EngineError(f"{self.name} 执行 {step} 失败：{exc}", sql) from exc
        log.debug("%s %s: %d rows in %.2fs", self.name, step, table.num_rows, time.perf_counter() - started)
        return table

    @final
    def fetch_rows(self, kind: str, keys: pa.Table, columns: list[str] | None = None) -> pa.Table:
        """The lake rows of ``kind`` whose (_batch_id, _source_row) are in ``keys``: all columns, or
        ``columns`` and the two lineage keys (reading fewer columns of Parquet is much cheaper)."""
        if keys.num_rows == 0:
            return pa.table({})
        try:
            return self._fetch_rows(
                kind, keys, None if columns is None else ["_batch_id", "_source_row", *columns]
            )
        except Exception as exc:
            raise EngineError(f"{self.name} 读取 {kind} 证据行失败：{exc}") from exc

    @abstractmethod
    def _run(self, sql: str) -> pa.Table: ...

    @abstractmethod
    def _fetch_rows(self, kind: str, keys: pa.Table, columns: list[str] | None) -> pa.Table: ...

    @abstractmethod
    def row_count(self, kind: str) -> int: ...

    @abstractmethod
    def close(self) -> None:
        """Release the engine's resources."""
