"""案件: the list, opening a case from 成案 leads, and the case page — its leads, transfers and
recommendations, with the forms to transfer it (谁办案、谁移送), draft a recommendation, add a lead,
close or withdraw it. The 外部单位联络员 sees no case."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from clueloop.security.access import record_access
from clueloop.security.users import LIAISON
from clueloop.web.context import CSRF, DB, CurrentUser, State, save
from clueloop.web.forms import Filters, filters, page_of, pages
from clueloop.web.permissions import is_handler
from clueloop.web.roles import Handler
from clueloop.web.templating import templates
from clueloop.workflow import cases as service
from clueloop.workflow._common import load
from clueloop.workflow.leads import history
from clueloop.workflow.orm import Case, Lead, Recommendation, Transfer, User
from clueloop.workflow.policy import RECOMMENDATION_KINDS
from clueloop.workflow.states import CASE, NotFound

router = APIRouter()
JOINABLE = 200  # 成案 leads offered for joining a case, newest first


def listed(f: Filters, user: User) -> Select[tuple[Case]]:
    """The cases the list (and its export) shows; the liaison is refused before this."""
    return f.apply(select(Case), Case.state).order_by(Case.id.desc())


def may_list(user: User) -> None:
    if user.role == LIAISON:
        raise HTTPException(status_code=403, detail="外部单位联络员不查看案件")


def visible_case(session: Session, user: User, case_id: int) -> Case:
    """The case, or 404 — for the liaison every case (a guessed URL confirms nothing)."""
    if user.role == LIAISON:
        raise NotFound(f"没有编号为 {case_id} 的案件")
    return load(session, Case, case_id)


@router.get("/cases", response_class=HTMLResponse)
def case_list(
    request: Request, session: DB, user: CurrentUser, state: State, f: Annotated[Filters, Depends(filters)]
) -> Response:
    may_list(user)
    total, rows = page_of(session, listed(f, user), f.page)
    record_access(state.home, "web:cases", user=user.username, filter=f.args(), shown=len(rows))
    context = {"user": user, "f": f, "total": total, "rows": rows, "states": CASE.states}
    return templates.TemplateResponse(request, "cases.html", {**context, "pages": pages(total)})


@router.post("/cases", dependencies=[CSRF])
def case_open(
    session: DB,
    user: Handler,
    state: State,
    lead_ids: Annotated[list[int], Form()],
    title: Annotated[str, Form()] = "",
    department: Annotated[str, Form()] = "",
) -> Response:
    """立案 from one or more 成案 leads."""
    case = service.open_case(
        session, state.policy, lead_ids, user.username, title=title, department=department
    )
    save(session)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.get("/cases/{case_id:int}", response_class=HTMLResponse)
def case_detail(request: Request, case_id: int, session: DB, user: CurrentUser, state: State) -> Response:
    case = visible_case(session, user, case_id)
    record_access(state.home, "web:case", user=user.username, case=case.id)
    lead_ids = [lead.id for lead in case.leads]
    transfers = session.scalars(
        select(Transfer)
        .where(or_(Transfer.case_id == case.id, Transfer.lead_id.in_(lead_ids)))
        .order_by(Transfer.id)
    ).all()
    recs = session.scalars(
        select(Recommendation)
        .where(or_(Recommendation.case_id == case.id, Recommendation.lead_id.in_(lead_ids)))
        .order_by(Recommendation.id)
    ).all()
    open_case = case.state == "办理中" and is_handler(user)
    joinable = session.scalars(
        select(Lead)
        .where(Lead.state == "成案", Lead.case_id.is_(None))
        .order_by(Lead.id.desc())
        .limit(JOINABLE)
    ).all()
    context = {
        "user": user,
        "case": case,
        "transfers": transfers,
        "recs": recs,
        "history": history(session, "case", case.id),
        "moves": CASE.allowed(case.state) if is_handler(user) else {},
        "may_work": open_case,
        "may_transfer": open_case and case.owner in ("", user.username),
        "joinable": joinable if open_case else [],
        "kinds": list(RECOMMENDATION_KINDS),
    }
    return templates.TemplateResponse(request, "case.html", context)


@router.post("/cases/{case_id:int}/move", dependencies=[CSRF])
def case_move(
    case_id: int,
    session: DB,
    user: Handler,
    target: Annotated[str, Form()],
    version: Annotated[int, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    """结案 / 撤销."""
    service.move(session, case_id, target, user.username, note=note, version=version)
    save(session)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id:int}/leads", dependencies=[CSRF])
def case_add_lead(case_id: int, session: DB, user: Handler, lead_id: Annotated[int, Form()]) -> Response:
    """并案: a 成案 lead joins the case."""
    service.add_lead(session, case_id, lead_id, user.username)
    save(session)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)
