"""移送: the list with its deadlines, sending a lead or case (谁办案、谁移送), the detail page with its
timeline and a button per allowed move, feedback files and the 线索移送函 (.docx).

The 外部单位联络员 answers here: they see only transfers to their organ and may accept, answer or return
them; the prosecutors close them or ask for more."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from clueloop.security import scope
from clueloop.security.access import record_access
from clueloop.security.users import LIAISON
from clueloop.web import attachments
from clueloop.web.context import CSRF, DB, CurrentUser, State, save
from clueloop.web.forms import Filters, day, filters, page_of, pages
from clueloop.web.permissions import check_move, moves_for
from clueloop.web.roles import Handler
from clueloop.web.templating import templates
from clueloop.workflow import paperwork
from clueloop.workflow import transfers as service
from clueloop.workflow.calendar_store import work_calendar
from clueloop.workflow.leads import history
from clueloop.workflow.orm import Case, Lead, Transfer, User
from clueloop.workflow.states import TRANSFER, NotFound

router = APIRouter()
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def listed(f: Filters, user: User) -> Select[tuple[Transfer]]:
    """The transfers the list (and its export) shows: filtered, within the user's scope, newest first."""
    stmt = f.apply(select(Transfer), Transfer.state, Transfer.overdue)
    return scope.transfers(stmt, user).order_by(Transfer.id.desc())


def visible_transfer(session: Session, user: User, transfer_id: int) -> Transfer:
    """The transfer, or 404 — also one sent to another organ (no hint that it exists)."""
    found = session.scalars(scope.transfers(select(Transfer).where(Transfer.id == transfer_id), user))
    transfer = found.one_or_none()
    if transfer is None:
        raise NotFound(f"没有编号为 {transfer_id} 的移送")
    return transfer


def carried(session: Session, transfer: Transfer) -> tuple[Case | None, list[Lead]]:
    """The case (if any) and the leads a transfer carries."""
    if transfer.case_id is not None:
        case = session.get(Case, transfer.case_id)
        return case, list(case.leads) if case else []
    lead = session.get(Lead, transfer.lead_id) if transfer.lead_id is not None else None
    return None, [lead] if lead else []


@router.get("/transfers", response_class=HTMLResponse)
def transfer_list(
    request: Request, session: DB, user: CurrentUser, state: State, f: Annotated[Filters, Depends(filters)]
) -> Response:
    total, rows = page_of(session, listed(f, user), f.page)
    record_access(state.home, "web:transfers", user=user.username, filter=f.args(), shown=len(rows))
    context = {"user": user, "f": f, "total": total, "rows": rows, "states": TRANSFER.states}
    return templates.TemplateResponse(request, "transfers.html", {**context, "pages": pages(total)})


@router.post("/transfers", dependencies=[CSRF])
def transfer_create(
    session: DB,
    user: Handler,
    state: State,
    target: Annotated[str, Form()],
    standard: Annotated[str, Form()],
    internal: Annotated[bool, Form()] = False,
    lead_id: Annotated[int | None, Form()] = None,
    case_id: Annotated[int | None, Form()] = None,
) -> Response:
    transfer = service.create(
        session,
        state.policy,
        work_calendar(session),
        user.username,
        target=target,
        standard=standard,
        internal=internal,
        lead_id=lead_id,
        case_id=case_id,
    )
    save(session)
    return RedirectResponse(f"/transfers/{transfer.id}", status_code=303)


@router.get("/transfers/{transfer_id:int}", response_class=HTMLResponse)
def transfer_detail(
    request: Request, transfer_id: int, session: DB, user: CurrentUser, state: State
) -> Response:
    transfer = visible_transfer(session, user, transfer_id)
    case, leads = carried(session, transfer)
    record_access(state.home, "web:transfer", user=user.username, transfer=transfer.id)
    context = {
        "user": user,
        "t": transfer,
        "case": case,
        "leads": leads,
        "history": history(session, "transfer", transfer.id),
        "moves": moves_for(TRANSFER, transfer.state, user),
        "attached": attachments.listed(session, "transfer", transfer.id),
        "liaison": user.role == LIAISON,
    }
    return templates.TemplateResponse(request, "transfer.html", context)


@router.post("/transfers/{transfer_id:int}/move", dependencies=[CSRF])
def transfer_move(
    transfer_id: int,
    session: DB,
    user: CurrentUser,
    state: State,
    target: Annotated[str, Form()],
    version: Annotated[int, Form()],
    text: Annotated[str, Form()] = "",
    on: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """接收 / 反馈 (text, optional file) / 退回 (reason) / 办结 / 要求补充反馈."""
    current = visible_transfer(session, user, transfer_id)
    check_move(TRANSFER, current.state, target, user)
    service.move(session, transfer_id, target, user.username, on=day(on), text=text, version=version)
    attachments.attach_upload(session, state.home, "transfer", transfer_id, file, user.username)
    save(session)
    return RedirectResponse(f"/transfers/{transfer_id}", status_code=303)


@router.get("/transfers/{transfer_id:int}/letter.docx")
def transfer_letter(transfer_id: int, session: DB, user: CurrentUser, state: State) -> Response:
    """线索移送函, written into HOME/documents and sent."""
    visible_transfer(session, user, transfer_id)
    path = paperwork.transfer_letter(session, state.policy, transfer_id, state.home / "documents")
    record_access(state.home, "web:document", user=user.username, transfer=transfer_id, file=path.name)
    return FileResponse(path, filename=path.name, media_type=DOCX)


@router.get("/transfers/{transfer_id:int}/files/{attachment_id:int}")
def transfer_file(
    transfer_id: int, attachment_id: int, session: DB, user: CurrentUser, state: State
) -> Response:
    visible_transfer(session, user, transfer_id)
    record_access(state.home, "web:attachment", user=user.username, transfer=transfer_id, file=attachment_id)
    return attachments.download(session, state.home, "transfer", transfer_id, attachment_id)
