"""模型: the library, each model's documentation, parameters, YAML and compiled SQL, runs started in the
background (their leads recorded in the workflow), and the run history."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markdown_it import MarkdownIt
from markupsafe import Markup

from clueloop.engine.compiler import ParameterError, compile_model, resolve_parameters
from clueloop.engine.runner import kinds_read, run_history
from clueloop.web.context import CSRF, DB, State
from clueloop.web.jobs import Job
from clueloop.web.roles import RUNNERS, Runner, Staff
from clueloop.web.runs import (
    RUN,
    find_model,
    form_parameters,
    library,
    parameter_text,
    recorded_runs,
    start_run,
)
from clueloop.web.templating import templates
from clueloop.workflow.orm import User
from clueloop.workflow.states import NotFound, WorkflowError

router = APIRouter()
# Raw HTML in a model's doc is shown as text, and only safe link schemes survive: a shared model file
# cannot put script into the page.
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def doc_html(text: str) -> Markup:
    return Markup(_markdown.render(text))  # html is disabled above: the output is escaped


def _as_of(text: str) -> dt.date:
    if not text.strip():
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise WorkflowError(f"运行日期应写成 YYYY-MM-DD，而不是 {text!r}") from None


@router.get("/models", response_class=HTMLResponse)
def model_list(request: Request, session: DB, user: Staff, state: State) -> Response:
    runs = list(reversed(run_history(state.home)))[:50]
    recorded = recorded_runs(session, runs)
    context = {
        "user": user,
        "models": [(m, kinds_read(m)) for m in library().models.values()],
        "errors": library().errors,
        "runs": runs,
        "recorded": recorded,
        "jobs": [j for j in state.jobs.recent() if j.kind == RUN],
        "may_run": user.role in RUNNERS,
    }
    return templates.TemplateResponse(request, "models.html", context)


@router.get("/models/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str, user: Staff, state: State) -> Response:
    job = state.jobs.get(job_id)
    if job is None or job.kind != RUN:
        raise NotFound(f"没有编号为 {job_id} 的运行任务（任务只保留到服务重启）")
    return _job_response(request, job, user)


def _job_response(request: Request, job: Job, user: User) -> Response:
    context = {"user": user, "job": job, "poll": f"/models/jobs/{job.id}"}
    name = "_job.html" if request.headers.get("HX-Request") else "job.html"
    return templates.TemplateResponse(request, name, context)


@router.get("/models/{model_id}", response_class=HTMLResponse)
def model_page(request: Request, model_id: str, user: Staff) -> Response:
    m = find_model(model_id)
    spec = m.spec
    compiled = compile_model(m, resolve_parameters(m, {}), dt.date.today())
    context = {
        "user": user,
        "m": m,
        "spec": spec,
        "kinds": kinds_read(m),
        "doc": doc_html(spec.doc) if spec.doc else None,
        "parameters": [(name, p, parameter_text(p)) for name, p in spec.parameters.items()],
        "yaml": m.file.path.read_text(encoding="utf-8"),
        "sql": compiled.sql("duckdb"),
        "may_run": user.role in RUNNERS,
        "as_of": dt.date.today().isoformat(),
    }
    return templates.TemplateResponse(request, "model.html", context)


@router.post("/models/{model_id}/run", dependencies=[CSRF])
async def run_model(request: Request, model_id: str, user: Runner, state: State) -> Response:
    """Run one model with the parameters of the form (checked before the job starts)."""
    m = find_model(model_id)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        changed = form_parameters(m, form)
    except ParameterError as exc:
        raise WorkflowError(str(exc)) from None
    job = start_run(state, user.username, [m], _as_of(form.get("as_of", "")), {m.spec.id: changed})
    return _submitted(request, job, user)


@router.post("/models/run-all", dependencies=[CSRF])
async def run_all(request: Request, user: Runner, state: State) -> Response:
    form = await request.form()
    value = form.get("as_of")
    as_of = _as_of(value if isinstance(value, str) else "")
    job = start_run(state, user.username, list(library().models.values()), as_of)
    return _submitted(request, job, user)


def _submitted(request: Request, job: Job, user: User) -> Response:
    if request.headers.get("HX-Request"):
        return _job_response(request, job, user)
    return RedirectResponse(f"/models/jobs/{job.id}", status_code=303)
