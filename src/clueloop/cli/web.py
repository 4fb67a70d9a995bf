"""Commands for the web application: serve, and the users who sign in to it."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer
from rich.table import Table

from clueloop.cli._app import HomeOption, _home, app, console, err
from clueloop.cli.loop import DbOption, UserOption, _unit, _user

users_app = typer.Typer(
    help="网页用户：新增、列出、停用（角色：检察官、部门负责人、数据管理员、外部单位联络员、审计员）。",
    no_args_is_help=True,
)
app.add_typer(users_app, name="users")


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option("--host", help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口")] = 8000,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """启动网页应用（http://127.0.0.1:8000）。"""
    try:
        import uvicorn

        from clueloop.web.app import create_app
    except ImportError as exc:
        err.print(f"[red]错误：[/]网页应用需要可选依赖 web：pip install 'clueloop[web]'（{exc}）")
        raise typer.Exit(2) from None
    h = _home(home)
    console.print(f"网页应用：http://{host}:{port}  （数据主目录 {h}；Ctrl+C 停止）")
    uvicorn.run(create_app(h, db), host=host, port=port, log_level="warning")


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[str, typer.Option("--role", help="检察官/部门负责人/数据管理员/外部单位联络员/审计员")],
    name: Annotated[str, typer.Option("--name", help="显示名称")] = "",
    organ: Annotated[str, typer.Option("--organ", help="外部单位联络员所属单位（须与移送对象一致）")] = "",
    department: Annotated[str, typer.Option("--department", help="部门")] = "",
    password: Annotated[
        str | None, typer.Option("--password", help="密码（省略时交互输入；至少 8 位）", show_default=False)
    ] = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """新增网页用户（密码以 argon2 散列保存）。"""
    from clueloop.security.users import add_user

    secret = password or getpass.getpass("密码：")
    with _unit(home, db) as (session, _, _h):
        u = add_user(
            session,
            username,
            secret,
            role,
            _user(user),
            display_name=name,
            organ=organ,
            department=department,
        )
        console.print(f"已新增用户 {u.username}（{u.role}{'，' + u.organ if u.organ else ''}）")


@users_app.command("list")
def users_list(db: DbOption = None, home: HomeOption = None) -> None:
    """列出网页用户。"""
    from sqlalchemy import select

    from clueloop.workflow.orm import User

    with _unit(home, db) as (session, _, _h):
        table = Table("用户名", "名称", "角色", "单位", "部门", "状态", title="网页用户")
        for u in session.scalars(select(User).order_by(User.id)):
            table.add_row(
                u.username, u.display_name, u.role, u.organ, u.department, "停用" if u.disabled else "正常"
            )
        console.print(table)


@users_app.command("disable")
def users_disable(
    username: Annotated[str, typer.Argument(help="用户名")],
    enable: Annotated[bool, typer.Option("--enable", help="重新启用")] = False,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """停用用户（立即注销其所有会话）；--enable 重新启用。"""
    from clueloop.security.users import set_disabled

    with _unit(home, db) as (session, _, _h):
        u = set_disabled(session, username, _user(user), disabled=not enable)
        console.print(f"用户 {u.username} 已{'停用，会话已全部注销' if u.disabled else '启用'}")
