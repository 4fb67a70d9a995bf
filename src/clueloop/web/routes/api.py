"""The JSON API (/api): the same session cookie as the pages, the X-CSRF-Token header on every POST, the
same role scoping — the 外部单位联络员 gets 404 for anything not sent to their organ."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, File, Query, UploadFile
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from clueloop.engine.runner import kinds_read, run_history
from clueloop.ingest.lake import Lake
from clueloop.security import scope
from clueloop.security.access import record_access
from clueloop.security.users import LIAISON
from clueloop.web import schemas as s
from clueloop.web.context import CSRF, DB, CurrentUser, State, save
from clueloop.web.datasets import invalid_values, summaries
from clueloop.web.permissions import check_move
from clueloop.web.roles import Handler, Loader, Runner, Staff
from clueloop.web.routes.leads import ListQuery, visible, visible_lead
from clueloop.web.routes.recommendations import visible_rec
from clueloop.web.routes.transfers import visible_transfer
from clueloop.web.runs import find_model, library, recorded_runs, start_run
from clueloop.web.uploads import start_ingest
from clueloop.workflow import leads as lead_service
from clueloop.workflow import transfers as transfer_service
from clueloop.workflow.orm import Lead, Recommendation, Transfer
from clueloop.workflow.states import TRANSFER, NotFound
from clueloop.workflow.stats import compute
from clueloop.workflow.sweep import due_items

router = APIRouter(prefix="/api", tags=["API"])
T = TypeVar("T")


def _newest_first(
    session: Session, stmt: Select[tuple[T]], table: type[Transfer] | type[Recommendation], status: str
) -> list[T]:
    if status:
        stmt = stmt.where(table.state == status)
    return list(session.scalars(stmt.order_by(table.id.desc())))


# --- leads ----------------------------------------------------------------------------------------


@router.get("/leads", response_model=s.LeadPage, summary="线索列表（筛选、分页；证件号码脱敏）")
def leads(
    session: DB,
    user: CurrentUser,
    state: State,
    status: Annotated[str, Query(alias="state", description="状态")] = "",
    model: Annotated[str, Query(description="模型 id")] = "",
    owner: Annotated[str, Query(description="承办人")] = "",
    text: Annotated[str, Query(description="标题或对象名称包含")] = "",
    flag: Annotated[str, Query(description="sleeping（沉睡）或 review（待复核）")] = "",
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> s.LeadPage:
    q = ListQuery(status, model, owner, text.strip(), flag, "new", page, size)
    total, rows = visible(session, user, q)
    record_access(state.home, "api:leads", user=user.username, filter=q.args(), shown=len(rows))
    return s.LeadPage(total=total, page=page, size=size, items=[s.LeadItem.of(r) for r in rows])


@router.get("/leads/{lead_id}", response_model=s.LeadDetail, summary="线索详情与证据（脱敏）")
def lead(lead_id: int, session: DB, user: CurrentUser, state: State) -> s.LeadDetail:
    found = visible_lead(session, user, lead_id)
    record_access(state.home, "api:lead", user=user.username, lead=found.id, unmasked=False)
    return s.LeadDetail.of(found)


@router.post(
    "/leads/{lead_id}/move", response_model=s.LeadDetail, dependencies=[CSRF], summary="研判：改变线索状态"
)
def lead_move(lead_id: int, body: s.LeadMove, session: DB, user: Handler) -> s.LeadDetail:
    visible_lead(session, user, lead_id)
    moved = lead_service.move(
        session, lead_id, body.target, user.username, reason=body.reason, version=body.version
    )
    save(session)
    return s.LeadDetail.of(moved)


# --- transfers and recommendations -------------------------------------------------------------------


@router.get("/transfers", response_model=list[s.TransferOut], summary="移送（联络员只见移送给本单位的）")
def transfers(
    session: DB, user: CurrentUser, status: Annotated[str, Query(alias="state")] = ""
) -> list[s.TransferOut]:
    rows = _newest_first(session, scope.transfers(select(Transfer), user), Transfer, status)
    return [s.TransferOut.of(t) for t in rows]


@router.get("/transfers/{transfer_id}", response_model=s.TransferOut, summary="移送详情")
def transfer(transfer_id: int, session: DB, user: CurrentUser) -> s.TransferOut:
    return s.TransferOut.of(visible_transfer(session, user, transfer_id))


@router.post(
    "/transfers/{transfer_id}/move",
    response_model=s.TransferOut,
    dependencies=[CSRF],
    summary="接收、反馈、退回（联络员）或办结、要求补充反馈（检察官）",
)
def transfer_move(transfer_id: int, body: s.TransferMove, session: DB, user: CurrentUser) -> s.TransferOut:
    current = visible_transfer(session, user, transfer_id)
    check_move(TRANSFER, current.state, body.target, user)
    moved = transfer_service.move(
        session, transfer_id, body.target, user.username, on=body.on, text=body.text, version=body.version
    )
    save(session)
    return s.TransferOut.of(moved)


@router.get("/recommendations", response_model=list[s.RecommendationOut], summary="检察建议")
def recommendations(
    session: DB, user: CurrentUser, status: Annotated[str, Query(alias="state")] = ""
) -> list[s.RecommendationOut]:
    rows = _newest_first(session, scope.recommendations(select(Recommendation), user), Recommendation, status)
    return [s.RecommendationOut.of(r) for r in rows]


@router.get("/recommendations/{rec_id}", response_model=s.RecommendationOut, summary="检察建议详情")
def recommendation(rec_id: int, session: DB, user: CurrentUser) -> s.RecommendationOut:
    return s.RecommendationOut.of(visible_rec(session, user, rec_id))


# --- the lake, models, runs ----------------------------------------------------------------------------


@router.get("/datasets", response_model=list[s.DatasetOut], summary="数据类型、批次与行数")
def datasets(user: Staff, state: State) -> list[s.DatasetOut]:
    return [
        s.DatasetOut(
            kind=k.kind.kind,
            title=k.kind.title,
            rows=k.rows,
            invalid=k.invalid,
            batches=[
                s.BatchOut(
                    batch_id=b.batch_id,
                    source_name=b.manifest["source_name"],
                    format=b.manifest["format"],
                    encoding=b.manifest.get("encoding"),
                    rows=b.rows,
                    invalid=invalid_values(b.manifest["report"]),
                    created_at=b.manifest["created_at"],
                )
                for b in k.batches
            ],
        )
        for k in summaries(Lake(state.home))
    ]


@router.post(
    "/datasets/{kind}/upload",
    response_model=s.JobOut,
    status_code=202,
    dependencies=[CSRF],
    summary="上传文件并在后台导入（数据管理员、部门负责人）",
)
def upload(kind: str, file: Annotated[UploadFile, File()], user: Loader, state: State) -> s.JobOut:
    job = start_ingest(state.home, state.jobs, user.username, kind, file.filename or "upload", file.file)
    return s.JobOut.of(job)


@router.get("/jobs/{job_id}", response_model=s.JobOut, summary="后台任务的进度与结果")
def job(job_id: str, user: Staff, state: State) -> s.JobOut:
    found = state.jobs.get(job_id)
    if found is None:
        raise NotFound(f"没有编号为 {job_id} 的任务（任务只保留到服务重启）")
    return s.JobOut.of(found)


@router.get("/models", response_model=list[s.ModelOut], summary="模型库")
def models(user: Staff) -> list[s.ModelOut]:
    return [
        s.ModelOut(
            id=m.spec.id,
            name=m.spec.name,
            domain=m.spec.domain,
            target_organ=m.spec.target_organ,
            version=str(m.spec.version),
            description=m.spec.description.strip(),
            legal_basis=list(m.spec.legal_basis),
            kinds=kinds_read(m),
            parameters={
                name: s.ParameterOut(type=p.type, default=_jsonable(p.default), description=p.description)
                for name, p in m.spec.parameters.items()
            },
        )
        for m in library().models.values()
    ]


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@router.post(
    "/runs",
    response_model=s.JobOut,
    status_code=202,
    dependencies=[CSRF],
    summary="在后台运行模型并把线索记入工作流（数据管理员、部门负责人、检察官）",
)
def start(body: s.RunRequest, user: Runner, state: State) -> s.JobOut:
    chosen = [find_model(m) for m in body.models] if body.models else list(library().models.values())
    return s.JobOut.of(
        start_run(state, user.username, chosen, body.as_of or dt.date.today(), body.parameters)
    )


@router.get("/runs", response_model=list[s.RunOut], summary="模型运行记录（最新在前）")
def runs(session: DB, user: Staff, state: State) -> list[s.RunOut]:
    history = list(reversed(run_history(state.home)))
    recorded = recorded_runs(session, history)
    out = []
    for run in history:
        rec = recorded.get(str(run["id"]))
        out.append(
            s.RunOut(
                id=run["id"],
                as_of=run["as_of"],
                engine=run.get("engine", ""),
                started_at=run.get("started_at", ""),
                seconds=run.get("seconds", 0),
                leads=run.get("leads", 0),
                models=[s.RunModelOut.model_validate(m) for m in run.get("models", [])],
                recorded=rec is not None,
                new_leads=rec.new_leads if rec else None,
                updated_leads=rec.updated_leads if rec else None,
            )
        )
    return out


# --- statistics and deadlines ----------------------------------------------------------------------------


@router.get("/stats", response_model=s.StatsOut, summary="统计：各模型每月线索、办案漏斗、整改率")
def stats(session: DB, user: Staff) -> s.StatsOut:
    return s.StatsOut.model_validate(compute(session))


@router.get("/due", response_model=list[s.DueOut], summary="逾期与即将到期的事项、沉睡线索")
def due(session: DB, user: CurrentUser, state: State) -> list[s.DueOut]:
    items = due_items(session, state.policy, dt.date.today())
    if user.role == LIAISON:  # only what was sent to their organ
        seen = {
            "transfer": set(session.scalars(scope.transfers(select(Transfer.id), user))),
            "recommendation": set(session.scalars(scope.recommendations(select(Recommendation.id), user))),
            "lead": set(session.scalars(scope.leads(select(Lead.id), user))),
        }
        items = [i for i in items if i.entity_id in seen.get(i.entity, set())]
    return [s.DueOut.of(i) for i in items]
