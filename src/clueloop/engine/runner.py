"""Running models: compile, execute on an engine, group rows into leads, record the run.

The JSON of a run (``clueloop run --json FILE``) is the contract of ARCHITECTURE.md::

    {"run": {...}, "leads": [{"model": ID, "key": [...], "subject": {...}, "title": ...,
                              "evidence": [{"dataset": KIND, "source_file": ..., "row": N, ...}], ...}]}
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from clueloop import __version__
from clueloop.catalog import get_kind
from clueloop.engine.backends import Backend, open_backend
from clueloop.engine.compiler import CheckedModel, CompiledModel, compile_model, resolve_parameters
from clueloop.ingest.lake import Lake

_TEMPLATE = re.compile(r"\{([^{}]+)\}")


@dataclass
class ModelRun:
    model: CheckedModel
    compiled: CompiledModel
    leads: list[dict[str, Any]]
    seconds: float
    rows_read: dict[str, int]


@dataclass
class RunResult:
    run: dict[str, Any]
    leads: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"run": self.run, "leads": self.leads}


def key_text(value: Any) -> str:
    """Key parts are text; dates in ISO form, integral numbers without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def kinds_read(model: CheckedModel) -> list[str]:
    spec = model.spec
    kinds = list(spec.from_.values()) + [j.kind for j in spec.joins if j.kind]
    kinds += [s.kind for s in spec.exists + spec.not_exists]
    if spec.group is not None:
        kinds += [s.kind for s in spec.group.exists + spec.group.not_exists]
    return sorted(set(kinds))


def _title(template: str, values: list[Any]) -> str:
    parts = iter(values)
    return _TEMPLATE.sub(lambda _m: key_text(next(parts)), template)


def assemble_leads(model: CheckedModel, table: pa.Table) -> list[dict[str, Any]]:
    """Group result rows by key into leads, with their evidence lineage (values are added later)."""
    spec = model.spec
    n_keys = len(spec.lead.key)
    n_title = len(model.title_parts)
    leads: dict[tuple[str, ...], dict[str, Any]] = {}
    for row in table.to_pylist():
        key = tuple(key_text(row[f"_k{i}"]) for i in range(n_keys))
        if any(part == "" for part in key):
            continue  # a subject without an identity is no lead (DOMAIN.md: invalid IDs match nothing)
        lead = leads.get(key)
        if lead is None:
            lead = leads[key] = {
                "model": spec.id,
                "model_name": spec.name,
                "key": list(key),
                "subject": {
                    "id": key_text(row.get("_subject_id")) or None,
                    "name": key_text(row.get("_subject_name")) or None,
                },
                "title": _title(spec.lead.title, [row[f"_t{i}"] for i in range(n_title)]),
                "domain": spec.domain,
                "legal_basis": list(spec.legal_basis),
                "target_organ": spec.target_organ,
                "evidence": [],
                "_seen": set(),
            }
        for i, ev in enumerate(model.evidence):
            batch, number = row[f"_e{i}_batch"], row[f"_e{i}_row"]
            ident = (ev.kind, batch, number)
            if batch is None or ident in lead["_seen"]:
                continue
            lead["_seen"].add(ident)
            lead["evidence"].append(
                {
                    "dataset": ev.kind,
                    "alias": ev.alias,
                    "source_file": row[f"_e{i}_file"],
                    "row": number,
                    "batch_id": batch,
                }
            )
    out = []
    for lead in leads.values():
        del lead["_seen"]
        lead["evidence"].sort(key=lambda e: (e["dataset"], e["source_file"] or "", e["row"]))
        out.append(lead)
    return sorted(out, key=lambda lead: lead["key"])


def attach_evidence_values(backend: Backend, leads: list[dict[str, Any]]) -> None:
    """Copy each evidence row's normalised values out of the lake, so a lead keeps them after re-imports."""
    wanted: dict[str, set[tuple[str, int]]] = {}
    for lead in leads:
        for ev in lead["evidence"]:
            wanted.setdefault(ev["dataset"], set()).add((ev["batch_id"], ev["row"]))
    values: dict[tuple[str, str, int], dict[str, Any]] = {}
    for kind, pairs in wanted.items():
        ordered = sorted(pairs)
        keys = pa.table(
            {
                "_batch_id": pa.array([p[0] for p in ordered], pa.string()),
                "_source_row": pa.array([p[1] for p in ordered], pa.int64()),
            }
        )
        columns = [c.name for c in get_kind(kind).columns]
        for row in backend.fetch_rows(kind, keys).to_pylist():
            values[(kind, row["_batch_id"], row["_source_row"])] = {
                c: _json_value(row.get(c)) for c in columns
            }
    for lead in leads:
        for ev in lead["evidence"]:
            ev["values"] = values.get((ev["dataset"], ev["batch_id"], ev["row"]), {})


def run_models(
    home: Path,
    models: list[CheckedModel],
    *,
    as_of: dt.date | None = None,
    parameters: Mapping[str, Mapping[str, Any]] | None = None,
    engine: str = "duckdb",
    engine_options: Mapping[str, Any] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> RunResult:
    """Run ``models`` over the lake in ``home`` and record the run under ``home/runs``."""
    as_of = as_of or dt.date.today()
    parameters = parameters or {}
    started_at = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    compiled = [compile_model(m, resolve_parameters(m, parameters.get(m.spec.id, {})), as_of) for m in models]
    lake = Lake(home)
    backend = open_backend(engine, home, **(engine_options or {}))
    runs: list[ModelRun] = []
    try:
        counts: dict[str, int] = {}
        for i, c in enumerate(compiled):
            if progress:
                progress(c.model.spec.id, i, len(compiled))
            t0 = time.perf_counter()
            table = backend.execute(c.select, c.model.spec.id)
            leads = assemble_leads(c.model, table)
            attach_evidence_values(backend, leads)
            for kind in kinds_read(c.model):
                if kind not in counts:
                    counts[kind] = backend.row_count(kind)
            rows_read = {k: counts[k] for k in kinds_read(c.model)}
            runs.append(ModelRun(c.model, c, leads, time.perf_counter() - t0, rows_read))
    finally:
        backend.close()
    kinds = sorted({k for r in runs for k in r.rows_read})
    run = {
        "as_of": as_of.isoformat(),
        "engine": engine,
        "started_at": started_at.isoformat(),
        "seconds": round(time.perf_counter() - started, 3),
        "clueloop": __version__,
        "batches": {k: [b.batch_id for b in lake.batches(k)] for k in kinds},
        "models": [
            {
                "id": r.model.spec.id,
                "name": r.model.spec.name,
                "version": r.model.spec.version,
                "file": str(r.model.file.path),
                "sha256": r.model.file.sha256,
                "parameters": {k: _json_value(v) for k, v in r.compiled.parameters.items()},
                "rows_read": r.rows_read,
                "leads": len(r.leads),
                "seconds": round(r.seconds, 3),
            }
            for r in runs
        ],
        "leads": sum(len(r.leads) for r in runs),
    }
    digest = hashlib.sha256(json.dumps(run, sort_keys=True).encode()).hexdigest()[:8]
    run["id"] = f"{started_at:%Y%m%dT%H%M%S%f}-{digest}"
    record_run(home, run)
    return RunResult(run, [lead for r in runs for lead in r.leads])


def record_run(home: Path, run: dict[str, Any]) -> Path:
    folder = home / "runs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{run['id']}.json"
    path.write_text(json.dumps(run, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def run_history(home: Path) -> list[dict[str, Any]]:
    folder = home / "runs"
    if not folder.exists():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
