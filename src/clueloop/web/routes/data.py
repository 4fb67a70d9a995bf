"""数据: the kinds in the lake with their batches and quality reports, and uploading an export, which is
ingested in the background while the page shows its progress."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from clueloop.catalog import UnknownKindError, get_kind
from clueloop.ingest.lake import Lake
from clueloop.ingest.service import SUPPORTED_SUFFIXES
from clueloop.web.context import CSRF, State
from clueloop.web.datasets import kind_report, quality_rows, summaries
from clueloop.web.jobs import Job
from clueloop.web.roles import LOADERS, Loader, Staff
from clueloop.web.templating import templates
from clueloop.web.uploads import INGEST, start_ingest
from clueloop.workflow.orm import User
from clueloop.workflow.states import NotFound

router = APIRouter()


@router.get("/data", response_class=HTMLResponse)
def data_page(request: Request, user: Staff, state: State) -> Response:
    context = {
        "user": user,
        "kinds": summaries(Lake(state.home)),
        "jobs": [j for j in state.jobs.recent() if j.kind == INGEST],
        "may_upload": user.role in LOADERS,
        "suffixes": "、".join(sorted(SUPPORTED_SUFFIXES)),
    }
    return templates.TemplateResponse(request, "data.html", context)


@router.post("/data/upload", dependencies=[CSRF])
def upload(
    request: Request,
    user: Loader,
    state: State,
    kind: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
) -> Response:
    """Keep the file under HOME/uploads and ingest it on the job worker; answer with the job's progress."""
    job = start_ingest(state.home, state.jobs, user.username, kind, file.filename or "upload", file.file)
    if request.headers.get("HX-Request"):
        return _job_response(request, job, user)
    return RedirectResponse(f"/data/jobs/{job.id}", status_code=303)


@router.get("/data/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str, user: Staff, state: State) -> Response:
    job = state.jobs.get(job_id)
    if job is None or job.kind != INGEST:
        raise NotFound(f"没有编号为 {job_id} 的导入任务（任务只保留到服务重启）")
    return _job_response(request, job, user)


def _job_response(request: Request, job: Job, user: User) -> Response:
    """The job's progress (the fragment htmx polls, or the whole page), then its batch and quality."""
    report = job.result.get("report")
    context = {
        "user": user,
        "job": job,
        "poll": f"/data/jobs/{job.id}",
        "quality": quality_rows(report) if report else [],
    }
    name = "_job.html" if request.headers.get("HX-Request") else "job.html"
    return templates.TemplateResponse(request, name, context)


@router.get("/data/{kind}", response_class=HTMLResponse)
def kind_page(request: Request, kind: str, user: Staff, state: State) -> Response:
    try:
        k = get_kind(kind)
    except UnknownKindError as exc:
        raise NotFound(str(exc)) from None
    lake = Lake(state.home)
    batches = sorted(lake.batches(k.kind), key=lambda b: b.batch_id, reverse=True)
    report = kind_report(lake, k)
    context = {
        "user": user,
        "kind": k,
        "batches": [(b, quality_rows(b.manifest["report"])) for b in batches],
        "report": report,
        "quality": quality_rows(report) if report else [],
    }
    return templates.TemplateResponse(request, "data_kind.html", context)
