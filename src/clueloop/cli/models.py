"""Commands over the model library: check, explain, run, models, model-export, model-import."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from clueloop.cli._app import HomeOption, ModelsOption, _as_of, _home, _library, app, console, err
from clueloop.security.access import record_access
from clueloop.security.masking import mask_value


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
    record: Annotated[
        bool, typer.Option("--record", help="把线索记入工作流数据库（按线索键去重；复跑只补充新证据）")
    ] = False,
    db: Annotated[str | None, typer.Option("--db", help="工作流数据库 URL（与 --record 一起用）")] = None,
    user: Annotated[str | None, typer.Option("--user", "-u", help="操作人（与 --record 一起用）")] = None,
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
    if record:
        _record(h, db, user, result)


def _record(home: Path, db: str | None, user: str | None, result: Any) -> None:
    from clueloop.cli.loop import _unit, _user
    from clueloop.workflow.leads import record_run

    with _unit(home, db) as (session, _, _h):
        r = record_run(session, result.run, result.leads, _user(user))
    console.print(
        f"已记入工作流：新线索 {r.new}，补充新证据 {r.with_new_evidence}"
        f"（其中不成案待复核 {r.flagged_for_review}），无变化 {r.unchanged}"
    )


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
