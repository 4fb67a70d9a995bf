"""Commands that make data: synth and demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table

from clueloop.cli._app import HomeOption, _as_of, _home, app, console, err


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
    host: Annotated[str, typer.Option("--host", help="网页应用监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="网页应用端口")] = 8000,
    home: HomeOption = None,
) -> None:
    """演示：生成带“脏数据”和预设线索的 20 类机关导出，导入湖中，运行全部模型，输出摘要与 HTML 报告；
    再为每个角色建一个演示账号，并启动网页应用（--no-serve 时不启动）。"""
    from clueloop.demo import demo_users, run_demo

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
    users = demo_users(h)
    logins = Table("用户名", "密码", "角色", "名称", title="演示账号（仅供演示，勿用于真实数据）")
    logins.add_column("所属单位", overflow="fold")
    for u in users:
        logins.add_row(u.username, u.password, u.role, u.display_name, u.organ)
    console.print(logins)
    if not no_serve:
        from clueloop.cli.web import serve_command

        serve_command(host=host, port=port, db=None, home=h)


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
    if result.workflow.get("new"):
        console.print(
            f"工作流：记入 {result.workflow['new']} 条线索，示范办理 {result.workflow.get('cases', 0)} 件"
            "（研判、立案、移送、检察建议）"
        )
    console.print(f"继续探索：clueloop --home {result.home} quality    clueloop --home {result.home} models")
    console.print(f"办理线索：clueloop --home {result.home} leads    （还有 due、stats、lead show 编号）")
