"""Every engine gives the same answers: one test body per engine, on a real lake built from real files.

The lake's home has a space, Chinese characters and ``[ ]`` in its path, which Spark would read as a glob
if the backend did not escape it.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from sqlglot import exp
from typer.testing import CliRunner

from clueloop.catalog import load_kinds
from clueloop.cli import app
from clueloop.engine.backends import Backend, EngineError, open_backend
from clueloop.engine.compiler import compile_model, resolve_parameters
from clueloop.engine.expressions import lower, parse_expression
from clueloop.engine.library import load_library
from clueloop.engine.runner import run_models
from clueloop.ingest.lake import Lake
from clueloop.ingest.service import ingest_file
from clueloop.normalize.idcard import id_check_char

AS_OF = dt.date(2026, 3, 31)  # grace_days 30: seized on or before 2026-03-01
MODEL = "postal-sender-not-referred"
TITLE = "交寄禁寄物品被行政处罚后未移送公安"


def _id(seq: str) -> str:
    first17 = "330106" + "19850312" + seq
    return first17 + id_check_char(first17)


A, B, C, D, E, F, G, H, J = (_id(s) for s in ("111", "222", "333", "444", "555", "666", "777", "888", "999"))
BAD = A[:-1] + ("0" if A[-1] != "0" else "1")  # wrong check character: no valid ID, no lead

POSTAL_1 = [
    [
        "记录编号",
        "快递企业",
        "寄件人姓名",
        "寄件人身份证号",
        "禁寄物品名称",
        "数量",
        "查获日期",
        "处罚决定书文号",
    ],
    ["J1", "顺丰", "甲", A, "一次性打火机", "3", "2026-02-01", "邮罚〔2026〕1号"],  # lead A
    ["J2", "顺丰", "甲", A[:6] + A[8:17], "烟花", "1", "2026年2月10日", "邮罚〔2026〕2号"],  # A, old number
    ["J3", "圆通", "乙", B, "打火机", "x", "2026/2/1", "邮罚〔2026〕3号"],  # B punished afterwards
    ["J4", "圆通", "丙", C, "管制刀具", "1", "2026-02-03", "邮罚〔2026〕4号"],  # C punished only before
    ["J5", "中通", "丁", D, "书籍", "2", "2026-02-01", "邮罚〔2026〕5号"],  # nothing dangerous
    ["J6", "中通", "戊", E, "打火机", "1", "2026-02-01", ""],  # no penalty decision
    ["J7", "申通", "己", F, "打火机", "1", "2026-03-02", "邮罚〔2026〕7号"],  # within the grace days
    ["J8", "申通", "庚", BAD, "打火机", "1", "2026-02-01", "邮罚〔2026〕8号"],  # invalid ID
    ["J9", "韵达", "辛", G, "鞭炮烟花", "1", "2026-03-01", "邮罚〔2026〕9号"],  # exactly 30 days: lead
]
# Another export: other header names, fewer columns, one column the kind does not know.
POSTAL_2 = [
    ["查处编号", "寄件人", "证件号码", "违禁物品名称", "查获时间", "处罚文号", "备注"],
    ["K1", "壬", H, "丁烷气罐", "2026-01-15", "邮罚〔2026〕10号", "已约谈"],  # punished the same day
    ["K2", "甲", A, "酒精", "2026-01-20", "邮罚〔2026〕11号", ""],  # lead A, from the second file
    ["K3", "癸", J, "汽油", "20260105", "邮罚〔2026〕12号", "复查"],  # lead J
]
SECURITY = [
    ["决定书文号", "被处罚人姓名", "证件号码", "决定日期"],
    ["Z1", "乙", B, "2026-02-15"],
    ["Z2", "丙", C, "2026-01-10"],
    ["Z3", "壬", H, "2026-01-15"],
    ["Z4", "癸", J, "2025-12-31"],
]
TRAFFIC = [
    ["记录编号", "驾驶人证件号码", "违法时间", "号牌号码"],
    ["T1", A, "2026-02-01 08:30:15", "浙A12345"],
    ["T2", B, "2026/2/2 23:59", "浙B54321"],
    ["T3", "", "", ""],
]


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return path


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("湖 [engines]")
    lake = Lake(root / "home")
    for name, kind, rows in (
        ("寄递1.csv", "postal_violation", POSTAL_1),
        ("寄递2.csv", "postal_violation", POSTAL_2),
        ("治安.csv", "public_security_penalty", SECURITY),
        ("交通.csv", "traffic_violation", TRAFFIC),
    ):
        assert ingest_file(lake, _write(root / name, rows), kind).status == "loaded"
    return lake.home


@pytest.fixture(scope="module")
def backend(engine: str, home: Path) -> Iterator[Backend]:
    opened = open_backend(engine, home)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def duckdb_backend(home: Path) -> Iterator[Backend]:
    opened = open_backend("duckdb", home)
    yield opened
    opened.close()


def _run(engine: str, home: Path, *model_ids: str) -> list[dict[str, Any]]:
    library = load_library(strict=True)
    result = run_models(home, [library.get(m) for m in model_ids], as_of=AS_OF, engine=engine)
    assert result.run["engine"] == engine
    return result.leads


# --- the built-in model, the same expected leads on every engine --------------------------------------


def test_postal_model_leads_and_evidence(engine: str, home: Path) -> None:
    leads = _run(engine, home, MODEL)
    assert [lead["key"] for lead in leads] == [[A], [C], [G], [J]]
    assert [lead["subject"] for lead in leads] == [
        {"id": A, "name": "甲"},
        {"id": C, "name": "丙"},
        {"id": G, "name": "辛"},
        {"id": J, "name": "癸"},
    ]
    assert [lead["title"] for lead in leads] == [f"{n}{TITLE}" for n in "甲丙辛癸"]
    evidence = {
        lead["key"][0]: [(e["dataset"], e["source_file"], e["row"]) for e in lead["evidence"]]
        for lead in leads
    }
    assert evidence == {
        A: [
            ("postal_violation", "寄递1.csv", 2),
            ("postal_violation", "寄递1.csv", 3),
            ("postal_violation", "寄递2.csv", 3),
        ],
        C: [("postal_violation", "寄递1.csv", 5)],
        G: [("postal_violation", "寄递1.csv", 10)],
        J: [("postal_violation", "寄递2.csv", 4)],
    }
    first, _, other_file = leads[0]["evidence"]
    assert first["alias"] == "v" and first["batch_id"] != other_file["batch_id"]
    assert first["values"] == {
        "记录编号": "J1",
        "快递企业": "顺丰",
        "寄件人姓名": "甲",
        "寄件人证件号码": A,
        "寄件人电话": None,
        "禁寄物品名称": "一次性打火机",
        "数量": 3,
        "查获日期": "2026-02-01",
        "行政处罚决定书文号": "邮罚〔2026〕1号",
    }
    assert other_file["values"] == {
        "记录编号": "K2",
        "快递企业": None,
        "寄件人姓名": "甲",
        "寄件人证件号码": A,
        "寄件人电话": None,
        "禁寄物品名称": "酒精",
        "数量": None,
        "查获日期": "2026-01-20",
        "行政处罚决定书文号": "邮罚〔2026〕11号",
    }
    assert leads[1]["evidence"][0]["values"]["查获日期"] == "2026-02-03"


@pytest.mark.spark
def test_run_models_results_are_identical_between_engines(spark_context: None, home: Path) -> None:
    models = list(load_library(strict=True).models)  # every built-in model, most with no data here
    duck = _run("duckdb", home, *models)
    spark = _run("spark", home, *models)
    assert [lead["key"] for lead in duck] == [[A], [C], [G], [J]]
    assert spark == duck


# --- the backend contract: types, counts, evidence rows ---------------------------------------------


def test_results_have_duckdbs_types(backend: Backend, duckdb_backend: Backend) -> None:
    for kind in ("traffic_violation", "postal_violation", "hotline_ticket"):  # hotline: no batch at all
        select = exp.select("*").from_(exp.to_table(kind, quoted=True)).order_by("_batch_id", "_source_row")
        got = backend.execute(select, kind)
        want = duckdb_backend.execute(select, kind)
        assert got.schema == want.schema, kind
        assert got.equals(want), kind
    select = (
        exp.select(exp.column("违法时间", quoted=True)).from_("traffic_violation").order_by("_source_row")
    )
    times = backend.execute(select, "times")
    assert times.schema.field("违法时间").type == pa.timestamp("us")
    assert times.column(0).to_pylist() == [
        dt.datetime(2026, 2, 1, 8, 30, 15),
        dt.datetime(2026, 2, 2, 23, 59),
        None,
    ]


def test_row_counts(backend: Backend) -> None:
    counts = {kind: backend.row_count(kind) for kind in load_kinds()}
    assert len(counts) == 20
    assert {k: n for k, n in counts.items() if n} == {
        "postal_violation": 12,
        "public_security_penalty": 4,
        "traffic_violation": 3,
    }


def test_fetch_rows_returns_the_full_rows_asked_for(
    backend: Backend, duckdb_backend: Backend, home: Path
) -> None:
    batches = {b.manifest["source_name"]: b.batch_id for b in Lake(home).batches("postal_violation")}
    keys = pa.table(
        {
            "_batch_id": pa.array([batches["寄递1.csv"], batches["寄递2.csv"], "no-such-batch"], pa.string()),
            "_source_row": pa.array([3, 4, 3], pa.int64()),
        }
    )
    got = backend.fetch_rows("postal_violation", keys).sort_by("_batch_id")
    assert got.equals(duckdb_backend.fetch_rows("postal_violation", keys).sort_by("_batch_id"))
    assert got.column("记录编号").to_pylist() == ["J2", "K3"]
    assert got.column("备注").to_pylist() == [None, "复查"]  # a column only the second file has
    assert backend.fetch_rows("postal_violation", keys.slice(0, 0)).num_rows == 0


# --- the model language means the same on every engine ------------------------------------------------

DAY = dt.date
PARAMS: dict[str, exp.Expr] = {
    "d": exp.cast(exp.Literal.string("2026-03-01"), exp.DataType.build("DATE")),
    "half": exp.Literal.number("2.5"),
    "thirty": exp.Literal.number("30.0"),
    "ids": exp.Array(expressions=[exp.Literal.string("J1"), exp.Literal.string("J3")]),
}
# (expression, expected values for J1, J2, J3 of 寄递1.csv — or T1, T2, T3 of 交通.csv for alias t)
CASES: list[tuple[str, list[Any]]] = [
    ("add_days(v.查获日期, 30)", [DAY(2026, 3, 3), DAY(2026, 3, 12), DAY(2026, 3, 3)]),
    ("add_days(v.查获日期, :thirty)", [DAY(2026, 3, 3), DAY(2026, 3, 12), DAY(2026, 3, 3)]),
    ("add_days(v.查获日期, :half)", [DAY(2026, 2, 3), DAY(2026, 2, 12), DAY(2026, 2, 3)]),
    ("add_days(v.查获日期, -:half)", [DAY(2026, 1, 29), DAY(2026, 2, 7), DAY(2026, 1, 29)]),
    ("add_days(v.查获日期, v.数量)", [DAY(2026, 2, 4), DAY(2026, 2, 11), None]),
    ("days_between(v.查获日期, :d)", [28, 19, 28]),
    ("days_between(:d, v.查获日期)", [-28, -19, -28]),
    ("v.记录编号 IN :ids", [True, False, True]),
    ("v.记录编号 IN (:ids)", [True, False, True]),
    ("v.数量 / 2", [1.5, 0.5, None]),
    ("v.数量 / 0", [None, None, None]),
    ("v.数量 / (v.数量 - 1)", [1.5, None, None]),
    ("prefix(v.禁寄物品名称, v.数量)", ["一次性", "烟", None]),
    ("prefix(v.寄件人证件号码, 6)", ["330106"] * 3),
    ("length(v.禁寄物品名称)", [6, 2, 3]),
    ("contains_any(v.禁寄物品名称, :ids)", [False, False, False]),
    ("contains(v.禁寄物品名称, '打火机')", [True, False, True]),
    ("greatest(v.数量, 2)", [3.0, 2.0, 2.0]),
    ("coalesce(v.数量, 0) + 1", [4.0, 2.0, 1.0]),
    ("t.违法时间 > :d", [False, False, None]),
    ("to_date(t.违法时间)", [DAY(2026, 2, 1), DAY(2026, 2, 2), None]),
    ("add_days(t.违法时间, 1)", [DAY(2026, 2, 2), DAY(2026, 2, 3), None]),
    ("days_between(t.违法时间, :d)", [28, 27, None]),  # calendar days, not periods of 24 hours
    ("days_between(t.违法时间, add_days(t.违法时间, 1))", [1, 1, None]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_expression_values(backend: Backend, text: str, expected: list[Any]) -> None:
    traffic = re.search(r"\bt\.", text) is not None
    alias, kind, source = (
        ("t", "traffic_violation", "交通.csv") if traffic else ("v", "postal_violation", "寄递1.csv")
    )
    value = lower(parse_expression(text), PARAMS, lambda a: a)
    row = exp.column("_source_row", table=alias, quoted=True)
    select = (
        exp.select(exp.alias_(value, "x", quoted=True))
        .from_(exp.to_table(kind, alias=exp.to_identifier(alias, quoted=True), quoted=True))
        .where(exp.column("_source_file", table=alias, quoted=True).eq(source))
        .where(row.isin(2, 3, 4))
        .order_by(row.copy())
    )
    assert backend.execute(select, text).column("x").to_pylist() == expected


# --- the compiled SQL of every built-in model, as Spark reads it ------------------------------------


def test_spark_sql_quotes_chinese_identifiers_and_runs(engine: str, backend: Backend) -> None:
    library = load_library(strict=True)
    for model in library.models.values():
        compiled = compile_model(model, resolve_parameters(model, {}), AS_OF)
        sql = compiled.sql(engine)
        if engine == "spark":
            assert "`" in sql and '"' not in sql  # identifiers in backticks, strings in single quotes
        assert backend.execute(compiled.select, model.spec.id).column_names[0] == "_k0"
    postal = library.get(MODEL)
    spark_sql = compile_model(postal, resolve_parameters(postal, {}), AS_OF).sql("spark")
    for name in ("寄件人证件号码", "禁寄物品名称", "查获日期", "决定日期"):
        assert f"`{name}`" in spark_sql
    assert "DATE_ADD(CAST('2026-03-31' AS DATE), -30)" in spark_sql


USER_MODELS = {
    "zh-alias": """\
        id: zh-alias
        name: 中文别名
        domain: 测试
        from: {寄递: postal_violation}
        where:
          - 寄递.记录编号 IN :ids
        parameters:
          ids: {type: list, default: [J1, J4]}
        lead:
          key: [寄递.寄件人证件号码]
          title: "{寄递.寄件人姓名}"
        """,
    "distinct-senders": """\
        id: distinct-senders
        name: 去重计数
        domain: 测试
        from: {v: postal_violation}
        where:
          - v.禁寄物品名称 = '打火机'
        group:
          by: {物品: v.禁寄物品名称}
          measures:
            人数: count(DISTINCT v.寄件人证件号码)
        lead:
          key: [物品]
          title: "{物品}{人数}"
        """,
    "unpunished-senders": """\
        id: unpunished-senders
        name: 分组后的子查询
        domain: 测试
        from: {v: postal_violation}
        group:
          by: {寄件人: v.寄件人证件号码}
          measures:
            次数: count(*)
          having:
            - 次数 >= 1
          not_exists:
            - kind: public_security_penalty
              alias: p
              where: p.证件号码 = 寄件人
        lead:
          key: [寄件人]
          title: "{寄件人}:{次数}"
        """,
}


@pytest.mark.parametrize("model_id", list(USER_MODELS))
def test_user_models_run_the_same(engine: str, home: Path, tmp_path: Path, model_id: str) -> None:
    """Chinese table aliases and count(DISTINCT) in group measures work on every engine."""
    (tmp_path / f"{model_id}.yaml").write_text(textwrap.dedent(USER_MODELS[model_id]), encoding="utf-8")
    model = load_library([tmp_path], strict=True).get(model_id)
    leads = run_models(home, [model], as_of=AS_OF, engine=engine).leads
    expected = {
        "zh-alias": [([A], "甲"), ([C], "丙")],
        "distinct-senders": [(["打火机"], "打火机3")],
        # tested once per group; the group without an ID (BAD) passes the sub-query but is no lead
        "unpunished-senders": [([x], f"{x}:{3 if x == A else 1}") for x in sorted((A, D, E, F, G))],
    }
    assert [(lead["key"], lead["title"]) for lead in leads] == expected[model_id]


OR_JOIN = """\
id: or-join
name: 或条件关联
domain: 测试
from: {v: postal_violation}
joins:
  - alias: p
    kind: public_security_penalty
    on: JOIN_CONDITION
lead:
  key: [v.记录编号, p.决定书文号]
  title: "{v.寄件人姓名}"
"""


def test_an_or_join_becomes_equi_joins_with_the_same_rows(backend: Backend, tmp_path: Path) -> None:
    """ID or name: every matching pair once, also those both disjuncts match (all four here)."""
    either = "(p.证件号码 = v.寄件人证件号码 OR p.被处罚人姓名 = v.寄件人姓名) AND p.决定日期 IS NOT NULL"
    whole = "coalesce(p.证件号码 = v.寄件人证件号码 OR p.被处罚人姓名 = v.寄件人姓名, FALSE)"  # not split
    rows = []
    for condition in (either, whole):
        (tmp_path / "or-join.yaml").write_text(OR_JOIN.replace("JOIN_CONDITION", condition), encoding="utf-8")
        model = load_library([tmp_path], strict=True).get("or-join")
        compiled = compile_model(model, resolve_parameters(model, {}), AS_OF)
        assert ("UNION ALL" in compiled.sql(backend.dialect)) == (condition == either)
        rows.append(sorted(backend.execute(compiled.select, "or-join").to_pylist(), key=str))
    assert rows[0] == rows[1]
    assert sorted((r["_k0"], r["_k1"]) for r in rows[0]) == [
        ("J3", "Z1"),
        ("J4", "Z2"),
        ("K1", "Z3"),
        ("K3", "Z4"),
    ]


# --- the command line and the optional dependency -------------------------------------------------


@pytest.mark.spark
def test_cli_runs_on_spark(spark_context: None, home: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "leads.json"
    args = [
        "run",
        MODEL,
        "--engine",
        "spark",
        "--as-of",
        AS_OF.isoformat(),
        "--json",
        str(out),
        "--home",
        str(home),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["run"]["engine"] == "spark"
    assert [lead["key"] for lead in data["leads"]] == [[A], [C], [G], [J]]


@pytest.mark.spark
def test_backends_share_one_spark_but_not_their_views(
    spark_context: None, home: Path, tmp_path: Path
) -> None:
    from pyspark import SparkContext

    context = SparkContext._active_spark_context
    first = open_backend("spark", home)
    second = open_backend("spark", tmp_path / "empty-home")
    try:
        assert first.row_count("postal_violation") == 12
        assert second.row_count("postal_violation") == 0
        second.close()
        assert first.row_count("postal_violation") == 12  # closing one leaves the shared Spark running
    finally:
        first.close()
        second.close()
    assert SparkContext._active_spark_context is context
    with pytest.raises(EngineError, match="master"):
        open_backend("spark", home, master="local[1]")


BLOCK_PYSPARK = """\
import sys
from pathlib import Path

class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "pyspark" or name.startswith(("pyspark.", "py4j")):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return None

sys.meta_path.insert(0, Block())
import clueloop.cli
import clueloop.engine.backends
import clueloop.engine.runner
from clueloop.engine.backends import EngineError, open_backend

assert not [m for m in sys.modules if m.startswith(("pyspark", "py4j"))]
try:
    open_backend("spark", Path("."))
except EngineError as exc:
    print("refused:", exc)
"""


def test_package_imports_without_pyspark() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_PYSPARK], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "refused: Spark 引擎需要 pyspark" in done.stdout
