"""线索: the filterable, sortable, paginated list (fast at a million rows), the detail page with evidence,
timeline and a button per allowed move, and bulk triage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clueloop.security import scope
from clueloop.security.access import record_access
from clueloop.web.context import CSRF, DB, CurrentUser, State, save
from clueloop.web.roles import Handler
from clueloop.web.templating import templates
from clueloop.workflow import leads as service
from clueloop.workflow.orm import Lead, Recommendation, Transfer, User
from clueloop.workflow.states import LEAD, NotFound

router = APIRouter()
PAGE_SIZES = (20, 50, 100)
SORTS: dict[str, Any] = {
    "new": Lead.id.desc(),
    "old": Lead.id.asc(),
    "model": Lead.model_id.asc(),
    "state": Lead.state.asc(),
}


@dataclass(frozen=True)
class ListQuery:
    state: str = ""
    model: str = ""
    owner: str = ""
    text: str = ""
    flag: str = ""  # sleeping / review
    sort: str = "new"
    page: int = 1
    size: int = 20

    def filter(self) -> service.LeadFilter:
        return service.LeadFilter(
            state=self.state or None,
            model=self.model or None,
            owner=self.owner or None,
            text=self.text or None,
            sleeping=True if self.flag == "sleeping" else None,
            needs_review=True if self.flag == "review" else None,
        )

    def args(self, **change: Any) -> str:
        from urllib.parse import urlencode

        values = {**self.__dict__, **change}
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


def list_query(
    state: str = "",
    model: str = "",
    owner: str = "",
    text: str = "",
    flag: str = "",
    sort: str = "new",
    page: Annotated[int, Query(ge=1)] = 1,
    size: int = 20,
) -> ListQuery:
    return ListQuery(
        state,
        model,
        owner,
        text.strip(),
        flag,
        sort if sort in SORTS else "new",
        page,
        size if size in PAGE_SIZES else 20,
    )


def visible(session: Session, user: User, q: ListQuery) -> tuple[int, list[Lead]]:
    stmt = scope.leads(service.query(q.filter()), user)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = session.scalars(stmt.order_by(SORTS[q.sort]).limit(q.size).offset((q.page - 1) * q.size)).all()
    return total, list(rows)


def visible_lead(session: Session, user: User, lead_id: int) -> Lead:
    """The lead, or 404 — also for a lead the user's role may not see (no hint that it exists)."""
    lead = session.scalars(scope.leads(select(Lead).where(Lead.id == lead_id), user)).one_or_none()
    if lead is None:
        raise NotFound(f"没有编号为 {lead_id} 的线索")
    return lead


def _models(session: Session) -> list[tuple[str, str]]:
    """The models that have leads, for the filter menu: the distinct ids come from an index alone (a million
    leads cost a fraction of a millisecond), the names from the library."""
    from clueloop.web.runs import library

    known = library().models
    ids = session.scalars(select(Lead.model_id).distinct().order_by(Lead.model_id))
    return [(i, known[i].spec.name if i in known else i) for i in ids]


@router.get("/leads", response_class=HTMLResponse)
def lead_list(
    request: Request,
    session: DB,
    user: CurrentUser,
    state: State,
    q: Annotated[ListQuery, Depends(list_query)],
) -> Response:
    total, rows = visible(session, user, q)
    record_access(state.home, "web:leads", user=user.username, filter=q.args(), shown=len(rows))
    context = {
        "user": user,
        "q": q,
        "total": total,
        "rows": rows,
        "states": LEAD.states,
        "models": _models(session),
        "pages": max(1, -(-total // q.size)),
        "sizes": PAGE_SIZES,
    }
    partial = request.headers.get("HX-Request") and request.headers.get("HX-Target") == "lead-table"
    name = "_lead_rows.html" if partial else "leads.html"
    return templates.TemplateResponse(request, name, context)


@router.get("/leads/{lead_id:int}", response_class=HTMLResponse)
def lead_detail(
    request: Request, lead_id: int, session: DB, user: CurrentUser, state: State, full: bool = False
) -> Response:
    lead = visible_lead(session, user, lead_id)
    unmasked = full and scope.may_unmask(user)
    record_access(state.home, "web:lead", user=user.username, lead=lead.id, unmasked=unmasked)
    transfers = session.scalars(
        scope.transfers(
            select(Transfer).where(
                (Transfer.lead_id == lead.id)
                | ((Transfer.case_id == lead.case_id) & (Transfer.case_id.is_not(None)))
            ),
            user,
        )
    ).all()
    recs = session.scalars(
        scope.recommendations(
            select(Recommendation).where(
                (Recommendation.lead_id == lead.id)
                | ((Recommendation.case_id == lead.case_id) & (Recommendation.case_id.is_not(None)))
            ),
            user,
        )
    ).all()
    allowed = {} if user.role in ("外部单位联络员", "审计员") else LEAD.allowed(lead.state)
    if lead.state == "不成案" and not lead.needs_review:
        allowed = {}
    allowed = {s: a for s, a in allowed.items() if s != "已合并"}
    context = {
        "user": user,
        "lead": lead,
        "history": service.history(session, "lead", lead.id),
        "allowed": allowed,
        "full": unmasked,
        "may_unmask": scope.may_unmask(user),
        "transfers": transfers,
        "recs": recs,
    }
    return templates.TemplateResponse(request, "lead.html", context)


@router.post("/leads/{lead_id:int}/move", dependencies=[CSRF])
def lead_move(
    lead_id: int,
    session: DB,
    user: Handler,
    target: Annotated[str, Form()],
    version: Annotated[int, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    visible_lead(session, user, lead_id)
    service.move(session, lead_id, target, user.username, reason=reason, version=version)
    save(session)
    return RedirectResponse(f"/leads/{lead_id}", status_code=303)


@router.post("/leads/{lead_id:int}/comment", dependencies=[CSRF])
def lead_comment(lead_id: int, session: DB, user: Handler, text: Annotated[str, Form()]) -> Response:
    visible_lead(session, user, lead_id)
    service.comment(session, lead_id, user.username, text)
    save(session)
    return RedirectResponse(f"/leads/{lead_id}", status_code=303)


@router.post("/leads/{lead_id:int}/assign", dependencies=[CSRF])
def lead_assign(
    lead_id: int,
    session: DB,
    user: Handler,
    version: Annotated[int, Form()],
    owner: Annotated[str, Form()] = "",
    department: Annotated[str, Form()] = "",
) -> Response:
    service.assign(session, lead_id, user.username, owner=owner, department=department, version=version)
    save(session)
    return RedirectResponse(f"/leads/{lead_id}", status_code=303)


@router.post("/leads/{lead_id:int}/keep-closed", dependencies=[CSRF])
def lead_keep_closed(
    lead_id: int,
    session: DB,
    user: Handler,
    version: Annotated[int, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    service.dismiss_review(session, lead_id, user.username, note, version=version)
    save(session)
    return RedirectResponse(f"/leads/{lead_id}", status_code=303)


@router.post("/leads/bulk", dependencies=[CSRF])
def lead_bulk(
    request: Request,
    session: DB,
    user: Handler,
    target: Annotated[str, Form()],
    ids: Annotated[list[int], Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    """批量研判: every selected lead moves, or none does (one unit of work)."""
    for lead_id in ids:
        visible_lead(session, user, lead_id)
        service.move(session, lead_id, target, user.username, reason=reason)
    save(session)
    back = request.headers.get("referer") or "/leads"
    return RedirectResponse(back, status_code=303)
