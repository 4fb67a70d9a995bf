"""Running models from the command line on a real lake: user models, the JSON contract, run records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clueloop.cli import app
from clueloop.normalize.idcard import id_check_char

runner = CliRunner()


def _id(region: str, birth: str, seq: str) -> str:
    return region + birth + seq + id_check_char(region + birth + seq)


A, B, C = _id("330106", "19850312", "123"), _id("330106", "19900101", "234"), _id("330106", "19700101", "345")

POSTAL = [
    [
        "记录编号",
        "快递企业",
        "寄件人姓名",
        "寄件人身份证号",
        "寄件人电话",
        "禁寄物品名称",
        "数量",
        "查获日期",
        "处罚决定书文号",
    ],
    ["J1", "顺丰", "张三", A.lower(), "13800138000", "一次性打火机", "3", "2026-09-01", "邮罚〔2026〕1号"],
    ["J2", "顺丰", "张三", A[:6] + A[8:17], "13800138000", "烟花", "1", "2026年9月5日", "邮罚〔2026〕2号"],
    ["J3", "圆通", "李四", B, "13800138001", "打火机", "1", "2026/9/1", "邮罚〔2026〕3号"],
    ["J4", "圆通", "王五", C, "13800138002", "鞭炮", "1", "2026-09-01", "邮罚〔2026〕4号"],
]
SECURITY = [
    ["决定书文号", "姓名", "身份证号码", "违法行为", "处罚种类", "决定日期", "办案单位"],
    ["公罚1", "李四", B, "违反规定寄递危险物品", "罚款", "2026-09-10", "西湖分局"],
]

USER_MODEL = """\
id: lighter-senders
name: 寄递打火机的人
domain: 测试
parameters:
  word: {type: text, default: 打火机}
from: {v: postal_violation}
where:
  - contains(v.禁寄物品名称, :word)
lead:
  key: [v.寄件人证件号码]
  subject: {id: v.寄件人证件号码, name: v.寄件人姓名}
  title: "{v.寄件人姓名}寄递{v.禁寄物品名称}"
"""


def _csv(path: Path, rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    for name, kind, rows in (
        ("postal.csv", "postal_violation", POSTAL),
        ("security.csv", "public_security_penalty", SECURITY),
    ):
        result = runner.invoke(
            app, ["ingest", str(_csv(tmp_path / name, rows)), "-k", kind, "--home", str(home)]
        )
        assert result.exit_code == 0, result.output
    return home


def test_builtin_model_leads_in_the_json_contract(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "leads.json"
    args = [
        "run",
        "postal-sender-not-referred",
        "--as-of",
        "2026-11-27",
        "--json",
        str(out),
        "--home",
        str(home),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert A not in result.output  # masked on screen
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [lead["key"] for lead in data["leads"]] == [[A]]  # full normalised ID in the export
    lead = data["leads"][0]
    assert lead["model"] == "postal-sender-not-referred"
    assert lead["subject"] == {"id": A, "name": "张三"}
    assert [(e["dataset"], e["source_file"], e["row"]) for e in lead["evidence"]] == [
        ("postal_violation", "postal.csv", 2),
        ("postal_violation", "postal.csv", 3),
    ]
    assert lead["evidence"][1]["values"]["查获日期"] == "2026-09-05"
    run = data["run"]
    assert run["as_of"] == "2026-11-27" and run["engine"] == "duckdb"
    model = run["models"][0]
    assert model["leads"] == 1 and len(model["sha256"]) == 64
    assert model["parameters"]["grace_days"] == 30
    assert model["rows_read"] == {"postal_violation": 4, "public_security_penalty": 1}
    assert set(run["batches"]) == {"postal_violation", "public_security_penalty"}
    assert (home / "runs" / f"{run['id']}.json").exists()


def test_grace_days_boundary_and_parameters(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "leads.json"

    def keys(*args: str) -> list[list[str]]:
        result = runner.invoke(
            app, ["run", "postal-sender-not-referred", "--json", str(out), "--home", str(home), *args]
        )
        assert result.exit_code == 0, result.output
        return [lead["key"] for lead in json.loads(out.read_text(encoding="utf-8"))["leads"]]

    assert keys("--as-of", "2026-10-01") == [[A]]  # exactly 30 days after 2026-09-01: a lead
    assert keys("--as-of", "2026-09-30") == []
    assert keys("--as-of", "2026-11-27", "--param", "postal-sender-not-referred.grace_days=120") == []
    param = "postal-sender-not-referred.dangerous_items=鞭炮"
    assert keys("--as-of", "2026-11-27", "--param", param) == [[C]]


def test_running_twice_yields_the_same_keys(home: Path, tmp_path: Path) -> None:
    outs = []
    for i in range(2):
        out = tmp_path / f"run{i}.json"
        assert (
            runner.invoke(
                app, ["run", "--all", "--as-of", "2026-11-27", "--json", str(out), "--home", str(home)]
            ).exit_code
            == 0
        )
        outs.append(
            [(lead["model"], lead["key"]) for lead in json.loads(out.read_text(encoding="utf-8"))["leads"]]
        )
    assert outs[0] == outs[1] and outs[0]


def test_a_user_model_runs_without_code_change(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "my-models"
    folder.mkdir()
    (folder / "lighter.yaml").write_text(USER_MODEL, encoding="utf-8")
    out = tmp_path / "leads.json"
    result = runner.invoke(
        app, ["run", "lighter-senders", "--models", str(folder), "--json", str(out), "--home", str(home)]
    )
    assert result.exit_code == 0, result.output
    leads = json.loads(out.read_text(encoding="utf-8"))["leads"]
    assert [lead["key"] for lead in leads] == [[A], [B]]
    assert leads[0]["title"] == "张三寄递一次性打火机"
    monkeypatch.setenv("CLUELOOP_MODELS", str(folder))
    listed = runner.invoke(app, ["models"])
    assert "lighter-senders" in listed.output
    assert runner.invoke(app, ["check", str(folder)]).exit_code == 0


def test_export_and_import_a_model(tmp_path: Path) -> None:
    exported = tmp_path / "shared.yaml"
    assert (
        runner.invoke(app, ["model-export", "fire-hazard-complaints-unhandled", str(exported)]).exit_code == 0
    )
    imported = runner.invoke(app, ["model-import", str(exported), str(tmp_path / "mine")])
    assert imported.exit_code == 0, imported.output
    assert (tmp_path / "mine" / "fire-hazard-complaints-unhandled.yaml").read_text(
        encoding="utf-8"
    ) == exported.read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(USER_MODEL.replace("v.禁寄物品名称", "v.禁寄物品"), encoding="utf-8")
    refused = runner.invoke(app, ["model-import", str(broken), str(tmp_path / "mine")])
    assert refused.exit_code == 1 and "broken.yaml:8:" in refused.output


def test_check_reports_file_line_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(USER_MODEL.replace("contains(v.禁寄物品名称", "contains(x.禁寄物品名称"), encoding="utf-8")
    result = runner.invoke(app, ["check", str(bad)])
    assert result.exit_code == 1
    assert "bad.yaml:8:14" in result.output and "未声明的别名“x”" in result.output


def test_explain_prints_sql_for_each_engine() -> None:
    duck = runner.invoke(app, ["explain", "penalty-over-criminal-threshold", "--as-of", "2026-11-27"])
    spark = runner.invoke(
        app, ["explain", "penalty-over-criminal-threshold", "--engine", "spark", "--as-of", "2026-11-27"]
    )
    assert duck.exit_code == 0 and spark.exit_code == 0
    assert '"admin_penalty"' in duck.output and "`admin_penalty`" in spark.output
    assert "VALUES" in duck.output
