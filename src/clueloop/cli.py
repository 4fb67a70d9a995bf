"""The ``clueloop`` command: a thin shell over the library (catalog, ingest, lake)."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from clueloop.catalog import UnknownKindError, get_kind, load_kinds
from clueloop.ingest.errors import IngestError
from clueloop.ingest.headers import load_mapping
from clueloop.ingest.lake import Lake, default_home
from clueloop.ingest.quality import quality_report, reason_zh
from clueloop.ingest.query import QueryError, run_query
from clueloop.ingest.service import IngestResult, expand_paths, ingest_file
from clueloop.security.access import record_access
from clueloop.security.masking import mask_value

app = typer.Typer(
    help="clueloop —— 数字检察：数据导入、模型碰撞、线索闭环。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
console = Console()
err = Console(stderr=True, soft_wrap=True)

HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home", help="数据主目录（湖、数据库、日志）；也可用环境变量 CLUELOOP_HOME", show_default=False
    ),
]


class State:
    home: Path | None = None


def _home(home: Path | None) -> Path:
    return (home or State.home or default_home()).expanduser().resolve()


@app.callback()
def _main(home: HomeOption = None) -> None:
    State.home = home


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


ModelsOption = Annotated[
    list[Path] | None,
    typer.Option("--models", help="用户模型文件夹（可多次给出）；也可用环境变量 CLUELOOP_MODELS"),
]


def _library(models: list[Path] | None) -> Any:
    from clueloop.engine.library import load_library

    library = load_library(models)
    for error in library.errors:
        err.print(f"[yellow]模型文件有错误，已跳过：[/]{error}")
    return library


@app.command("check")
def check_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="模型文件或文件夹；省略时检查内置与用户模型")
    ] = None,
    models: ModelsOption = None,
) -> None:
    """校验模型文件：未知的数据类型、别名、列、参数、函数，类型不匹配，语法错误——指出文件、行与列。"""
    from clueloop.engine.library import check_paths, model_folders

    ok, errors = check_paths(paths or model_folders(models))
    for f in ok:
        console.print(f"[green]✓[/] {f.path}  {f.spec.id} {f.spec.name}")
    for e in errors:
        err.print(f"[red]✗[/] {e}")
    if errors:
        raise typer.Exit(1)


@app.command("explain")
def explain_command(
    model: Annotated[str, typer.Argument(help="模型 id")],
    engine: Annotated[str, typer.Option("--engine", help="duckdb 或 spark")] = "duckdb",
    as_of: Annotated[str | None, typer.Option("--as-of", help="运行日期 YYYY-MM-DD（默认今天）")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", help="MODEL.NAME=VALUE")] = None,
    models: ModelsOption = None,
) -> None:
    """显示模型编译后的 SQL（不连接任何数据库）。"""
    from clueloop.engine.compiler import compile_model, resolve_parameters

    library = _library(models)
    try:
        checked = library.get(model)
        overrides = _parse_params(param or []).get(model, {})
        compiled = compile_model(checked, resolve_parameters(checked, overrides), _as_of(as_of))
    except (LookupError, ValueError) as exc:
        err.print(f"[red]错误：[/]{exc}")
        raise typer.Exit(2) from None
    if engine not in ("duckdb", "spark"):
        err.print("[red]错误：[/]--engine 只能是 duckdb 或 spark")
        raise typer.Exit(2)
    sys.stdout.write(compiled.sql(engine) + "\n")


def _as_of(text: str | None) -> Any:
    import datetime as dt

    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--as-of 应是 YYYY-MM-DD 格式的日期，而不是 {text!r}") from None


def _parse_params(items: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        name, sep, value = item.partition("=")
        model, dot, param = name.rpartition(".")
        if not sep or not dot or not model or not param:
            raise ValueError(
                f"--param 应写成 MODEL.NAME=VALUE，例如 postal-sender-not-referred.grace_days=60：{item!r}"
            )
        parsed: Any = value
        if value.startswith("@"):
            import yaml

            parsed = yaml.safe_load(Path(value[1:]).read_text(encoding="utf-8"))
        elif value.startswith(("[", "{")):
            parsed = json.loads(value)
        out.setdefault(model, {})[param] = parsed
    return out


@app.command("run")
def run_command(
    model_ids: Annotated[list[str] | None, typer.Argument(help="模型 id（或用 --all）")] = None,
    all_models: Annotated[bool, typer.Option("--all", help="运行所有模型")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="运行日期 YYYY-MM-DD（默认今天）")] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", help="MODEL.NAME=VALUE（列表用逗号分隔，表用 @文件）")
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="把运行记录与线索写入 JSON 文件")] = None,
    engine: Annotated[str, typer.Option("--engine", help="duckdb（默认）或 spark")] = "duckdb",
    spark_master: Annotated[
        str | None, typer.Option("--spark-master", help="Spark master（默认 local[2]）")
    ] = None,
    models: ModelsOption = None,
    home: HomeOption = None,
) -> None:
    """运行监督模型，碰撞湖中数据，输出线索（证件号码在屏幕上脱敏；JSON 为完整值供授权使用）。"""
    from clueloop.engine.runner import run_models

    h = _home(home)
    library = _library(models)
    try:
        if all_models:
            chosen = list(library.models.values())
        elif model_ids:
            chosen = [library.get(m) for m in model_ids]
        else:
            raise ValueError("请给出模型 id，或用 --all 运行全部模型")
        params = _parse_params(param or [])
        day = _as_of(as_of)
    except (LookupError, ValueError) as exc:
        err.print(f"[red]错误：[/]{exc}")
        raise typer.Exit(2) from None
    options = {"master": spark_master} if spark_master else {}
    try:
        with err.status("运行模型…") as status:

            def on_progress(model_id: str, i: int, n: int) -> None:
                status.update(f"运行模型 {i + 1}/{n}：{model_id}")

            result = run_models(
                h,
                chosen,
                as_of=day,
                parameters=params,
                engine=engine,
                engine_options=options,
                progress=on_progress,
            )
    except (LookupError, ValueError, RuntimeError) as exc:
        err.print(f"[red]运行失败：[/]{exc}")
        raise typer.Exit(1) from None
    record_access(
        h, "run", models=[m.spec.id for m in chosen], leads=len(result.leads), json=str(json_out or "")
    )
    table = Table(
        "模型",
        "名称",
        "线索",
        "读取行数",
        "用时（秒）",
        title=f"运行 {result.run['id']}（as_of {day}，{engine}）",
    )
    for m in result.run["models"]:
        table.add_row(
            m["id"], m["name"], str(m["leads"]), f"{sum(m['rows_read'].values()):,}", f"{m['seconds']:.2f}"
        )
    console.print(table)
    for lead in result.leads[:20]:
        console.print(f"  [bold]{lead['model']}[/] {mask_value(' / '.join(lead['key']))}  {lead['title']}")
    if len(result.leads) > 20:
        console.print(f"  …共 {len(result.leads)} 条线索")
    if json_out:
        json_out.write_text(json.dumps(result.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
        console.print(f"线索已写入 {json_out}")


@app.command("models")
def models_command(
    model: Annotated[str | None, typer.Argument(help="模型 id：显示其文档与参数")] = None,
    models: ModelsOption = None,
) -> None:
    """列出模型库（内置与用户模型）；给出 id 时显示该模型的说明、法律依据、参数与数据来源。"""
    library = _library(models)
    if model is None:
        table = Table("id", "名称", "领域", "移送对象", "来源文件", title="模型库")
        for m in library.models.values():
            table.add_row(m.spec.id, m.spec.name, m.spec.domain, m.spec.target_organ, m.file.path.name)
        console.print(table)
        return
    try:
        m = library.get(model)
    except LookupError as exc:
        err.print(f"[red]错误：[/]{exc}")
        raise typer.Exit(2) from None
    from rich.markdown import Markdown

    spec = m.spec
    console.print(f"[bold]{spec.name}[/]（{spec.id}，版本 {spec.version}）")
    console.print(f"领域：{spec.domain}    移送：{spec.target_organ}")
    console.print(spec.description.strip())
    if spec.legal_basis:
        console.print("法律依据：" + "；".join(spec.legal_basis))
    params = Table("参数", "类型", "默认值", "说明")
    for name, p in spec.parameters.items():
        default = p.default if p.type != "table" else f"{len(p.default or [])} 行（{'、'.join(p.columns)}）"
        params.add_row(name, p.type, str(default), p.description)
    console.print(params)
    from clueloop.engine.runner import kinds_read

    console.print("需要的数据类型：" + "、".join(kinds_read(m)))
    if spec.doc:
        console.print(Markdown(spec.doc))


@app.command("model-export")
def model_export_command(
    model: Annotated[str, typer.Argument(help="模型 id")],
    target: Annotated[Path, typer.Argument(help="目标文件或文件夹")],
    models: ModelsOption = None,
) -> None:
    """把一个模型导出为单个文件，分享给其他检察院。"""
    from clueloop.engine.library import export_model

    library = _library(models)
    try:
        path = export_model(library.get(model), target)
    except LookupError as exc:
        err.print(f"[red]错误：[/]{exc}")
        raise typer.Exit(2) from None
    console.print(f"已导出 {path}")


@app.command("model-import")
def model_import_command(
    source: Annotated[Path, typer.Argument(help="他处分享的模型文件")],
    folder: Annotated[Path, typer.Argument(help="用户模型文件夹")],
) -> None:
    """校验并导入他处分享的模型文件到用户模型文件夹。"""
    from clueloop.engine.library import import_model
    from clueloop.engine.spec import SpecError

    try:
        path = import_model(source, folder)
    except SpecError as exc:
        err.print(f"[red]模型文件有错误：[/]{exc}")
        raise typer.Exit(1) from None
    console.print(f"已导入 {path}；运行时加上 --models {folder} 或设置 CLUELOOP_MODELS")


@app.command("synth")
def synth_command(
    outdir: Annotated[Path, typer.Argument(help="输出文件夹（导出文件、manifest.json、truth.json）")],
    seed: Annotated[int, typer.Option("--seed", help="随机种子（同一种子生成相同文件）")] = 1,
    scale: Annotated[int, typer.Option("--scale", help="背景数据规模倍数（预设案例不变）")] = 1,
    as_of: Annotated[str | None, typer.Option("--as-of", help="运行日期 YYYY-MM-DD（默认今天）")] = None,
) -> None:
    """生成 20 类机关导出的合成数据（多种格式、编码、表头与脏数据）及每个模型应发现的线索（truth.json）。"""
    from clueloop.synth.generate import MANIFEST, TRUTH, generate

    try:
        day = _as_of(as_of)
        result = generate(outdir, seed=seed, scale=scale, as_of=day)
    except ValueError as exc:
        err.print(f"[red]错误：[/]{exc}")
        raise typer.Exit(2) from None
    files = Table("文件", "数据类型", "格式", "编码", "表头", "行数", title=f"导出文件（{outdir}）")
    for f in result.files:
        fmt = f.format + ("+标题行" if f.title_row else "")
        files.add_row(f.file, f.kind, fmt, f.encoding or "", f.headers, f"{f.rows:,}")
    console.print(files)
    kinds = Table("数据类型", "行数", title="各数据类型行数")
    for kind, rows in result.rows.items():
        kinds.add_row(kind, f"{rows:,}")
    kinds.add_row("合计", f"{sum(result.rows.values()):,}")
    console.print(kinds)
    planted = Table("模型", "应有线索", "预设案例（真/近似反例）", title="预设线索")
    for model, keys in result.truth.items():
        cases = [c for c in result.cases if c.model == model]
        leads = sum(c.lead for c in cases)
        planted.add_row(model, str(len(keys)), f"{leads} / {len(cases) - leads}")
    console.print(planted)
    console.print(
        f"种子 {seed}，规模 {scale}，as_of {day}，用时 {result.seconds:.1f} 秒；"
        f"文件清单 {outdir / MANIFEST}，应有线索 {outdir / TRUTH}"
    )


@app.command("demo")
def demo_command(
    seed: Annotated[int, typer.Option("--seed", help="随机种子")] = 1,
    scale: Annotated[int, typer.Option("--scale", help="背景数据规模倍数")] = 1,
    as_of: Annotated[str | None, typer.Option("--as-of", help="运行日期 YYYY-MM-DD（默认今天）")] = None,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="只生成摘要与报告，不启动网页")] = False,
    home: HomeOption = None,
) -> None:
    """演示：生成带“脏数据”和预设线索的 20 类机关导出，导入湖中，运行全部模型，输出摘要与 HTML 报告。"""
    from clueloop.demo import run_demo

    h = _home(home)
    if (h / "lake").exists():
        err.print(f"[yellow]提示：[/]{h} 已有数据；演示将在其上继续（相同文件不会重复导入）。")
    console.print(f"[bold]clueloop 演示[/]：数据主目录 {h}")
    try:
        day = _as_of(as_of)
    except ValueError as exc:
        err.print(f"[red]错误：[/]{exc}")
        raise typer.Exit(2) from None
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[rows]:>10,} 行"),
        console=err,
        transient=True,
    ) as bar:
        overall = bar.add_task("准备", total=None, rows=0)

        def on_step(text: str) -> None:
            bar.update(overall, description=text)

        def progress_for(path: Path) -> Any:
            def on_progress(phase: str, n: int, done: int, total: int) -> None:
                bar.update(overall, completed=done or None, total=max(total, 1), rows=n)

            return on_progress

        result = run_demo(h, seed=seed, scale=scale, as_of=day, progress=progress_for, on_step=on_step)
    _print_demo(result)
    if not no_serve:
        console.print("[dim]网页应用尚未提供；以上为命令行摘要与 HTML 报告。[/]")


def _print_demo(result: Any) -> None:
    kinds: dict[str, list[Any]] = {}
    for r in result.ingested:
        kinds.setdefault(r.kind, []).append(r)
    data = Table("数据类型", "文件", "行数", "无效值", "重复标识", title="导入的数据与质量问题")
    for kind, items in sorted(kinds.items()):
        reports = [r.report for r in items]
        invalid = sum(c["invalid"] for rep in reports for c in rep["columns"])
        dups = sum(rep["duplicates"]["values"] for rep in reports)
        rows = sum(rep["rows"] for rep in reports)
        data.add_row(kind, str(len(items)), f"{rows:,}", f"{invalid:,}", f"{dups:,}")
    console.print(data)
    models = Table("模型", "名称", "线索", "预设", "命中", title="各模型线索（与预设线索对照）")
    for model in result.run.run["models"]:
        found, planted, hit = result.scores()[model["id"]]
        mark = "[green]✓[/]" if found == planted == hit else "[red]✗[/]"
        models.add_row(model["id"], model["name"], str(found), str(planted), f"{hit} {mark}")
    console.print(models)
    steps = Table("步骤", "用时（秒）", title="用时")
    for name, seconds in result.steps:
        steps.add_row(name, f"{seconds:.1f}")
    console.print(steps)
    console.print(f"HTML 报告：{result.report}")
    console.print(f"线索 JSON：{result.home / 'leads.json'}")
    console.print(f"继续探索：clueloop --home {result.home} quality    clueloop --home {result.home} models")


def main() -> None:
    app()
