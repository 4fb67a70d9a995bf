"""Golden files: each model spec in, the expected SQL out (DuckDB and Spark), and the SQL runs on DuckDB.

Regenerate after an intended change with ``CLUELOOP_REGEN_GOLDEN=1 pytest tests/engine/test_golden.py``
and read the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import pytest

from clueloop.engine.compiler import compile_model, resolve_parameters
from clueloop.engine.library import builtin_folder, load_library, model_files
from clueloop.ingest.lake import Lake

GOLDEN = Path(__file__).parent / "golden"
AS_OF = dt.date(2026, 11, 27)
REGEN = os.environ.get("CLUELOOP_REGEN_GOLDEN") == "1"
MODEL_IDS = [p.stem for p in model_files(builtin_folder())]


@pytest.mark.parametrize("model_id", MODEL_IDS)
@pytest.mark.parametrize("dialect", ["duckdb", "spark"])
def test_compiled_sql_matches_golden_file(model_id: str, dialect: str) -> None:
    model = load_library(strict=True).get(model_id)
    compiled = compile_model(model, resolve_parameters(model, {}), AS_OF)
    sql = compiled.sql(dialect) + "\n"
    golden = GOLDEN / f"{model_id}.{dialect}.sql"
    if REGEN or not golden.exists():
        golden.write_text(sql, encoding="utf-8")
    assert sql == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("model_id", MODEL_IDS)
def test_golden_duckdb_sql_executes(model_id: str, tmp_path: Path) -> None:
    con: duckdb.DuckDBPyConnection = Lake(tmp_path).connect()
    sql = (GOLDEN / f"{model_id}.duckdb.sql").read_text(encoding="utf-8")
    result = con.sql(sql)
    assert result.columns[0] == "_k0"
    assert result.fetchall() == []  # an empty lake has no leads


def test_compiling_opens_no_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compilation must not connect")

    monkeypatch.setattr(duckdb, "connect", refuse)
    for model in load_library(strict=True).models.values():
        assert compile_model(model, resolve_parameters(model, {}), AS_OF).sql("duckdb")


def test_parameters_change_the_sql_as_literals_not_strings() -> None:
    model = load_library(strict=True).get("postal-sender-not-referred")
    params = resolve_parameters(
        model, {"grace_days": "45", "dangerous_items": "雷管, 炸药'); DROP TABLE x; --"}
    )
    sql = compile_model(model, params, AS_OF).sql("duckdb")
    assert "INTERVAL (-45) DAY" in sql
    assert "STRPOS(\"v\".\"禁寄物品名称\", '炸药''); DROP TABLE x; --') > 0" in sql
