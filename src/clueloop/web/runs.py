"""Model runs started from the 模型 page: the library, parameters typed into a form, and the run job that
records its leads in the workflow."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from clueloop.engine.compiler import CheckedModel, ParameterError, resolve_parameters
from clueloop.engine.library import Library, load_library, model_files, model_folders
from clueloop.engine.runner import run_models
from clueloop.engine.spec import Parameter
from clueloop.web.context import AppState
from clueloop.web.jobs import Job, Work
from clueloop.workflow import leads
from clueloop.workflow.db import Workflow
from clueloop.workflow.orm import ModelRun
from clueloop.workflow.states import NotFound, WorkflowError

RUN = "运行模型"  # the jobs' kind
_cache: tuple[tuple[tuple[str, int], ...], Library] | None = None
_cache_lock = threading.Lock()


def library() -> Library:
    """The model library, checked again only when a model file was added, removed or changed."""
    global _cache
    stamp = tuple((str(p), p.stat().st_mtime_ns) for f in model_folders() for p in model_files(f))
    with _cache_lock:
        if _cache is None or _cache[0] != stamp:
            _cache = (stamp, load_library())
        return _cache[1]


def find_model(model_id: str) -> CheckedModel:
    try:
        return library().get(model_id)
    except LookupError as exc:
        raise NotFound(str(exc)) from None


def start_run(
    state: AppState,
    actor: str,
    models: list[CheckedModel],
    as_of: dt.date,
    parameters: Mapping[str, Mapping[str, Any]] | None = None,
) -> Job:
    """Check the parameters, then queue the run of ``models`` (refused: WorkflowError, in Chinese)."""
    parameters = parameters or {}
    try:
        for m in models:
            resolve_parameters(m, parameters.get(m.spec.id, {}))
    except ParameterError as exc:
        raise WorkflowError(str(exc)) from None
    title = models[0].spec.name if len(models) == 1 else f"全部 {len(models)} 个模型"
    work = run_job(state.home, state.workflow, models, as_of, parameters, actor)
    return state.jobs.submit(RUN, f"{title}（as_of {as_of}）", actor, work)


def recorded_runs(session: Session, runs: Sequence[Mapping[str, Any]]) -> dict[str, ModelRun]:
    """Which of these runs had their leads recorded in the workflow, with the counts of that recording."""
    ids = [str(run["id"]) for run in runs]
    return {r.id: r for r in session.scalars(select(ModelRun).where(ModelRun.id.in_(ids)))}


def parameter_text(p: Parameter) -> str:
    """A parameter's default as the form shows it (a table as YAML rows, a list separated by 、)."""
    value = p.default
    if value is None:
        return ""
    if p.type == "table":
        return str(yaml.safe_dump(value, allow_unicode=True, default_flow_style=None, sort_keys=False))
    if p.type == "list":
        return "、".join(str(v) for v in value)
    if p.type == "boolean":
        return "是" if value else "否"
    return str(value)


def form_parameters(model: CheckedModel, form: Mapping[str, str]) -> dict[str, Any]:
    """The parameters the user changed (fields ``param.NAME``), checked against their types.

    Raises :class:`ParameterError` (Chinese) for a table that is not YAML; :func:`start_run` checks the
    values against their types."""
    changed: dict[str, Any] = {}
    for name, p in model.spec.parameters.items():
        text = form.get(f"param.{name}")
        if text is None or text.strip() == parameter_text(p).strip():
            continue
        if p.type == "table":
            try:
                changed[name] = yaml.safe_load(text)
            except yaml.YAMLError as exc:
                raise ParameterError(f"参数 {model.spec.id}.{name} 不是有效的 YAML 表：{exc}") from None
        else:
            changed[name] = text.strip()
    return changed


def run_job(
    home: Path,
    workflow: Workflow,
    models: list[CheckedModel],
    as_of: dt.date,
    parameters: Mapping[str, Mapping[str, Any]],
    actor: str,
) -> Work:
    """Run ``models`` over the lake, then record their leads in the workflow in one transaction."""

    def work(job: Job) -> dict[str, Any]:
        total = len(models)

        def on_progress(model_id: str, i: int, n: int) -> None:
            job.progress(i, n + 1, f"运行模型 {i + 1}/{n}：{model_id}")

        result = run_models(home, models, as_of=as_of, parameters=parameters, progress=on_progress)
        job.progress(total, total + 1, "记入工作流…")
        with workflow.transaction() as session:
            recorded = leads.record_run(session, result.run, result.leads, actor)
        job.progress(total + 1, total + 1, "完成")
        return {
            "run_id": result.run["id"],
            "as_of": result.run["as_of"],
            "leads": len(result.leads),
            "new": recorded.new,
            "with_new_evidence": recorded.with_new_evidence,
            "flagged_for_review": recorded.flagged_for_review,
            "unchanged": recorded.unchanged,
            "models": [
                {"id": m["id"], "name": m["name"], "leads": m["leads"], "seconds": m["seconds"]}
                for m in result.run["models"]
            ],
        }

    return work
