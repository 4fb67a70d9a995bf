"""导出: each list (线索, 案件, 移送, 检察建议) as CSV or XLSX, with the list's filters and the user's scope.

ID and phone numbers in every cell are masked as on screen. No cell may run in a spreadsheet: text that
starts like a formula (= + - @, tab, carriage return) gets a leading single quote. CSV is UTF-8 with a BOM
so Excel reads the Chinese; XLSX is written by openpyxl in write-only mode. Rows are streamed from the
database into a temporary file, so a million leads do not sit in memory. Every export is in the access
log."""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse, Response
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import Select
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from clueloop.security import scope
from clueloop.security.access import record_access
from clueloop.security.masking import mask_value
from clueloop.web.context import DB, AppState, CurrentUser, State
from clueloop.web.forms import Filters, filters
from clueloop.web.routes import cases, recommendations, transfers
from clueloop.web.routes.leads import SORTS, ListQuery, list_query
from clueloop.workflow import leads as lead_service
from clueloop.workflow.orm import User
from clueloop.workflow.states import WorkflowError

router = APIRouter()
Format = Literal["csv", "xlsx"]
Cell = str | int | float
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_ROWS = 1_048_575  # one row of the sheet's 1 048 576 is the header
BATCH = 1000


def cell(value: object) -> Cell:
    """One value as a spreadsheet shows it; text that would start a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow([cell(h) for h in header])
        for row in rows:
            out.writerow([cell(v) for v in row])
            count += 1
    return count


def write_xlsx(path: Path, title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append([_xlsx(h) for h in header])
    count = 0
    for row in rows:
        count += 1
        if count > XLSX_MAX_ROWS:
            raise WorkflowError(f"Excel 一张表最多 {XLSX_MAX_ROWS} 行：请缩小筛选范围，或导出 CSV")
        sheet.append([_xlsx(v) for v in row])
    book.save(path)
    return count


def _xlsx(value: object) -> Cell:
    value = cell(value)
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _stream(session: Session, stmt: Select[Any], columns: dict[str, str]) -> Iterator[list[object]]:
    """The rows of ``stmt``, fetched in batches; every text masked (ID and phone numbers) as on screen."""
    for item in session.scalars(stmt.execution_options(yield_per=BATCH)):
        yield [mask_value(getattr(item, name)) for name in columns.values()]


@dataclass(frozen=True)
class Export:
    name: str  # the sheet's and the file's name
    columns: dict[str, str]  # header → attribute of the exported row


def send(
    session: Session, state: AppState, user: User, fmt: Format, export: Export, stmt: Select[Any], query: str
) -> Response:
    """Write the rows of ``stmt`` into a temporary file, record the export, send the file (deleted after)."""
    name, header = export.name, list(export.columns)
    handle, raw = tempfile.mkstemp(prefix="clueloop-export-", suffix=f".{fmt}")
    os.close(handle)
    path = Path(raw)
    rows = _stream(session, stmt, export.columns)
    try:
        count = write_csv(path, header, rows) if fmt == "csv" else write_xlsx(path, name, header, rows)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    record_access(
        state.home, "web:export", user=user.username, list=name, format=fmt, filter=query, rows=count
    )
    return FileResponse(
        path,
        filename=f"{name}_{dt.date.today().isoformat()}.{fmt}",
        media_type="text/csv; charset=utf-8" if fmt == "csv" else None,
        background=BackgroundTask(path.unlink, missing_ok=True),
    )


LEADS = Export(
    "线索",
    {
        "编号": "id",
        "模型": "model_name",
        "对象": "subject_name",
        "证件号码": "subject_id",
        "标题": "title",
        "状态": "state",
        "理由": "state_reason",
        "承办人": "owner",
        "部门": "department",
        "案件": "case_id",
        "沉睡": "sleeping_since",
        "待复核": "needs_review",
        "发现时间": "created_at",
    },
)
CASES = Export(
    "案件",
    {
        "编号": "id",
        "案号": "number",
        "标题": "title",
        "状态": "state",
        "承办人": "owner",
        "部门": "department",
        "领域": "domain",
        "立案时间": "created_at",
        "结案时间": "closed_at",
        "说明": "note",
    },
)
TRANSFERS = Export(
    "移送",
    {
        "编号": "id",
        "文号": "number",
        "线索": "lead_id",
        "案件": "case_id",
        "接收单位": "target",
        "内部移送": "internal",
        "移送依据": "standard",
        "状态": "state",
        "移送日期": "sent_on",
        "受理期限": "accept_due",
        "接收日期": "accepted_on",
        "反馈期限": "feedback_due",
        "反馈日期": "feedback_on",
        "逾期": "overdue",
        "期限提示": "calendar_warning",
        "反馈内容": "feedback_text",
        "退回理由": "returned_reason",
    },
)
RECOMMENDATIONS = Export(
    "检察建议",
    {
        "编号": "id",
        "文号": "number",
        "种类": "kind",
        "被建议单位": "addressee",
        "紧急": "urgent",
        "状态": "state",
        "发出日期": "issued_on",
        "送达日期": "received_on",
        "回复期限": "reply_due",
        "回复日期": "replied_on",
        "整改情况": "rectification",
        "回头看日期": "review_on",
        "整改到位": "rectified",
        "提起诉讼": "litigated_on",
        "逾期": "overdue",
        "期限提示": "calendar_warning",
    },
)


@router.get("/leads/export.{fmt}")
def leads_export(
    fmt: Format, session: DB, user: CurrentUser, state: State, q: Annotated[ListQuery, Depends(list_query)]
) -> Response:
    stmt = scope.leads(lead_service.query(q.filter()), user).order_by(SORTS[q.sort])
    return send(session, state, user, fmt, LEADS, stmt, q.args(page="", size=""))


@router.get("/cases/export.{fmt}")
def cases_export(
    fmt: Format, session: DB, user: CurrentUser, state: State, f: Annotated[Filters, Depends(filters)]
) -> Response:
    cases.may_list(user)
    return send(session, state, user, fmt, CASES, cases.listed(f, user), f.args())


@router.get("/transfers/export.{fmt}")
def transfers_export(
    fmt: Format, session: DB, user: CurrentUser, state: State, f: Annotated[Filters, Depends(filters)]
) -> Response:
    return send(session, state, user, fmt, TRANSFERS, transfers.listed(f, user), f.args())


@router.get("/recommendations/export.{fmt}")
def recommendations_export(
    fmt: Format, session: DB, user: CurrentUser, state: State, f: Annotated[Filters, Depends(filters)]
) -> Response:
    return send(session, state, user, fmt, RECOMMENDATIONS, recommendations.listed(f, user), f.args())
