"""Commands over the closed loop: leads, cases, transfers, recommendations, due, stats, calendar, db.

Each command opens the workflow database (``--db URL`` / ``CLUELOOP_DB``, else SQLite in the home
folder), does one unit of work through the service layer and prints the result in Chinese.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from clueloop.cli._app import HomeOption, _home, app, console, err
from clueloop.security.access import record_access
from clueloop.security.masking import mask_text, mask_value

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="工作流数据库 URL（默认 HOME/workflow.db；也可用环境变量 CLUELOOP_DB）"),
]
UserOption = Annotated[
    str | None, typer.Option("--user", "-u", help="操作人（默认环境变量 CLUELOOP_USER 或系统用户名）")
]
VersionOption = Annotated[
    int | None, typer.Option("--version", help="你看到的版本号；他人已修改时拒绝保存（乐观锁）")
]
OnOption = Annotated[str | None, typer.Option("--on", help="日期 YYYY-MM-DD（默认今天）")]

lead_app = typer.Typer(help="线索：查看、研判、分配、意见、合并、附件。", no_args_is_help=True)
case_app = typer.Typer(help="案件：由成案线索立案、并案、结案。", no_args_is_help=True)
transfer_app = typer.Typer(
    help="移送：谁办案、谁移送；接收、反馈、退回、办结、移送函。", no_args_is_help=True
)
rec_app = typer.Typer(
    help="检察建议：起草、发出、送达、回复、回头看、起诉、通报抄送听证、文书。", no_args_is_help=True
)
calendar_app = typer.Typer(help="工作日历：导入国务院节假日安排、查看某年的节假日。", no_args_is_help=True)
db_app = typer.Typer(help="工作流数据库：迁移到最新结构。", no_args_is_help=True)
for name, sub in [
    ("lead", lead_app),
    ("case", case_app),
    ("transfer", transfer_app),
    ("rec", rec_app),
    ("calendar", calendar_app),
    ("db", db_app),
]:
    app.add_typer(sub, name=name)


def _user(user: str | None) -> str:
    return user or os.environ.get("CLUELOOP_USER") or getpass.getuser()


def _date(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        err.print(f"[red]错误：[/]日期应写成 YYYY-MM-DD，而不是 {text!r}")
        raise typer.Exit(2) from None


@contextmanager
def _unit(home: Path | None, db: str | None) -> Iterator[tuple[Session, Any, Path]]:
    """One unit of work; a refused operation prints its reason and exits 1 (nothing is saved)."""
    from clueloop.workflow.db import Workflow
    from clueloop.workflow.policy import load_policy
    from clueloop.workflow.states import WorkflowError

    h = _home(home)
    try:
        policy = load_policy(h)
        wf = Workflow.open(h, db)
    except (ValueError, OSError) as exc:
        err.print(f"[red]错误：[/]{exc}")
        raise typer.Exit(2) from None
    try:
        with wf.transaction() as session:
            yield session, policy, h
    except WorkflowError as exc:
        err.print(f"[red]未执行：[/]{exc}")
        raise typer.Exit(1) from None
    finally:
        wf.close()


def _calendar(session: Session) -> Any:
    from clueloop.workflow.calendar_store import work_calendar

    return work_calendar(session)


# --- leads ---------------------------------------------------------------------------------------


@app.command("leads")
def leads_command(
    state: Annotated[
        str | None, typer.Option("--state", help="状态：待研判/研判中/成案/不成案/已合并")
    ] = None,
    model: Annotated[str | None, typer.Option("--model", help="模型 id")] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="承办人")] = None,
    sleeping: Annotated[bool, typer.Option("--sleeping", help="只看沉睡线索")] = False,
    review: Annotated[bool, typer.Option("--review", help="只看有新证据待复核的线索")] = False,
    text: Annotated[str | None, typer.Option("--text", help="标题或对象名称包含")] = None,
    limit: Annotated[int, typer.Option("--limit", help="每页条数")] = 50,
    page: Annotated[int, typer.Option("--page", help="页码（从 1 开始）")] = 1,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """列出工作流中的线索（可筛选、分页；证件号码脱敏）。"""
    from clueloop.workflow.leads import LeadFilter, list_leads

    f = LeadFilter(
        state,
        model,
        owner,
        sleeping=True if sleeping else None,
        needs_review=True if review else None,
        text=text,
    )
    with _unit(home, db) as (session, _, h):
        total, rows = list_leads(session, f, limit=limit, offset=(max(page, 1) - 1) * limit)
        table = Table(
            "编号",
            "模型",
            "对象",
            "标题",
            "状态",
            "承办人",
            "版本",
            title=f"线索（共 {total} 条，第 {page} 页）",
        )
        for lead in rows:
            flags = (" [red]沉睡[/]" if lead.sleeping_since else "") + (
                " [yellow]待复核[/]" if lead.needs_review else ""
            )
            table.add_row(
                str(lead.id),
                lead.model_id,
                f"{lead.subject_name or ''} {mask_value(lead.subject_id or '')}",
                mask_text(lead.title),
                lead.state + flags,
                lead.owner,
                str(lead.version),
            )
        console.print(table)
        record_access(h, "leads", user=_user(user), filter=str(f), shown=len(rows))


@lead_app.command("show")
def lead_show(
    lead_id: Annotated[int, typer.Argument(help="线索编号")],
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """显示一条线索：对象、证据（脱敏）、意见、时间线与此时可做的操作。"""
    from clueloop.workflow._common import load
    from clueloop.workflow.leads import history
    from clueloop.workflow.orm import Lead
    from clueloop.workflow.states import LEAD

    with _unit(home, db) as (session, _, h):
        lead = load(session, Lead, lead_id)
        console.print(f"[bold]线索 {lead.id}[/]（第 {lead.version} 版）  {mask_text(lead.title)}")
        console.print(
            f"模型：{lead.model_name}（{lead.model_id}）  领域：{lead.domain}  移送对象：{lead.target_organ}"
        )
        console.print(
            f"对象：{lead.subject_name or ''} {mask_value(lead.subject_id or '')}  "
            f"键：{mask_value(' / '.join(lead.key))}"
        )
        console.print(
            f"状态：{lead.state}{'（' + lead.state_reason + '）' if lead.state_reason else ''}  "
            f"承办人：{lead.owner or '未分配'}  案件：{lead.case_id or '—'}"
        )
        if lead.sleeping_since:
            console.print(f"[red]沉睡：自 {lead.sleeping_since} 起无人处理[/]")
        if lead.needs_review:
            console.print(f"[yellow]待复核：{lead.review_note}[/]")
        allowed = LEAD.allowed(lead.state)
        console.print("可做的操作：" + ("、".join(f"{a}（→{s}）" for s, a in allowed.items()) or "无"))
        ev = Table("数据集", "来源文件", "行", "内容（脱敏）", title=f"证据（{len(lead.evidence)} 条）")
        for e in lead.evidence:
            content = "，".join(f"{k}={mask_value(v)}" for k, v in e.values.items() if v not in (None, ""))
            ev.add_row(e.dataset, Path(e.source_file or "").name, str(e.row), content[:120])
        console.print(ev)
        for c in lead.comments:
            console.print(f"意见 {c.at:%Y-%m-%d %H:%M} {c.author}：{c.text}")
        timeline = Table("时间", "操作人", "操作", "说明", title="时间线")
        for a in history(session, "lead", lead.id):
            timeline.add_row(f"{a.at:%Y-%m-%d %H:%M}", a.actor, a.action, a.note)
        console.print(timeline)
        record_access(h, "lead", user=_user(user), lead=lead.id)


@lead_app.command("move")
def lead_move(
    lead_id: Annotated[int, typer.Argument(help="线索编号")],
    state: Annotated[str, typer.Argument(help="目标状态：研判中/成案/不成案/待研判")],
    reason: Annotated[str, typer.Option("--reason", help="理由（不成案时必填）")] = "",
    version: VersionOption = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """研判线索：改变其状态（非法的状态变化会被拒绝）。"""
    from clueloop.workflow import leads

    with _unit(home, db) as (session, _, _h):
        lead = leads.move(session, lead_id, state, _user(user), reason=reason, version=version)
        console.print(f"线索 {lead.id} → {lead.state}")


@lead_app.command("assign")
def lead_assign(
    lead_id: Annotated[int, typer.Argument(help="线索编号")],
    owner: Annotated[str | None, typer.Option("--owner", help="承办检察官")] = None,
    department: Annotated[str | None, typer.Option("--department", help="承办部门")] = None,
    version: VersionOption = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """分配线索的承办人与部门。"""
    from clueloop.workflow import leads

    with _unit(home, db) as (session, _, _h):
        lead = leads.assign(
            session, lead_id, _user(user), owner=owner, department=department, version=version
        )
        console.print(f"线索 {lead.id} 承办人：{lead.owner or '未分配'}  部门：{lead.department or '—'}")


@lead_app.command("comment")
def lead_comment(
    lead_id: Annotated[int, typer.Argument(help="线索编号")],
    text: Annotated[str, typer.Argument(help="意见")],
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """给线索添加研判意见。"""
    from clueloop.workflow import leads

    with _unit(home, db) as (session, _, _h):
        leads.comment(session, lead_id, _user(user), text)
        console.print(f"线索 {lead_id} 已添加意见")


@lead_app.command("merge")
def lead_merge(
    lead_id: Annotated[int, typer.Argument(help="要合并的线索编号")],
    into: Annotated[int, typer.Option("--into", help="并入的线索编号")],
    reason: Annotated[str, typer.Option("--reason", help="理由")] = "",
    version: VersionOption = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """把线索合并到另一条线索（已合并）；其后的新证据归入目标线索。"""
    from clueloop.workflow import leads

    with _unit(home, db) as (session, _, _h):
        leads.merge(session, lead_id, into, _user(user), reason=reason, version=version)
        console.print(f"线索 {lead_id} 已并入线索 {into}")


@lead_app.command("keep-closed")
def lead_keep_closed(
    lead_id: Annotated[int, typer.Argument(help="线索编号")],
    note: Annotated[str, typer.Option("--note", help="复核意见")],
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """复核新证据后维持不成案（清除待复核标记）；要重新研判则用 lead move ID 研判中。"""
    from clueloop.workflow import leads

    with _unit(home, db) as (session, _, _h):
        leads.dismiss_review(session, lead_id, _user(user), note)
        console.print(f"线索 {lead_id} 维持不成案")


@lead_app.command("attach")
def lead_attach(
    lead_id: Annotated[int, typer.Argument(help="线索编号")],
    path: Annotated[Path, typer.Argument(help="附件文件")],
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """给线索添加附件（复制到 HOME/attachments，按内容命名）。"""
    from clueloop.workflow import leads
    from clueloop.workflow._common import load
    from clueloop.workflow.orm import Lead

    with _unit(home, db) as (session, _, h):
        load(session, Lead, lead_id)
        item = leads.attach(session, h, "lead", lead_id, path, _user(user))
        console.print(f"线索 {lead_id} 已添加附件 {item.filename}")


# --- cases ---------------------------------------------------------------------------------------


@case_app.command("open")
def case_open(
    lead_ids: Annotated[list[int], typer.Argument(help="成案线索编号（可多个）")],
    title: Annotated[str, typer.Option("--title", help="案件名称（默认取第一条线索标题）")] = "",
    department: Annotated[str, typer.Option("--department", help="承办部门")] = "",
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """由一条或多条成案线索立案。"""
    from clueloop.workflow import cases

    with _unit(home, db) as (session, policy, _h):
        case = cases.open_case(session, policy, lead_ids, _user(user), title=title, department=department)
        console.print(f"已立案 {case.number}（编号 {case.id}），线索 {', '.join(map(str, lead_ids))}")


@case_app.command("add")
def case_add(
    case_id: Annotated[int, typer.Argument(help="案件编号")],
    lead_id: Annotated[int, typer.Argument(help="成案线索编号")],
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """把一条成案线索并入已有案件。"""
    from clueloop.workflow import cases

    with _unit(home, db) as (session, _, _h):
        case = cases.add_lead(session, case_id, lead_id, _user(user))
        console.print(f"线索 {lead_id} 已并入案件 {case.number}")


@case_app.command("close")
def case_close(
    case_id: Annotated[int, typer.Argument(help="案件编号")],
    state: Annotated[str, typer.Option("--state", help="已结案 或 已撤销")] = "已结案",
    note: Annotated[str, typer.Option("--note", help="说明")] = "",
    version: VersionOption = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """结案或撤销案件。"""
    from clueloop.workflow import cases

    with _unit(home, db) as (session, _, _h):
        case = cases.move(session, case_id, state, _user(user), note=note, version=version)
        console.print(f"案件 {case.number} → {case.state}")


# --- transfers -----------------------------------------------------------------------------------


@transfer_app.command("create")
def transfer_create(
    to: Annotated[str, typer.Option("--to", help="接收机关或部门")],
    standard: Annotated[str, typer.Option("--standard", help="移送依据的标准")],
    lead: Annotated[int | None, typer.Option("--lead", help="成案线索编号")] = None,
    case: Annotated[int | None, typer.Option("--case", help="案件编号")] = None,
    internal: Annotated[
        bool, typer.Option("--internal", help="内部移送（院内部门；3 个工作日内受理）")
    ] = False,
    on: OnOption = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """移送线索或案件（谁办案、谁移送），按日历计算受理与反馈期限。"""
    from clueloop.workflow import transfers

    with _unit(home, db) as (session, policy, _h):
        t = transfers.create(
            session,
            policy,
            _calendar(session),
            _user(user),
            target=to,
            standard=standard,
            internal=internal,
            lead_id=lead,
            case_id=case,
            sent_on=_date(on),
        )
        accept = f"  受理期限：{t.accept_due}" if t.accept_due else ""
        console.print(f"已移送 {t.number}（编号 {t.id}）→ {t.target}{accept}  反馈期限：{t.feedback_due}")
        if t.calendar_warning:
            console.print(f"[yellow]注意：{t.calendar_warning}[/]")


def _transfer_move(
    transfer_id: int,
    state: str,
    text: str,
    on: str | None,
    version: int | None,
    user: str | None,
    db: str | None,
    home: Path | None,
    attach: Path | None = None,
) -> None:
    from clueloop.workflow import leads, transfers

    with _unit(home, db) as (session, _, h):
        t = transfers.move(session, transfer_id, state, _user(user), on=_date(on), text=text, version=version)
        if attach:
            leads.attach(session, h, "transfer", t.id, attach, _user(user))
        console.print(f"移送 {t.number} → {t.state}")


@transfer_app.command("accept")
def transfer_accept(
    transfer_id: Annotated[int, typer.Argument(help="移送编号")],
    on: OnOption = None,
    version: VersionOption = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """接收机关或部门受理移送。"""
    _transfer_move(transfer_id, "已接收", "", on, version, user, db, home)


@transfer_app.command("feedback")
def transfer_feedback(
    transfer_id: Annotated[int, typer.Argument(help="移送编号")],
    text: Annotated[str, typer.Option("--text", help="反馈内容")],
    attach: Annotated[Path | None, typer.Option("--attach", help="反馈附件")] = None,
    on: OnOption = None,
    version: VersionOption = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """记录接收单位的反馈（可附文件）。"""
    _transfer_move(transfer_id, "已反馈", text, on, version, user, db, home, attach)


@transfer_app.command("return")
def transfer_return(
    transfer_id: Annotated[int, typer.Argument(help="移送编号")],
    reason: Annotated[str, typer.Option("--reason", help="退回理由")],
    version: VersionOption = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """接收单位退回移送（须写明理由）。"""
    _transfer_move(transfer_id, "已退回", reason, None, version, user, db, home)


@transfer_app.command("close")
def transfer_close(
    transfer_id: Annotated[int, typer.Argument(help="移送编号")],
    version: VersionOption = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """确认反馈，移送办结。"""
    _transfer_move(transfer_id, "已办结", "", None, version, user, db, home)


@transfer_app.command("letter")
def transfer_letter_command(
    transfer_id: Annotated[int, typer.Argument(help="移送编号")],
    out: Annotated[Path | None, typer.Option("--out", help="输出文件夹（默认 HOME/documents）")] = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """生成线索移送函（.docx）。"""
    from clueloop.workflow.paperwork import transfer_letter

    with _unit(home, db) as (session, policy, h):
        path = transfer_letter(session, policy, transfer_id, out or h / "documents")
        console.print(f"移送函已生成：{path}")


@transfer_app.command("list")
def transfer_list(
    state: Annotated[str | None, typer.Option("--state", help="状态")] = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """列出移送及其期限。"""
    from sqlalchemy import select

    from clueloop.workflow.orm import Transfer

    with _unit(home, db) as (session, _, _h):
        stmt = select(Transfer).order_by(Transfer.id)
        if state:
            stmt = stmt.where(Transfer.state == state)
        table = Table(
            "编号", "文号", "接收单位", "状态", "受理期限", "反馈期限", "逾期", "版本", title="移送"
        )
        for t in session.scalars(stmt):
            table.add_row(
                str(t.id),
                t.number,
                t.target,
                t.state,
                str(t.accept_due or "—"),
                str(t.feedback_due),
                "是" if t.overdue else "",
                str(t.version),
            )
        console.print(table)


# --- recommendations ---------------------------------------------------------------------------


@rec_app.command("draft")
def rec_draft(
    to: Annotated[str, typer.Option("--to", help="被建议单位")],
    facts: Annotated[str, typer.Option("--facts", help="查明的事实")],
    measure: Annotated[list[str], typer.Option("--measure", help="建议事项（可多次给出）")],
    basis: Annotated[list[str] | None, typer.Option("--basis", help="法律依据（可多次给出）")] = None,
    problems: Annotated[str, typer.Option("--problems", help="存在的问题")] = "",
    kind: Annotated[
        str, typer.Option("--kind", help="种类：诉前检察建议/社会治理检察建议/纠正违法检察建议/再审检察建议")
    ] = "诉前检察建议",
    urgent: Annotated[bool, typer.Option("--urgent", help="情况紧急：15 日内回复")] = False,
    lead: Annotated[int | None, typer.Option("--lead", help="线索编号")] = None,
    case: Annotated[int | None, typer.Option("--case", help="案件编号")] = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """起草检察建议（发出时编文号）。"""
    from clueloop.workflow import recommendations

    with _unit(home, db) as (session, _, _h):
        rec = recommendations.draft(
            session,
            _user(user),
            addressee=to,
            facts=facts,
            measures=measure,
            legal_basis=basis or [],
            problems=problems,
            kind=kind,
            urgent=urgent,
            lead_id=lead,
            case_id=case,
        )
        console.print(f"已起草检察建议（编号 {rec.id}）→ {rec.addressee}")


def _rec_move(
    rec_id: int,
    state: str,
    on: str | None,
    version: int | None,
    user: str | None,
    db: str | None,
    home: Path | None,
    attach: Path | None = None,
    **kwargs: Any,
) -> None:
    from clueloop.workflow import leads, recommendations

    with _unit(home, db) as (session, policy, h):
        rec = recommendations.move(
            session,
            policy,
            _calendar(session),
            rec_id,
            state,
            _user(user),
            on=_date(on),
            version=version,
            **kwargs,
        )
        if attach:
            leads.attach(session, h, "recommendation", rec.id, attach, _user(user))
        due = f"  回复期限：{rec.reply_due}" if state == "已送达" else ""
        console.print(f"检察建议 {rec.number or rec.id} → {rec.state}{due}")
        if state == "已送达" and rec.calendar_warning:
            console.print(f"[yellow]注意：{rec.calendar_warning}[/]")


@rec_app.command("issue")
def rec_issue(
    rec_id: Annotated[int, typer.Argument(help="检察建议编号")],
    on: OnOption = None,
    version: VersionOption = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """发出检察建议：按院、种类、年度编文号（如 某检行公建〔2026〕3号）。"""
    _rec_move(rec_id, "已发出", on, version, user, db, home)


@rec_app.command("receive")
def rec_receive(
    rec_id: Annotated[int, typer.Argument(help="检察建议编号")],
    on: OnOption = None,
    version: VersionOption = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """登记送达日期；回复期限自送达之日起算（2 个月，紧急 15 日）。"""
    _rec_move(rec_id, "已送达", on, version, user, db, home)


@rec_app.command("reply")
def rec_reply(
    rec_id: Annotated[int, typer.Argument(help="检察建议编号")],
    text: Annotated[str, typer.Option("--text", help="回复内容")],
    rectification: Annotated[str, typer.Option("--rectification", help="已整改/部分整改/未整改")],
    attach: Annotated[Path | None, typer.Option("--attach", help="回复附件")] = None,
    on: OnOption = None,
    version: VersionOption = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """登记被建议单位的书面回复与整改情况。"""
    _rec_move(rec_id, "已回复", on, version, user, db, home, attach, text=text, rectification=rectification)


@rec_app.command("review")
def rec_review(
    rec_id: Annotated[int, typer.Argument(help="检察建议编号")],
    result: Annotated[str, typer.Option("--result", help="回头看结果")],
    rectified: Annotated[bool, typer.Option("--rectified/--not-rectified", help="是否整改到位")],
    on: OnOption = None,
    version: VersionOption = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """回头看：跟进审查整改是否到位。"""
    _rec_move(rec_id, "已回头看", on, version, user, db, home, text=result, rectified=rectified)


@rec_app.command("sue")
def rec_sue(
    rec_id: Annotated[int, typer.Argument(help="检察建议编号")],
    on: OnOption = None,
    version: VersionOption = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """未整改到位或逾期未回复：提起诉讼。"""
    _rec_move(rec_id, "已起诉", on, version, user, db, home)


@rec_app.command("close")
def rec_close(
    rec_id: Annotated[int, typer.Argument(help="检察建议编号")],
    version: VersionOption = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """回头看认定已整改到位：办结。"""
    _rec_move(rec_id, "已办结", None, version, user, db, home)


@rec_app.command("notice")
def rec_notice(
    rec_id: Annotated[int, typer.Argument(help="检察建议编号")],
    kind: Annotated[str, typer.Option("--kind", help="通报/抄送/公开听证")],
    to: Annotated[str, typer.Option("--to", help="对象（如 区委、区政府）或听证参加人")],
    summary: Annotated[str, typer.Option("--summary", help="内容或听证结论")] = "",
    place: Annotated[str, typer.Option("--place", help="听证地点")] = "",
    on: OnOption = None,
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """登记通报、抄送党委政府，或公开听证。"""
    from clueloop.workflow import recommendations

    with _unit(home, db) as (session, _, _h):
        n = recommendations.add_notice(
            session,
            _user(user),
            kind=kind,
            recipient=to,
            on=_date(on),
            summary=summary,
            place=place,
            recommendation_id=rec_id,
        )
        console.print(f"已登记{n.kind}：{n.recipient}（{n.on}）")


@rec_app.command("docx")
def rec_docx(
    rec_id: Annotated[int, typer.Argument(help="检察建议编号")],
    out: Annotated[Path | None, typer.Option("--out", help="输出文件夹（默认 HOME/documents）")] = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """生成检察建议书（.docx）。"""
    from clueloop.workflow.paperwork import recommendation_document

    with _unit(home, db) as (session, policy, h):
        path = recommendation_document(session, policy, rec_id, out or h / "documents")
        console.print(f"检察建议书已生成：{path}")


@rec_app.command("list")
def rec_list(
    state: Annotated[str | None, typer.Option("--state", help="状态")] = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """列出检察建议及其回复期限。"""
    from sqlalchemy import select

    from clueloop.workflow.orm import Recommendation

    with _unit(home, db) as (session, _, _h):
        stmt = select(Recommendation).order_by(Recommendation.id)
        if state:
            stmt = stmt.where(Recommendation.state == state)
        table = Table(
            "编号", "文号", "被建议单位", "状态", "回复期限", "整改", "逾期", "版本", title="检察建议"
        )
        for r in session.scalars(stmt):
            table.add_row(
                str(r.id),
                r.number or "（草稿）",
                r.addressee,
                r.state,
                str(r.reply_due or "—"),
                r.rectification,
                "是" if r.overdue else "",
                str(r.version),
            )
        console.print(table)


# --- deadlines, statistics, calendar, database --------------------------------------------------


@app.command("due")
def due_command(
    user: Annotated[str | None, typer.Option("--user", "-u", help="只看此人的事项")] = None,
    today: Annotated[str | None, typer.Option("--today", help="按此日期检查（默认今天）")] = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """到期与逾期事项、沉睡线索（先做一次逾期与沉睡检查，可重复运行）。"""
    from clueloop.workflow.sweep import due_items, sweep

    day = _date(today)
    with _unit(home, db) as (session, policy, _h):
        marked = sweep(session, policy, day)
        items = due_items(session, policy, day, user)
        table = Table(
            "事项", "编号", "内容", "待办", "期限", "剩余天数", "承办人", title=f"到期事项（{day}）"
        )
        for i in items:
            left = (
                ""
                if i.days_left is None
                else (f"[red]逾期 {-i.days_left} 天[/]" if i.days_left < 0 else str(i.days_left))
            )
            entity = {"transfer": "移送", "recommendation": "检察建议", "lead": "线索"}[i.entity]
            table.add_row(
                entity,
                str(i.entity_id),
                mask_text(i.label),
                i.what + (" ⚠" if i.warning else ""),
                str(i.due or ""),
                left,
                i.owner,
            )
        console.print(table)
        console.print(
            f"本次新标记：逾期移送 {marked.transfers_overdue}，"
            f"逾期检察建议 {marked.recommendations_overdue}，沉睡线索 {marked.leads_sleeping}"
        )
        if any(i.warning for i in items):
            console.print("[yellow]⚠ 期限跨越尚无官方节假日安排的年度，暂按仅周末休息计算[/]")


@app.command("sweep")
def sweep_command(
    today: Annotated[str | None, typer.Option("--today", help="按此日期检查（默认今天）")] = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """逾期与沉睡检查：标记逾期的移送与检察建议、沉睡线索（每项只标记一次；适合每日定时运行）。"""
    from clueloop.workflow.sweep import sweep

    with _unit(home, db) as (session, policy, _h):
        r = sweep(session, policy, _date(today))
        console.print(
            f"逾期移送 {r.transfers_overdue}，逾期检察建议 {r.recommendations_overdue}，"
            f"沉睡线索 {r.leads_sleeping}"
        )


@app.command("stats")
def stats_command(
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """统计：每个模型每月的 线索 → 成案 → 移送 → 检察建议 → 回复 → 整改，按时率与回复整改率。"""
    from clueloop.workflow.stats import FUNNEL, FUNNEL_ZH, compute

    with _unit(home, db) as (session, _, _h):
        s = compute(session)
    if as_json:
        sys.stdout.write(json.dumps(s.to_json(), ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("模型", "月份", *(FUNNEL_ZH[k] for k in FUNNEL), title="办案漏斗")
    for r in s.rows:
        table.add_row(r.model_name, r.month, *(str(getattr(r, k)) for k in FUNNEL))
    table.add_row("合计", "", *(str(s.totals.get(k, 0)) for k in FUNNEL))
    console.print(table)
    names = {
        "case_rate": "成案率",
        "transfer_feedback_on_time": "移送按时反馈率",
        "internal_accept_on_time": "内部移送按时受理率",
        "reply_rate": "检察建议回复率",
        "reply_on_time": "按时回复率",
        "rectification_rate": "回复整改率",
    }
    for key, value in s.rates.items():
        console.print(f"{names[key]}：{'—' if value is None else f'{value:.1%}'}")


@calendar_app.command("load")
def calendar_load(
    path: Annotated[Path, typer.Argument(help="节假日安排文件（YAML/JSON，见 README）")],
    user: UserOption = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """导入某年的国务院节假日安排；按旧日历算出的未到期期限随即重算。"""
    from clueloop.workflow.calendar_store import load_notice

    with _unit(home, db) as (session, policy, _h):
        r = load_notice(session, policy, path, _user(user))
        console.print(f"已导入 {r.year} 年节假日安排（{r.days} 天）；重算期限 {r.recomputed} 项")


@calendar_app.command("show")
def calendar_show(
    year: Annotated[int, typer.Argument(help="年份")],
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """显示某年的节假日与调休上班日，以及数据来源。"""
    with _unit(home, db) as (session, _, _h):
        cal = _calendar(session)
        source = (
            ("已导入" if year in cal.loaded_years else "内置（chinese-calendar）")
            if cal.official(year)
            else None
        )
        if source is None:
            console.print(
                f"[yellow]{year} 年没有官方节假日数据：期限按仅周末休息计算"
                "（可用 clueloop calendar load 导入）[/]"
            )
            return
        table = Table("日期", "星期", "类型", title=f"{year} 年节假日与调休（{source}）")
        day = dt.date(year, 1, 1)
        while day.year == year:
            weekend = day.weekday() >= 5
            if cal.is_workday(day) == weekend:
                table.add_row(str(day), "一二三四五六日"[day.weekday()], "调休上班" if weekend else "放假")
            day += dt.timedelta(days=1)
        console.print(table)


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None, home: HomeOption = None) -> None:
    """把工作流数据库迁移到最新结构（Alembic）；打开数据库时也会自动执行。"""
    from clueloop.workflow.db import Workflow, current_revision, database_url

    url = database_url(_home(home), db)
    wf = Workflow(url)
    console.print(f"工作流数据库已是最新结构（版本 {current_revision(wf.engine)}）")
    wf.close()
