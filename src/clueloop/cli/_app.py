"""The Typer application, the consoles and the options every command shares."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from clueloop.ingest.lake import default_home

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


def _as_of(text: str | None) -> Any:
    import datetime as dt

    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--as-of 应是 YYYY-MM-DD 格式的日期，而不是 {text!r}") from None
