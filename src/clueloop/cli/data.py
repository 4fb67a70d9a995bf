"""Commands over the lake: kinds, ingest, batches, quality, sql."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from clueloop.catalog import UnknownKindError, get_kind, load_kinds
from clueloop.cli._app import HomeOption, _home, app, console, err
from clueloop.ingest.errors import IngestError
from clueloop.ingest.headers import load_mapping
from clueloop.ingest.lake import Lake
from clueloop.ingest.quality import quality_report, reason_zh
from clueloop.ingest.query import QueryError, run_query
from clueloop.ingest.service import IngestResult, expand_paths, ingest_file
from clueloop.security.access import record_access
from clueloop.security.masking import mask_value


@app.command("kinds")
def kinds_command(
    kind: Annotated[str | None, typer.Argument(help="数据类型，如 admin_penalty")] = None,
) -> None:
    """列出数据类型；给出类型名时显示其列、角色与可识别的表头同义词。"""
    if kind is None:
        table = Table("类型", "中文名", "列数", "必需列", title="数据类型（clueloop kinds KIND 查看详情）")
        for k in load_kinds().values():
            table.add_row(k.kind, k.title, str(len(k.columns)), "、".join(c.name for c in k.required))
        console.print(table)
        return
    try:
        k = get_kind(kind)
    except UnknownKindError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from None
    table = Table("标准列名", "角色", "必需", "可识别的表头（同义词）", "说明", title=f"{k.kind} {k.title}")
    for c in k.columns:
        note = c.note or ("取值：" + "/".join(c.values) if c.values else "")
        table.add_row(c.name, c.role.value, "是" if c.required else "", "、".join(c.synonyms), note)
    console.print(table)
    if k.description:
        console.print(k.description)
    if k.key:
        console.print(f"记录标识（重复检查）：{' + '.join(k.key)}")


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="要导入的文件或文件夹", show_default=False)],
    kind: Annotated[
        str, typer.Option("--kind", "-k", help="数据类型（clueloop kinds 列出）", show_default=False)
    ],
    mapping: Annotated[
        Path | None, typer.Option("--mapping", "-m", help="表头映射文件（JSON/YAML：源表头 → 标准列名）")
    ] = None,
    encoding: Annotated[str | None, typer.Option("--encoding", help="文本编码（默认自动检测）")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="工作表名称或序号（默认自动选择）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出结果")] = False,
    home: HomeOption = None,
) -> None:
    """导入机关导出的数据文件（CSV/XLSX/XLS/JSON Lines/Parquet），每个文件成为湖中的一个新批次。"""
    lake = Lake(_home(home))
    try:
        get_kind(kind)
        rules = load_mapping(mapping) if mapping else None
    except (UnknownKindError, IngestError) as exc:
        err.print(f"[red]错误：[/]{exc}")
        raise typer.Exit(2) from None
    results: list[IngestResult] = []
    failures = 0
    for path in expand_paths(paths):
        try:
            result = _ingest_with_progress(lake, path, kind, rules, mapping, encoding, sheet, quiet=as_json)
        except IngestError as exc:
            failures += 1
            err.print(f"[red]导入失败[/] {exc.describe()}\n[dim]湖未改变。[/]")
            continue
        results.append(result)
        if not as_json:
            _print_result(result)
    if as_json:
        payload = [
            {"file": str(r.path), "status": r.status, "batch_id": r.batch.batch_id, "report": r.report}
            for r in results
        ]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if failures:
        raise typer.Exit(1)


def _ingest_with_progress(
    lake: Lake,
    path: Path,
    kind: str,
    rules: dict[str, str] | None,
    mapping: Path | None,
    encoding: str | None,
    sheet: str | None,
    *,
    quiet: bool,
) -> IngestResult:
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[rows]:>12,} 行"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True, disable=quiet) as bar:
        task = bar.add_task(path.name, total=max(path.stat().st_size, 1) if path.exists() else 1, rows=0)

        def on_progress(phase: str, rows: int, done: int, total: int) -> None:
            bar.update(task, completed=done or None, total=max(total, 1), rows=rows)

        return ingest_file(
            lake,
            path,
            kind,
            mapping=rules,
            mapping_source=mapping,
            encoding=encoding,
            sheet=sheet,
            progress=on_progress,
        )


def _print_result(result: IngestResult) -> None:
    m = result.batch.manifest
    if result.status == "duplicate":
        console.print(
            f"[yellow]已导入过[/] {result.path.name}：内容与批次 {m['batch_id']}（{m['created_at'][:19]}，"
            f"{m['source_name']}）相同，未重复导入。"
        )
        return
    console.print(
        f"[green]已导入[/] {result.path.name} → {result.kind} 批次 {m['batch_id']}："
        f"{m['rows']:,} 行，用时 {result.seconds:.1f} 秒"
        + (f"（{'；'.join(result.notes)}）" if result.notes else "")
    )
    mapped = [f"{src}→{dst}" for src, dst in m["mapping"].items() if src != dst]
    if mapped:
        console.print("  表头对应：" + "，".join(mapped))
    if m["extras"]:
        console.print("  附加列（原样保留）：" + "、".join(m["extras"].values()))
    if m["missing_optional"]:
        console.print("  文件中没有的可选列：" + "、".join(m["missing_optional"]))
    print_report(m["report"])


def print_report(report: dict[str, Any]) -> None:
    rows = report["rows"]
    table = Table("列", "空值率", "无效", "原因（示例行号）", title=f"质量报告 {report['kind']}：{rows:,} 行")
    for c in report["columns"]:
        if not c["present"]:
            continue
        reasons = "；".join(
            f"{reason_zh(c['role'], r)} {v['count']:,}（行 {', '.join(map(str, v['rows']))}）"
            for r, v in c["reasons"].items()
        )
        invalid = f"[red]{c['invalid']:,}[/]" if c["invalid"] else "0"
        table.add_row(c["name"], f"{c['empty_rate']:.1%}", invalid, reasons)
    console.print(table)
    d = report["duplicates"]
    if d["values"]:
        console.print(
            f"  [yellow]重复记录标识[/] {'+'.join(d['key'])}：{d['values']:,} 个值共 {d['rows']:,} 行"
            f"（示例行 {', '.join(map(str, d['sample_rows']))}）"
        )
    if d.get("loaded_before"):
        console.print(f"  [yellow]与已导入批次重复的记录标识[/]：{d['loaded_before']:,} 个")


@app.command("batches")
def batches_command(
    kind: Annotated[str | None, typer.Argument(help="只列出该类型")] = None, home: HomeOption = None
) -> None:
    """列出湖中已导入的批次。"""
    lake = Lake(_home(home))
    table = Table("批次", "类型", "来源文件", "格式/编码", "行数", "导入时间")
    for b in lake.batches(kind):
        m = b.manifest
        fmt = m["format"] + (f"/{m['encoding']}" if m.get("encoding") else "")
        table.add_row(b.batch_id, b.kind, m["source_name"], fmt, f"{b.rows:,}", m["created_at"][:19])
    console.print(table)


@app.command("quality")
def quality_command(
    kind: Annotated[str | None, typer.Argument(help="数据类型；省略时汇总所有已导入类型")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
    home: HomeOption = None,
) -> None:
    """质量报告：行数、无效证件号码（按原因）、无法解析的日期与金额（含示例行号）、重复记录、空值率。"""
    lake = Lake(_home(home))
    if kind is not None:
        try:
            get_kind(kind)
        except UnknownKindError as exc:
            err.print(f"[red]{exc}[/]")
            raise typer.Exit(2) from None
    names = [kind] if kind else sorted({b.kind for b in lake.batches()})
    con = lake.connect()
    reports = []
    from sqlglot import exp

    for name in names:
        k = get_kind(name)
        report = quality_report(con, exp.to_table(name, quoted=True), k)
        report["batches"] = len(lake.batches(name))
        reports.append(report)
    con.close()
    if as_json:
        sys.stdout.write(json.dumps(reports, ensure_ascii=False, indent=2) + "\n")
        return
    if not reports:
        console.print("湖中还没有数据。先用 clueloop ingest 导入。")
    for report in reports:
        print_report(report)


@app.command("sql")
def sql_command(
    query: Annotated[str, typer.Argument(help="只读查询（SELECT/WITH），每种数据类型是一个视图")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table、csv 或 json")] = "table",
    limit: Annotated[int, typer.Option("--limit", help="表格最多显示的行数")] = 50,
    unmasked: Annotated[
        bool, typer.Option("--unmasked", help="显示完整证件号码与电话（将记录访问）")
    ] = False,
    home: HomeOption = None,
) -> None:
    """对湖做只读 SQL 查询（DuckDB 方言）。证件号码与电话默认脱敏。"""
    h = _home(home)
    lake = Lake(h)
    try:
        columns, rows = run_query(lake, query)
    except QueryError as exc:
        err.print(f"[red]查询错误：[/]{exc}")
        raise typer.Exit(2) from None
    record_access(h, "sql", query=query, rows=len(rows), unmasked=unmasked)
    if not unmasked:
        rows = [tuple(mask_value(v) for v in row) for row in rows]
    if fmt == "json":
        out = [dict(zip(columns, row, strict=True)) for row in rows]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, default=str, indent=2) + "\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        table = Table(*columns)
        for row in rows[:limit]:
            table.add_row(*["" if v is None else str(v) for v in row])
        console.print(table)
        if len(rows) > limit:
            console.print(f"（共 {len(rows):,} 行，仅显示前 {limit} 行；用 --format csv 导出全部）")
