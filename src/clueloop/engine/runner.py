"""Running models: compile, execute on an engine, group rows into leads, record the run.

The JSON of a run (``clueloop run --json FILE``) is the contract of ARCHITECTURE.md::

    {"run": {...}, "leads": [{"model": ID, "key": [...], "subject": {...}, "title": ...,
                              "evidence": [{"dataset": KIND, "source_file": ..., "row": N, ...}], ...}]}
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import json
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from clueloop import __version__
from clueloop.engine.backends import open_backend
from clueloop.engine.compiler import (
    TITLE_TEMPLATE,
    CheckedModel,
    CompiledModel,
    compile_model,
    resolve_parameters,
)
from clueloop.ingest.lake import Lake


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
    if type(value) is str:  # the common case, first
        return value
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


def _json_column(column: pa.ChunkedArray) -> list[Any]:
    """A result column as JSON values: dates in ISO form, integral numbers as integers.

    Text and integers go through NumPy, which makes the Python objects in one call (``to_pylist`` makes
    an Arrow scalar per value first, several times slower); text with few distinct values (file names,
    batches, categories) makes each distinct string once; dates are formatted by Arrow.
    """
    t = column.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        if _few_distinct(column):
            encoded = pc.dictionary_encode(column).combine_chunks()
            distinct = np.array([*encoded.dictionary.to_pylist(), None], dtype=object)
            positions = encoded.indices.fill_null(len(encoded.dictionary)).to_numpy()
            values: list[Any] = distinct[positions].tolist()
            return values
        values = column.to_numpy(zero_copy_only=False).tolist()
        return values
    if pa.types.is_integer(t) and column.null_count == 0:
        values = column.to_numpy().tolist()
        return values
    if pa.types.is_date(t):
        return _json_column(column.cast(pa.string()))
    values = column.to_pylist()
    if pa.types.is_integer(t) or pa.types.is_boolean(t):
        return values
    if pa.types.is_floating(t):
        return [int(v) if v is not None and v.is_integer() else v for v in values]
    return [_json_value(v) for v in values]


def _few_distinct(column: pa.ChunkedArray, sample: int = 4096) -> bool:
    """Whether a long text column repeats its values (judged on its first rows)."""
    if len(column) < 4 * sample:
        return False
    return len(pc.unique(column.slice(0, sample))) * 10 < sample


def _json_columns(table: pa.Table) -> dict[str, list[Any]]:
    """Every column as JSON values; a column equal to one already converted shares its list (the key is
    often also the subject's ID and one of the evidence values)."""
    out: dict[str, list[Any]] = {}
    done: list[tuple[pa.ChunkedArray, list[Any]]] = []
    for name in table.column_names:
        column = table.column(name)
        same = next(
            (values for other, values in done if other.type == column.type and other.equals(column)), None
        )
        if same is None:
            same = _json_column(column)
            done.append((column, same))
        out[name] = same
    return out


def kinds_read(model: CheckedModel) -> list[str]:
    spec = model.spec
    kinds = list(spec.from_.values()) + [j.kind for j in spec.joins if j.kind]
    kinds += [s.kind for s in spec.exists + spec.not_exists]
    if spec.group is not None:
        kinds += [s.kind for s in spec.group.exists + spec.group.not_exists]
    return sorted(set(kinds))


def _title(template: str, values: list[Any]) -> str:
    parts = iter(values)
    return TITLE_TEMPLATE.sub(lambda _m: key_text(next(parts)), template)


def _title_maker(template: str, n_parts: int) -> Callable[[list[Any]], str]:
    """``_title`` with the template split once: literal pieces around the ``n_parts`` placeholders."""
    pieces = TITLE_TEMPLATE.split(template)[::2]  # the split keeps each placeholder's text at odd positions
    if len(pieces) != n_parts + 1:
        return lambda values: _title(template, values)

    def make(values: list[Any]) -> str:
        out = [pieces[0]]
        for value, piece in zip(values, pieces[1:], strict=True):
            out += (key_text(value), piece)
        return "".join(out)

    return make


@functools.cache
def _evidence_maker(
    kind: str, alias: str, columns: tuple[str, ...]
) -> Callable[[list[Any], list[Any], list[Any], list[list[Any]]], list[dict[str, Any]]]:
    """A function making the evidence records of one alias from its columns, one record per row.

    Generated with the column names as constant keys, as ``collections.namedtuple`` generates its
    ``__new__``: a dict display with constant keys is built in one step, three times faster than
    ``dict(zip(names, values))``, and a run with a million leads makes a million of these.
    """
    names = [f"_v{i}" for i in range(len(columns))]
    values = ", ".join(f"{name!r}: {var}" for name, var in zip(columns, names, strict=True))
    source = (
        "lambda batches, rows, files, values: [\n"
        f"    {{'dataset': {kind!r}, 'alias': {alias!r}, 'source_file': f, 'row': r, 'batch_id': b,\n"
        f"     'values': {{{values}}}}}\n"
        f"    for b, r, f{''.join(', ' + n for n in names)} in zip(batches, rows, files, *values)\n"
        "]"
    )
    maker: Callable[[list[Any], list[Any], list[Any], list[list[Any]]], list[dict[str, Any]]]
    maker = eval(source, {"__builtins__": {"zip": zip}})  # noqa: S307 - names are repr() literals
    return maker


def assemble_leads(model: CheckedModel, table: pa.Table) -> list[dict[str, Any]]:
    """Group result rows by key into leads, with their evidence rows' lineage and values.

    Works column by column (one Python list per result column, no dict per row), and makes each
    evidence record in one generated expression (:func:`_evidence_maker`). The rows come ordered by
    key, so a lead's rows are one run of rows: without joins (every row is a different row of the main
    dataset, nothing to de-duplicate) a lead takes its run's records as one slice.
    """
    spec = model.spec
    title = _title_maker(spec.lead.title, len(model.title_parts))
    columns = _json_columns(table)
    n = table.num_rows

    def optional(name: str) -> list[Any]:
        return columns[name] if name in columns else [None] * n

    key_columns = [[key_text(v) for v in columns[f"_k{i}"]] for i in range(len(spec.lead.key))]
    keys: list[tuple[str, ...]] = list(zip(*key_columns, strict=True)) if key_columns else [()] * n
    subject_ids, subject_names = optional("_subject_id"), optional("_subject_name")
    titles = [columns[f"_t{i}"] for i in range(len(model.title_parts))]
    evidence = []
    for i, ev in enumerate(model.evidence):
        make = _evidence_maker(ev.kind, ev.alias, ev.columns)
        values = [columns[f"_e{i}_v{j}"] for j in range(len(ev.columns))]
        batches = columns[f"_e{i}_batch"]
        evidence.append(
            (ev.kind, batches, make(batches, columns[f"_e{i}_row"], columns[f"_e{i}_file"], values))
        )

    def new_lead(r: int, key: tuple[str, ...], found: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "model": spec.id,
            "model_name": spec.name,
            "key": list(key),
            "subject": {"id": key_text(subject_ids[r]) or None, "name": key_text(subject_names[r]) or None},
            "title": title([t[r] for t in titles]),
            "domain": spec.domain,
            "legal_basis": list(spec.legal_basis),
            "target_organ": spec.target_organ,
            "evidence": found,
        }

    runs = [r for r in range(n) if r == 0 or keys[r] != keys[r - 1]]
    whole = not spec.joins and all(None not in batches for _, batches, _ in evidence)
    if whole and len({keys[r] for r in runs}) == len(runs):
        records: list[dict[str, Any]] = evidence[0][2] if evidence else []
        leads = [
            new_lead(start, keys[start], records[start:stop])
            for start, stop in zip(runs, [*runs[1:], n][: len(runs)], strict=True)
            if "" not in keys[start]  # a subject without an identity is no lead (DOMAIN.md)
        ]
        for lead in leads:  # one dataset, rows by batch then row: only a lead over batches needs sorting
            found = lead["evidence"]
            if len(found) > 1 and found[0]["batch_id"] != found[-1]["batch_id"]:
                found.sort(key=_evidence_order)
    else:
        leads = list(_leads_by_key(keys, evidence, new_lead).values())
        for lead in leads:
            if len(lead["evidence"]) > 1:
                lead["evidence"].sort(key=_evidence_order)
    return sorted(leads, key=lambda lead: lead["key"])


def _leads_by_key(
    keys: list[tuple[str, ...]],
    evidence: list[tuple[str, list[Any], list[dict[str, Any]]]],
    new_lead: Callable[[int, tuple[str, ...], list[dict[str, Any]]], dict[str, Any]],
) -> dict[tuple[str, ...], dict[str, Any]]:
    """Leads row by row, each evidence row once per lead (a join repeats a row once per match)."""
    leads: dict[tuple[str, ...], dict[str, Any]] = {}
    seen: set[tuple[tuple[str, ...], str, Any, Any]] = set()
    for r, key in enumerate(keys):
        if "" in key:
            continue  # a subject without an identity is no lead (DOMAIN.md: invalid IDs match nothing)
        lead = leads.get(key)
        if lead is None:
            lead = leads[key] = new_lead(r, key, [])
        for kind, batches, records in evidence:
            batch = batches[r]
            ident = (key, kind, batch, records[r]["row"])
            if batch is None or ident in seen:
                continue
            seen.add(ident)
            lead["evidence"].append(records[r])
    return leads


def _evidence_order(ev: dict[str, Any]) -> tuple[str, str, Any]:
    return ev["dataset"], ev["source_file"] or "", ev["row"]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector: leads are millions of small dicts and lists and no cycles,
    and the collector would walk all of them again and again while they are being built."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
            with _collector_paused():
                leads = assemble_leads(c.model, table)
            del table
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
