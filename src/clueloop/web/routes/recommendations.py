"""检察建议: the list with reply deadlines and rectification, drafting, the detail page with its timeline
and a form per allowed move (发出 numbers it), 通报/抄送/公开听证, reply files and the 检察建议书 (.docx).

The 外部单位联络员 of the addressee sees the recommendations issued to their organ and may record its
written reply."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from clueloop.security import scope
from clueloop.security.access import record_access
from clueloop.web import attachments
from clueloop.web.context import CSRF, DB, CurrentUser, State, save
from clueloop.web.forms import Filters, day, filters, lines, page_of, pages
from clueloop.web.permissions import check_move, is_handler, moves_for
from clueloop.web.roles import Handler
from clueloop.web.routes.transfers import DOCX
from clueloop.web.templating import templates
from clueloop.workflow import paperwork
from clueloop.workflow import recommendations as service
from clueloop.workflow.calendar_store import work_calendar
from clueloop.workflow.leads import history
from clueloop.workflow.orm import Notice, Recommendation, User
from clueloop.workflow.states import RECOMMENDATION, NotFound

router = APIRouter()
RECTIFIED = {"是": True, "否": False}  # 回头看: 整改到位?


def listed(f: Filters, user: User) -> Select[tuple[Recommendation]]:
    """The recommendations the list (and its export) shows: filtered, within scope, newest first."""
    stmt = f.apply(select(Recommendation), Recommendation.state, Recommendation.overdue)
    return scope.recommendations(stmt, user).order_by(Recommendation.id.desc())


def visible_rec(session: Session, user: User, rec_id: int) -> Recommendation:
    """The recommendation, or 404 — also one addressed to another organ, or still a draft, for the liaison."""
    stmt = scope.recommendations(select(Recommendation).where(Recommendation.id == rec_id), user)
    rec = session.scalars(stmt).one_or_none()
    if rec is None:
        raise NotFound(f"没有编号为 {rec_id} 的检察建议")
    return rec


@router.get("/recommendations", response_class=HTMLResponse)
def rec_list(
    request: Request, session: DB, user: CurrentUser, state: State, f: Annotated[Filters, Depends(filters)]
) -> Response:
    total, rows = page_of(session, listed(f, user), f.page)
    record_access(state.home, "web:recommendations", user=user.username, filter=f.args(), shown=len(rows))
    context = {"user": user, "f": f, "total": total, "rows": rows, "states": RECOMMENDATION.states}
    return templates.TemplateResponse(request, "recommendations.html", {**context, "pages": pages(total)})


@router.post("/recommendations", dependencies=[CSRF])
def rec_draft(
    session: DB,
    user: Handler,
    addressee: Annotated[str, Form()],
    facts: Annotated[str, Form()],
    measures: Annotated[str, Form()],
    legal_basis: Annotated[str, Form()] = "",
    problems: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "诉前检察建议",
    urgent: Annotated[bool, Form()] = False,
    lead_id: Annotated[int | None, Form()] = None,
    case_id: Annotated[int | None, Form()] = None,
) -> Response:
    """起草 (numbered only when issued)."""
    rec = service.draft(
        session,
        user.username,
        addressee=addressee,
        facts=facts,
        measures=lines(measures),
        legal_basis=lines(legal_basis),
        problems=problems,
        kind=kind,
        urgent=urgent,
        lead_id=lead_id,
        case_id=case_id,
    )
    save(session)
    return RedirectResponse(f"/recommendations/{rec.id}", status_code=303)


@router.get("/recommendations/{rec_id:int}", response_class=HTMLResponse)
def rec_detail(request: Request, rec_id: int, session: DB, user: CurrentUser, state: State) -> Response:
    rec = visible_rec(session, user, rec_id)
    record_access(state.home, "web:recommendation", user=user.username, recommendation=rec.id)
    notices = session.scalars(select(Notice).where(Notice.recommendation_id == rec.id).order_by(Notice.id))
    context = {
        "user": user,
        "rec": rec,
        "history": history(session, "recommendation", rec.id),
        "moves": moves_for(RECOMMENDATION, rec.state, user),
        "rectification": service.RECTIFICATION,
        "notice_kinds": service.NOTICE_KINDS,
        "notices": list(notices),
        "may_work": is_handler(user),
        "attached": attachments.listed(session, "recommendation", rec.id),
    }
    return templates.TemplateResponse(request, "recommendation.html", context)


@router.post("/recommendations/{rec_id:int}/move", dependencies=[CSRF])
def rec_move(
    rec_id: int,
    session: DB,
    user: CurrentUser,
    state: State,
    target: Annotated[str, Form()],
    version: Annotated[int, Form()],
    on: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    rectification: Annotated[str, Form()] = "",
    rectified: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """发出 / 送达 / 回复 (text, rectification, optional file) / 回头看 / 办结 / 提起诉讼 / 撤回."""
    current = visible_rec(session, user, rec_id)
    check_move(RECOMMENDATION, current.state, target, user)
    service.move(
        session,
        state.policy,
        work_calendar(session),
        rec_id,
        target,
        user.username,
        on=day(on),
        text=text,
        rectification=rectification,
        rectified=RECTIFIED.get(rectified),
        version=version,
    )
    attachments.attach_upload(session, state.home, "recommendation", rec_id, file, user.username)
    save(session)
    return RedirectResponse(f"/recommendations/{rec_id}", status_code=303)


@router.post("/recommendations/{rec_id:int}/notice", dependencies=[CSRF])
def rec_notice(
    rec_id: int,
    session: DB,
    user: Handler,
    kind: Annotated[str, Form()],
    recipient: Annotated[str, Form()],
    on: Annotated[str, Form()] = "",
    summary: Annotated[str, Form()] = "",
    place: Annotated[str, Form()] = "",
) -> Response:
    """通报 / 抄送 (to the Party committee, the government…) / 公开听证."""
    service.add_notice(
        session,
        user.username,
        kind=kind,
        recipient=recipient,
        on=day(on),
        summary=summary,
        place=place,
        recommendation_id=rec_id,
    )
    save(session)
    return RedirectResponse(f"/recommendations/{rec_id}", status_code=303)


@router.get("/recommendations/{rec_id:int}/document.docx")
def rec_document(rec_id: int, session: DB, user: CurrentUser, state: State) -> Response:
    """检察建议书, written into HOME/documents and sent (only once issued: it needs its number)."""
    visible_rec(session, user, rec_id)
    path = paperwork.recommendation_document(session, state.policy, rec_id, state.home / "documents")
    record_access(state.home, "web:document", user=user.username, recommendation=rec_id, file=path.name)
    return FileResponse(path, filename=path.name, media_type=DOCX)


@router.get("/recommendations/{rec_id:int}/files/{attachment_id:int}")
def rec_file(rec_id: int, attachment_id: int, session: DB, user: CurrentUser, state: State) -> Response:
    visible_rec(session, user, rec_id)
    record_access(state.home, "web:attachment", user=user.username, recommendation=rec_id, file=attachment_id)
    return attachments.download(session, state.home, "recommendation", rec_id, attachment_id)
