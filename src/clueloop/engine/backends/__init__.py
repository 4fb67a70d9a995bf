"""Engines behind one small interface; Spark is imported only when asked for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from clueloop.engine.backends.base import Backend, EngineError


def open_backend(name: str, home: Path, **options: Any) -> Backend:
    if name == "duckdb":
        from clueloop.engine.backends.duckdb_backend import DuckDBBackend

        return DuckDBBackend(home)
    if name == "spark":
        from clueloop.engine.backends.spark_backend import SparkBackend

        return SparkBackend(home, **options)
    raise EngineError(f"未知的引擎 {name!r}：可用 duckdb、spark")


__all__ = ["Backend", "EngineError", "open_backend"]
