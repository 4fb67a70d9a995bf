"""Benchmark, second part: a two-source collision on the model engine, against the same logic in pandas.

The model is the built-in ``postal-sender-not-referred``: violations of the postal rules whose item name
contains any dangerous word, seized at least ``grace_days`` before the run date, anti-joined with public
security penalties of the same sender (ID number) dated on or after the seizure; one lead per sender.

The lake is written directly as Parquet batches in the lake's layout (every canonical column, ``列__raw``,
``列__ok``/``列__reason`` for checked roles, lineage columns, a manifest per batch), so the benchmark measures
the collision, not ingestion. The data: senders' IDs are valid 18-character numbers (1 % with a wrong check
character, normalised to NULL as ingestion would, 0.5 % empty; 1 % of decisions without a number), dates
spread over three years, ~30 % of item names dangerous, ~2 violations per sender; about half of the
violations have a public security penalty of their sender on or after the seizure date, about half one
before it (two thirds of the senders have a penalty at some date).

Each measurement runs in its own process, so its peak memory (max RSS) is its own:
- clueloop: ``run_models(..., engine="duckdb")`` — compile, run, group into leads, copy evidence values,
  record the run; the lead count and keys come from the JSON-ready leads it returns;
- pandas: what a data officer would write — ``read_parquet`` of the columns needed, filters, ``merge`` of
  violations with penalties on the ID, the date condition, an anti-join on the matched rows, ``groupby``
  sender → one row per lead (sender, name, number of evidence rows) — the "collision" stage; then the
  same JSON-ready leads ``run_models`` returns (key, subject, title, each evidence row's lineage and
  values), built from the DataFrame's columns — the "leads" stage;
- Spark (local mode, for the record): ``run_models(..., engine="spark")``, JVM start included.
Both sides end at the same point, a Python list of JSON-ready leads, and must produce the same leads: the
same keys, subjects, titles and evidence rows with the same values (compared by a digest of their JSON);
the benchmark fails otherwise. The speed-up is end to end; "collision only" compares pandas' collision
stage with the engine's query. The details table gives CPU time and how many CPUs other processes kept
busy meanwhile (figures from a shared machine).

    python -m benchmarks.engine_bench --sizes 1000000,10000000 --out benchmarks/results/engine.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
HERE = DATA / "engine"
MODEL = "postal-sender-not-referred"
AS_OF = dt.date(2025, 1, 1)
FIRST_DAY = dt.date(2022, 1, 1)
DAYS = 1096  # three years, 2022-01-01 … 2024-12-31
SEED = 17
SUPPRESS_PERCENT = 65  # share of penalty rows aimed at a violation's sender (the rest: other people)

REGIONS = ["330106", "330102", "330105", "330108", "330110", "110101", "310104", "440305", "510104", "420102"]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国红玉梅林斌宇浩凯鹏飞")
DANGEROUS = ["一次性打火机", "防风打火机", "丁烷气罐", "烟花", "烟花爆竹", "医用酒精", "汽油", "管制刀具"]
HARMLESS = ["锂电池", "香水", "指甲油", "电子烟油", "生鲜肉类", "仿真枪", "油漆", "发胶", "茶叶", "药品"]
COURIERS = ["顺丰速运", "中通快递", "圆通速递", "韵达快递", "申通快递", "京东物流", "中国邮政EMS", "极兔速递"]
OFFENCES = ["违反规定寄递危险物品", "殴打他人", "盗窃", "赌博", "寻衅滋事", "无证驾驶"]
POLICE = ["杭州市公安局西湖分局", "杭州市公安局上城分局", "杭州市公安局拱墅分局", "杭州市公安局滨江分局"]


# --- data: the lake, written directly ---------------------------------------------------------------------


def _lit(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _pick(values: list[str], roll: str) -> str:
    return f"{_lit(values)}[1 + (({roll}) % {len(values)})::INT]"


def _person_sql(person: str) -> tuple[str, str]:
    """The first 17 characters of person number ``person``'s ID (unique below 199,800,000), and the name."""
    birth = f"strftime(DATE '1950-01-01' + (({person}) // {len(REGIONS)} % 20000)::INT, '%Y%m%d')"
    seq = f"lpad(((({person}) // {len(REGIONS) * 20000}) % 999 + 1)::VARCHAR, 3, '0')"
    first17 = f"{_pick(REGIONS, person)} || {birth} || {seq}"
    name = (
        f"{_pick(SURNAMES, f'hash({person}, {SEED}, 101)')} || {_pick(GIVEN, f'hash({person}, {SEED}, 102)')}"
        f" || CASE WHEN hash({person}, {SEED}, 103) % 3 = 0 THEN '' "
        f"ELSE {_pick(GIVEN, f'hash({person}, {SEED}, 104)')} END"
    )
    return first17, name


def _seized_sql(i: str) -> str:
    return f"DATE '{FIRST_DAY}' + (hash({i}, {SEED}, 2) % {DAYS})::INT"


def _sender_sql(i: str, pool: int) -> str:
    return f"hash({i}, {SEED}, 1) % {pool}"


def _lake_select(
    kind_name: str, base: str, values: dict[str, str], raws: dict[str, str], reasons: dict[str, str]
) -> str:
    """SELECT with exactly the lake layout of ``kind_name`` (names, order and types) over ``base``."""
    from clueloop.catalog import get_kind
    from clueloop.catalog.layout import kind_layout

    kind = get_kind(kind_name)
    exprs: dict[str, str] = {
        "_batch_id": "batch_id",
        "_source_file": "source_file",
        "_source_row": "source_row",
    }
    for column in kind.columns:
        name = column.name
        value = values[name]
        reason = reasons.get(name, "NULL")
        exprs[name] = value
        exprs[f"{name}__raw"] = raws.get(name, f"CAST({value} AS VARCHAR)")
        exprs[f"{name}__ok"] = (
            f"CASE WHEN {reason} IS NOT NULL THEN FALSE WHEN {value} IS NOT NULL THEN TRUE END"
        )
        exprs[f"{name}__reason"] = reason
        exprs[f"{name}__kind"] = "'mobile'"
    cols = [f'CAST({exprs[name]} AS {sql_type}) AS "{name}"' for name, sql_type in kind_layout(kind)]
    return f"SELECT {', '.join(cols)} FROM ({base}) AS b"


def _violations_sql(start: int, stop: int, pool: int, batch_id: str, source_file: str) -> str:
    from clueloop.synth.penalties import _id_check_sql

    first17, name = _person_sql("person")
    base = f"""
        SELECT *, first17 || {_id_check_sql("first17")} AS id18 FROM (
          SELECT i, person, seized, dirt, roll,
                 '{batch_id}' AS batch_id, '{source_file}' AS source_file, i - {start} + 2 AS source_row,
                 {first17} AS first17, {name} AS name
          FROM (SELECT i, {_sender_sql("i", pool)} AS person, {_seized_sql("i")} AS seized,
                       hash(i, {SEED}, 3) % 1000 AS dirt, hash(i, {SEED}, 4) AS roll
                FROM range({start}, {stop}) t(i)))
    """
    wrong = "first17 || CASE WHEN right(id18, 1) = '0' THEN '1' ELSE '0' END"
    values = {
        "记录编号": "'JC' || lpad(i::VARCHAR, 10, '0')",
        "快递企业": _pick(COURIERS, "roll // 7"),
        "寄件人姓名": "name",
        "寄件人证件号码": "CASE WHEN dirt >= 15 THEN id18 END",
        "寄件人电话": f"'1' || {_pick(['38', '39', '58', '77', '86'], 'person')}"
        " || lpad((person % 100000000)::VARCHAR, 8, '0')",
        "禁寄物品名称": f"CASE WHEN roll % 100 < 30 THEN {_pick(DANGEROUS, 'roll // 100')} "
        f"ELSE {_pick(HARMLESS, 'roll // 100')} END",
        "数量": "(1 + (roll // 1000) % 20)::DOUBLE",
        "查获日期": "seized",
        "行政处罚决定书文号": "CASE WHEN dirt < 15 OR dirt >= 25 "
        "THEN '邮管罚〔' || year(seized) || '〕' || i || '号' END",
    }
    raws = {
        "寄件人证件号码": f"CASE WHEN dirt < 10 THEN {wrong} WHEN dirt < 15 THEN NULL "
        "WHEN dirt < 100 THEN lower(id18) ELSE id18 END",
        "数量": "(1 + (roll // 1000) % 20)::VARCHAR",
        "查获日期": "CASE WHEN dirt % 4 = 0 THEN strftime(seized, '%Y年%m月%d日') "
        "ELSE strftime(seized, '%Y-%m-%d') END",
    }
    reasons = {"寄件人证件号码": "CASE WHEN dirt < 10 THEN 'check' END"}
    return _lake_select("postal_violation", base, values, raws, reasons)


def _penalties_sql(start: int, stop: int, pool: int, violations: int, batch_id: str, source_file: str) -> str:
    from clueloop.synth.penalties import _id_check_sql

    first17, name = _person_sql("person")
    target = f"hash(j, {SEED}, 20) % 100 < {SUPPRESS_PERCENT}"
    v = f"hash(j, {SEED}, 21) % {violations}"
    near = f"{_seized_sql(v)} + (hash(j, {SEED}, 22) % 361)::INT - 180"
    last_day = FIRST_DAY + dt.timedelta(days=DAYS - 1)
    base = f"""
        SELECT *, first17 || {_id_check_sql("first17")} AS id18 FROM (
          SELECT j, person, decided, dirt, roll, target,
                 '{batch_id}' AS batch_id, '{source_file}' AS source_file, j - {start} + 2 AS source_row,
                 {first17} AS first17, {name} AS name
          FROM (SELECT j, {target} AS target,
                       CASE WHEN {target} THEN {_sender_sql(v, pool)} ELSE {pool} + j END AS person,
                       CASE WHEN {target} THEN least(greatest({near}, DATE '{FIRST_DAY}'), DATE '{last_day}')
                            ELSE DATE '{FIRST_DAY}' + (hash(j, {SEED}, 23) % {DAYS})::INT END AS decided,
                       hash(j, {SEED}, 24) % 1000 AS dirt, hash(j, {SEED}, 25) AS roll
                FROM range({start}, {stop}) t(j)))
    """
    wrong = "first17 || CASE WHEN right(id18, 1) = '0' THEN '1' ELSE '0' END"
    values = {
        "决定书文号": "'杭公行罚决字〔' || year(decided) || '〕' || j || '号'",
        "被处罚人姓名": "name",
        "证件号码": "CASE WHEN dirt >= 10 THEN id18 END",
        "违法行为": f"CASE WHEN target THEN '违反规定寄递危险物品' ELSE {_pick(OFFENCES, 'roll')} END",
        "处罚种类": _pick(["罚款", "行政拘留", "警告"], "roll // 10"),
        "决定日期": "decided",
        "办案单位": _pick(POLICE, "roll // 100"),
    }
    raws = {"证件号码": f"CASE WHEN dirt < 10 THEN {wrong} ELSE id18 END"}
    reasons = {"证件号码": "CASE WHEN dirt < 10 THEN 'check' END"}
    return _lake_select("public_security_penalty", base, values, raws, reasons)


def _write_batch(
    con: Any, home: Path, kind: str, part: int, start: int, stop: int, sql_of: Callable[..., str]
) -> None:
    from clueloop.ingest.lake import DATA_FILE, write_manifest

    created = dt.datetime.now(dt.UTC)
    source_name = f"{kind}_{part:03d}.csv"
    sha = hashlib.sha256(f"engine-bench:{kind}:{SEED}:{start}:{stop}".encode()).hexdigest()
    batch_id = f"{created:%Y%m%dT%H%M%S%f}-{sha[:8]}"
    staged = home / "tmp" / batch_id
    staged.mkdir(parents=True)
    target = str(staged / DATA_FILE).replace("'", "''")
    select = sql_of(start, stop, batch_id, source_name)
    con.execute(f"COPY ({select}) TO '{target}' (FORMAT parquet, COMPRESSION zstd)")
    manifest = {
        "batch_id": batch_id,
        "kind": kind,
        "rows": stop - start,
        "sha256": sha,
        "source_name": source_name,
        "created_at": created.isoformat(),
        "report": {},
    }
    write_manifest(staged, manifest)
    (home / "lake" / kind).mkdir(parents=True, exist_ok=True)
    staged.rename(home / "lake" / kind / batch_id)


def _check_layout(con: Any, home: Path) -> None:
    """Every batch has exactly the layout the lake expects (names, order, types)."""
    from clueloop.catalog import get_kind
    from clueloop.catalog.layout import kind_layout

    for folder in sorted((home / "lake").iterdir()):
        expected = [(n, t.upper()) for n, t in kind_layout(get_kind(folder.name))]
        for data in sorted(folder.glob("*/data.parquet")):
            path = str(data).replace("'", "''")
            got = [(r[0], r[1].upper()) for r in con.execute(f"DESCRIBE SELECT * FROM '{path}'").fetchall()]
            if got != expected:
                raise SystemExit(
                    f"engine_bench: {data} does not have the lake layout of {folder.name}:\n{got}"
                )


def dataset(rows: int, batch_rows: int) -> Path:
    """A lake home with ``rows`` postal violations and ``rows`` public security penalties (made once)."""
    import duckdb

    home = HERE / f"lake_{rows}"
    done = home / ".complete"
    recipe = json.dumps({"rows": rows, "batch_rows": batch_rows, "seed": SEED, "suppress": SUPPRESS_PERCENT})
    if done.exists() and done.read_text(encoding="utf-8") == recipe:
        return home
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    pool = rows * 6 // 10  # distinct senders: some send more than once
    con = duckdb.connect()
    started = time.perf_counter()
    for part, start in enumerate(range(0, rows, batch_rows), start=1):
        stop = min(start + batch_rows, rows)
        _write_batch(
            con,
            home,
            "postal_violation",
            part,
            start,
            stop,
            lambda a, b, batch, name: _violations_sql(a, b, pool, batch, name),
        )
        _write_batch(
            con,
            home,
            "public_security_penalty",
            part,
            start,
            stop,
            lambda a, b, batch, name: _penalties_sql(a, b, pool, rows, batch, name),
        )
    _check_layout(con, home)
    con.close()
    shutil.rmtree(home / "tmp", ignore_errors=True)
    done.write_text(recipe, encoding="utf-8")
    print(f"generated {rows:,} × {rows:,} rows in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return home


# --- the measurements, one process each --------------------------------------------------------------------


def _cpu_seconds(children: bool = False) -> float:
    """CPU time (user + system, all threads) of this process; with ``children``, plus its live children's."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    total = usage.ru_utime + usage.ru_stime
    if children:
        import psutil

        for child in psutil.Process().children(recursive=True):
            try:
                times = child.cpu_times()
            except psutil.Error:
                continue
            total += times.user + times.system
    return total


def _busy_seconds() -> float:
    """CPU time the whole machine spent busy (all processes, all CPUs)."""
    import psutil

    t = psutil.cpu_times()
    return float(t.user + t.nice + t.system + getattr(t, "irq", 0) + getattr(t, "softirq", 0))


class Meter:
    """Wall time, CPU time of the measured process (and its live children), and how many CPUs other
    processes on the machine kept busy meanwhile — figures on a shared machine need that last one."""

    def __init__(self, children: bool = False) -> None:
        self.children = children
        self.cpu = _cpu_seconds(children)
        self.busy = _busy_seconds()
        self.started = time.perf_counter()

    def stop(self) -> dict[str, float]:
        seconds = time.perf_counter() - self.started
        cpu = _cpu_seconds(self.children) - self.cpu
        others = max(0.0, _busy_seconds() - self.busy - cpu)
        return {"seconds": seconds, "cpu_seconds": cpu, "others_cpus": others / seconds}


def _peak_mb(children: bool = False) -> float:
    """Peak RSS of this process; with ``children``, plus the peaks of its live child processes (the JVM
    of Spark's driver) read from ``VmHWM`` in /proc."""
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if children:
        import psutil

        for child in psutil.Process().children(recursive=True):
            try:
                status = Path(f"/proc/{child.pid}/status").read_text(encoding="utf-8")
            except OSError:
                continue
            hwm = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            peak_kb += int(hwm.group(1)) if hwm else 0
    return peak_kb / 1024


def _write_keys(path: Path, keys: list[str]) -> str:
    text = "\n".join(sorted(keys)) + "\n"
    path.write_text(text, encoding="utf-8")
    return hashlib.sha256(text.encode()).hexdigest()


def run_ours(home: Path, engine: str, keys_file: Path) -> dict[str, Any]:
    """``run_models`` as ``clueloop run`` calls it, with the time of each stage of the runner."""
    from clueloop.engine import runner
    from clueloop.engine.backends.base import Backend
    from clueloop.engine.library import load_library

    stages: dict[str, float] = {}

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                stages[name] = stages.get(name, 0.0) + time.perf_counter() - t0

        return wrapper

    runner.open_backend = timed("engine_start", runner.open_backend)  # type: ignore[method-assign]
    Backend.execute = timed("query", Backend.execute)  # type: ignore[method-assign]
    runner.assemble_leads = timed("assemble_leads", runner.assemble_leads)  # type: ignore[method-assign]

    model = load_library(strict=True).get(MODEL)
    meter = Meter(children=engine == "spark")
    result = runner.run_models(home, [model], as_of=AS_OF, engine=engine)
    measured = meter.stop()
    peak = _peak_mb(children=engine == "spark")
    stages["other"] = measured["seconds"] - sum(stages.values())
    digest = _write_keys(keys_file, [lead["key"][0] for lead in result.leads])
    return {
        **measured,
        "peak_mb": peak,
        "leads": len(result.leads),
        "evidence_rows": sum(len(lead["evidence"]) for lead in result.leads),
        "keys_sha256": digest,
        "leads_sha256": _leads_digest(result.leads),
        "stages": {k: round(v, 2) for k, v in stages.items()},
    }


def _leads_digest(leads: list[dict[str, Any]]) -> str:
    """What both sides must agree on: each lead's key, subject, title and evidence rows with values."""
    digest = hashlib.sha256()
    for lead in leads:
        evidence = [
            [e["dataset"], e["source_file"], e["row"], e["batch_id"], e["values"]] for e in lead["evidence"]
        ]
        part = [lead["model"], lead["key"], lead["subject"], lead["title"], evidence]
        digest.update(json.dumps(part, ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()


def run_pandas(home: Path, keys_file: Path) -> dict[str, Any]:
    """The same collision as a data officer writes it in pandas."""
    import pandas as pd

    from clueloop.engine.library import load_library

    model = load_library(strict=True).get(MODEL)
    defaults = {name: p.default for name, p in model.spec.parameters.items()}
    words, grace = list(defaults["dangerous_items"]), int(defaults["grace_days"])
    value_columns = list(model.evidence[0].columns)

    meter = Meter()
    started = time.perf_counter()

    def read(kind: str, columns: list[str]) -> pd.DataFrame:
        files = sorted((home / "lake" / kind).glob("*/data.parquet"))
        return pd.concat([pd.read_parquet(f, columns=columns) for f in files], ignore_index=True)

    v = read("postal_violation", ["_batch_id", "_source_file", "_source_row", *value_columns])
    p = read("public_security_penalty", ["证件号码", "决定日期"])
    seized = pd.to_datetime(v["查获日期"])
    p["决定日期"] = pd.to_datetime(p["决定日期"])
    cutoff = pd.Timestamp(AS_OF - dt.timedelta(days=grace))
    v = v[
        v["禁寄物品名称"].str.contains("|".join(re.escape(w) for w in words), regex=True, na=False)
        & v["行政处罚决定书文号"].notna()
        & (seized <= cutoff)
        & v["寄件人证件号码"].notna()
    ]
    pairs = (
        v[["寄件人证件号码"]]
        .assign(seized=seized[v.index])
        .reset_index()
        .merge(p.dropna(subset=["证件号码"]), left_on="寄件人证件号码", right_on="证件号码")
    )
    suppressed = pairs.loc[pairs["决定日期"] >= pairs["seized"], "index"].unique()
    v = v[~v.index.isin(suppressed)].sort_values(["寄件人证件号码", "_batch_id", "_source_row"])
    leads_frame = v.groupby("寄件人证件号码", sort=True).agg(
        name=("寄件人姓名", "first"), evidence=("_source_row", "size")
    )
    collision = time.perf_counter() - started
    leads = _pandas_leads(model, v, value_columns)
    measured = meter.stop()
    peak = _peak_mb()
    digest = _write_keys(keys_file, [str(k) for k in leads_frame.index])
    return {
        **measured,
        "peak_mb": peak,
        "leads": len(leads),
        "evidence_rows": int(leads_frame["evidence"].sum()),
        "keys_sha256": digest,
        "leads_sha256": _leads_digest(leads),
        "stages": {"collision": round(collision, 2), "leads": round(measured["seconds"] - collision, 2)},
    }


def _pandas_leads(model: Any, v: Any, value_columns: list[str]) -> list[dict[str, Any]]:
    """JSON-ready leads from the evidence rows (sorted by sender, batch, row), as ``run_models`` gives
    them: one per sender, the first row's name, evidence sorted by file and row, values as JSON."""
    import pandas as pd

    spec = model.spec
    values = {}
    for c in value_columns:
        column = v[c]
        if pd.api.types.is_float_dtype(column):
            values[c] = [None if x != x else int(x) if x.is_integer() else x for x in column.tolist()]
        elif c == "查获日期":
            values[c] = [None if x is None else x.isoformat() for x in column.tolist()]
        else:
            values[c] = [None if x is None or x != x else x for x in column.tolist()]
    batches, rows, files = v["_batch_id"].tolist(), v["_source_row"].tolist(), v["_source_file"].tolist()
    ids, names = values["寄件人证件号码"], values["寄件人姓名"]
    suffix = spec.lead.title.split("}", 1)[1]
    leads: list[dict[str, Any]] = []
    lead: dict[str, Any] = {}
    for i, record in enumerate(zip(*values.values(), strict=True)):
        if not leads or ids[i] != lead["key"][0]:
            lead = {
                "model": spec.id,
                "model_name": spec.name,
                "key": [ids[i]],
                "subject": {"id": ids[i], "name": names[i] or None},
                "title": f"{names[i] or ''}{suffix}",
                "domain": spec.domain,
                "legal_basis": list(spec.legal_basis),
                "target_organ": spec.target_organ,
                "evidence": [],
            }
            leads.append(lead)
        lead["evidence"].append(
            {
                "dataset": "postal_violation",
                "alias": "v",
                "source_file": files[i],
                "row": rows[i],
                "batch_id": batches[i],
                "values": dict(zip(value_columns, record, strict=True)),
            }
        )
    for lead in leads:
        lead["evidence"].sort(key=lambda e: (e["source_file"], e["row"]))
    return leads


def _child(mode: str, home: Path) -> dict[str, Any]:
    keys_file = home / f"keys_{mode}.txt"
    cmd = [sys.executable, "-m", "benchmarks.engine_bench", "--child", mode, str(home), str(keys_file)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"engine_bench: the {mode} run failed:\n{done.stderr[-4000:]}")
    result = dict(json.loads(done.stdout.strip().splitlines()[-1]))
    result["keys_file"] = str(keys_file)
    return result


def spark_missing() -> str | None:
    """Why Spark cannot run here, or None."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install -e '.[spark]')"
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return "no Java runtime (Spark needs Java 17+)"
    return None


def _same_leads(name: str, ours: dict[str, Any], other: dict[str, Any]) -> None:
    if ours["leads"] == other["leads"] and ours["keys_sha256"] == other["keys_sha256"]:
        if ours["leads_sha256"] != other["leads_sha256"]:
            raise SystemExit(
                f"engine_bench: ERROR — clueloop (DuckDB) and {name} find the same keys "
                "but the leads differ (subject, title or evidence)"
            )
        return
    mine = set(Path(ours["keys_file"]).read_text(encoding="utf-8").split())
    theirs = set(Path(other["keys_file"]).read_text(encoding="utf-8").split())
    raise SystemExit(
        f"engine_bench: ERROR — clueloop (DuckDB) and {name} disagree: {ours['leads']:,} leads against "
        f"{other['leads']:,}; only clueloop: {sorted(mine - theirs)[:5]} ({len(mine - theirs):,}), "
        f"only {name}: {sorted(theirs - mine)[:5]} ({len(theirs - mine):,})"
    )


def _figures(r: dict[str, Any]) -> dict[str, Any]:
    out = {
        "seconds": round(r["seconds"], 2),
        "cpu_seconds": round(r["cpu_seconds"], 2),
        "others_cpus": round(r["others_cpus"], 2),
        "peak_mb": round(r["peak_mb"]),
        "leads": r["leads"],
    }
    if "stages" in r:
        out["stages"] = r["stages"]
    return out


def bench(sizes: list[int], baseline_max: int, spark_max: int, batch_rows: int) -> dict[str, Any]:
    results = []
    no_spark = spark_missing()
    for rows in sizes:
        home = dataset(rows, batch_rows)
        ours = _child("duckdb", home)
        entry: dict[str, Any] = {
            "rows": rows,
            "lake_mb": round(sum(f.stat().st_size for f in (home / "lake").rglob("*.parquet")) / 2**20),
            "leads": ours["leads"],
            "evidence_rows": ours["evidence_rows"],
            "clueloop": _figures(ours),
        }
        if rows <= baseline_max:
            base = _child("pandas", home)
            _same_leads("pandas", ours, base)
            entry["pandas"] = _figures(base)
            entry["speedup"] = round(base["seconds"] / ours["seconds"], 1)
            entry["query_speedup"] = round(base["stages"]["collision"] / ours["stages"]["query"], 1)
        if rows <= spark_max:
            if no_spark:
                entry["spark"] = {"skipped": no_spark}
            else:
                spark = _child("spark", home)
                _same_leads("Spark", ours, spark)
                entry["spark"] = _figures(spark)
        results.append(entry)
        print(json.dumps(entry, ensure_ascii=False), flush=True)
    return {
        "benchmark": f"collision {MODEL}: postal_violation anti-joined with public_security_penalty "
        f"(ID + date), date window, contains-any; as of {AS_OF}",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "targets": {"speedup_over_pandas": 10, "seconds_at_10M": 30},
        "results": results,
    }


def table(report: dict[str, Any]) -> str:
    lines = [
        "| rows (each table) | leads | clueloop DuckDB time | clueloop peak RSS | pandas time "
        "| pandas peak RSS | speed-up, end to end | speed-up, collision only "
        "| Spark local time | Spark peak RSS |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["results"]:
        c, b, s = r["clueloop"], r.get("pandas"), r.get("spark")
        base = (
            f"{b['seconds']:.1f} s | {b['peak_mb']:,} MB | **{r['speedup']}×** | {r['query_speedup']}×"
            if b
            else "not run | | | "
        )
        if s and "seconds" in s:
            spark = f"{s['seconds']:.1f} s | {s['peak_mb']:,} MB"
        else:
            spark = f"{'skipped: ' + s['skipped'] if s else 'not run'} | "
        lines.append(
            f"| {r['rows']:,} × {r['rows']:,} | {r['leads']:,} | {c['seconds']:.1f} s | {c['peak_mb']:,} MB "
            f"| {base} | {spark} |"
        )
    return "\n".join(lines)


def details_table(report: dict[str, Any]) -> str:
    """Wall and CPU time of every measurement, the load other processes put on the machine meanwhile,
    and where the runner spends its time."""
    names = ["engine_start", "query", "assemble_leads", "other", "collision", "leads"]
    lines = [
        "| rows | run | wall | CPU | other processes' CPUs | " + " | ".join(names) + " |",
        "|---:|---|---:|---:|---:|" + "---:|" * len(names),
    ]
    for r in report["results"]:
        for label, name in (
            ("clueloop DuckDB", "clueloop"),
            ("pandas", "pandas"),
            ("clueloop Spark", "spark"),
        ):
            m = r.get(name)
            if not m or "seconds" not in m:
                continue
            stages = m.get("stages")
            cells = (
                " | ".join(f"{stages[n]:.1f} s" if n in stages else "" for n in names)
                if stages
                else " | " * (len(names) - 1)
            )
            lines.append(
                f"| {r['rows']:,} | {label} | {m['seconds']:.1f} s | {m['cpu_seconds']:.1f} s "
                f"| {m['others_cpus']:.1f} | {cells} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000000,10000000", help="rows in each table, comma-separated")
    parser.add_argument("--baseline-max", type=int, default=10_000_000, help="largest size to run pandas on")
    parser.add_argument("--spark-max", type=int, default=1_000_000, help="largest size to run Spark on")
    parser.add_argument("--batch-rows", type=int, default=1_000_000, help="rows per lake batch")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/engine.json"))
    parser.add_argument("--child", nargs=3, metavar=("MODE", "HOME", "KEYS"), help=argparse.SUPPRESS)
    parser.add_argument("--keep-data", action="store_true", help="keep the generated lakes")
    args = parser.parse_args()
    if args.child:
        mode, home, keys = args.child
        if mode == "pandas":
            print(json.dumps(run_pandas(Path(home), Path(keys))))
        else:
            print(json.dumps(run_ours(Path(home), mode, Path(keys))))
        return
    try:
        sizes = [int(s) for s in args.sizes.split(",")]
        report = bench(sizes, args.baseline_max, args.spark_max, args.batch_rows)
    finally:
        if not args.keep_data:
            shutil.rmtree(HERE, ignore_errors=True)
            if DATA.exists() and not any(DATA.iterdir()):
                DATA.rmdir()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(report))
    print()
    print(details_table(report))


if __name__ == "__main__":
    main()
