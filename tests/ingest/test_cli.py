"""The ``clueloop`` commands a data officer types, on a real lake."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from clueloop.cli import app

from .conftest import make_id, snapshot
from .test_ingest import _penalty_rows

runner = CliRunner()


def test_kinds_lists_all_twenty() -> None:
    result = runner.invoke(app, ["kinds"])
    assert result.exit_code == 0, result.output
    for kind in ("admin_penalty", "hotline_ticket", "sales_invoice", "student_enrollment"):
        assert kind in result.output


def test_kinds_shows_columns_and_synonyms() -> None:
    result = runner.invoke(app, ["kinds", "admin_penalty"])
    assert result.exit_code == 0
    assert "证件号码" in result.output and "身份证号" in result.output


def test_unknown_kind_is_a_clear_error() -> None:
    result = runner.invoke(app, ["kinds", "admin_penalties"])
    assert result.exit_code == 2
    assert "admin_penalty" in result.output


def test_ingest_then_quality_then_sql(home: Path, write_csv: Callable[..., Path]) -> None:
    path = write_csv("处罚.csv", _penalty_rows(), encoding="gbk")
    result = runner.invoke(app, ["ingest", str(path), "--kind", "admin_penalty", "--home", str(home)])
    assert result.exit_code == 0, result.output
    assert "已导入" in result.output and "6 行" in result.output
    assert "校验位错误" in result.output  # the quality report follows the import

    again = runner.invoke(app, ["--home", str(home), "ingest", str(path), "-k", "admin_penalty"])
    assert again.exit_code == 0 and "已导入过" in again.output

    quality = runner.invoke(app, ["quality", "admin_penalty", "--json", "--home", str(home)])
    assert quality.exit_code == 0
    report = json.loads(quality.output)[0]
    assert report["rows"] == 6
    ids = next(c for c in report["columns"] if c["name"] == "证件号码")
    assert ids["invalid"] == 2

    query = 'SELECT "证件号码" FROM admin_penalty WHERE _source_row = 2'
    shown = runner.invoke(app, ["sql", query, "--format", "json", "--home", str(home)])
    assert shown.exit_code == 0, shown.output
    full = make_id("330106", "19850312", "123")
    assert json.loads(shown.output) == [{"证件号码": full[:6] + "********" + full[-4:]}]
    unmasked = runner.invoke(app, ["sql", query, "--format", "json", "--unmasked", "--home", str(home)])
    assert json.loads(unmasked.output) == [{"证件号码": full}]
    log = (home / "logs" / "access.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(log) == 2 and json.loads(log[1])["unmasked"] is True


def test_sql_refuses_writes_and_files_outside_the_lake(home: Path, write_csv: Callable[..., Path]) -> None:
    runner.invoke(
        app, ["ingest", str(write_csv("p.csv", _penalty_rows())), "-k", "admin_penalty", "--home", str(home)]
    )
    before = snapshot(home)
    for statement in (
        "DELETE FROM admin_penalty",
        "COPY admin_penalty TO '/tmp/x.csv'",
        "SELECT 1; DROP VIEW admin_penalty",
        "CREATE TABLE t AS SELECT 1",
    ):
        result = runner.invoke(app, ["sql", statement, "--home", str(home)])
        assert result.exit_code == 2, statement
    outside = runner.invoke(app, ["sql", "SELECT * FROM read_csv('/etc/passwd')", "--home", str(home)])
    assert outside.exit_code == 2
    assert snapshot(home) == before


def test_ingest_failure_exits_nonzero_and_names_the_file(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"not a zip at all")
    result = runner.invoke(app, ["ingest", str(bad), "--kind", "admin_penalty", "--home", str(home)])
    assert result.exit_code == 1
    assert "坏文件.xlsx" in result.output
    assert snapshot(home) == {}
