"""An uploaded export: kept under HOME/uploads, then ingested as a background job.

The copy is removed again when the import fails or the content was imported before; the lake itself is
left as it was by a failed import (:func:`clueloop.ingest.service.ingest_file` stages and publishes).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path, PurePosixPath
from typing import IO, Any

from clueloop.catalog import UnknownKindError, get_kind
from clueloop.ingest.errors import IngestError
from clueloop.ingest.lake import Lake
from clueloop.ingest.service import SUPPORTED_SUFFIXES, ingest_file
from clueloop.security.access import record_access
from clueloop.web.jobs import Job, Jobs, Work
from clueloop.workflow.states import WorkflowError

UPLOADS = "uploads"
INGEST = "导入"  # the jobs' kind
_UNSAFE = re.compile(r"[^\w.\-()（）〔〕]+")


def safe_name(name: str) -> str:
    """The file's own name (no folders) with only word characters, dots, dashes and brackets."""
    base = PurePosixPath(name.replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).strip("._ ") or "upload"
    stem, dot, suffix = cleaned.rpartition(".")
    if not dot:
        return cleaned[:120]
    return f"{stem[: 120 - len(suffix)]}.{suffix[:10]}"


def save_upload(home: Path, name: str, stream: IO[bytes]) -> Path:
    """Copy the upload to HOME/uploads/<timestamp>_<safe name>."""
    folder = home / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{dt.datetime.now():%Y%m%dT%H%M%S%f}_{safe_name(name)}"
    with path.open("xb") as target:
        shutil.copyfileobj(stream, target, 1 << 20)
    return path


def start_ingest(home: Path, jobs: Jobs, user: str, kind: str, name: str, stream: IO[bytes]) -> Job:
    """Check the kind and the file's format, keep the file and queue its import (refused: WorkflowError)."""
    try:
        get_kind(kind)
    except UnknownKindError as exc:
        raise WorkflowError(str(exc)) from None
    if not name.lower().endswith(tuple(SUPPORTED_SUFFIXES)):
        raise WorkflowError(f"不支持的文件格式：{name}；可导入 {'、'.join(sorted(SUPPORTED_SUFFIXES))}")
    path = save_upload(home, name, stream)
    record_access(home, "web:upload", user=user, kind=kind, file=name, saved=path.name)
    return jobs.submit(INGEST, f"{name} → {kind}", user, ingest_job(Lake(home), path, kind, name))


def ingest_job(lake: Lake, path: Path, kind: str, original: str) -> Work:
    """The job that ingests ``path``; its errors name the file as the user called it."""

    def work(job: Job) -> dict[str, Any]:
        def on_progress(phase: str, rows: int, done: int, total: int) -> None:
            job.progress(done, total, f"已读取 {rows:,} 行")

        try:
            result = ingest_file(lake, path, kind, progress=on_progress)
        except IngestError as exc:
            path.unlink(missing_ok=True)
            raise IngestError(original, exc.message, row=exc.row, column=exc.column, hint=exc.hint) from None
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        if result.status == "duplicate":
            path.unlink(missing_ok=True)
        m = result.batch.manifest
        return {
            "status": result.status,
            "kind": result.kind,
            "batch_id": result.batch.batch_id,
            "rows": result.batch.rows,
            "source_name": m["source_name"],
            "created_at": m["created_at"],
            "seconds": round(result.seconds, 1),
            "notes": result.notes,
            "report": result.report,
        }

    return work
