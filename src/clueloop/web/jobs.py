"""Long work started from a page (an upload to ingest, a model run) runs on one worker thread — DuckDB's
lake has one writer — and reports progress that the page polls."""

from __future__ import annotations

import datetime as dt
import threading
import traceback
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Job:
    id: str
    kind: str  # 导入 / 运行模型
    title: str
    owner: str
    state: str = "排队中"  # 排队中 / 进行中 / 已完成 / 失败
    done: int = 0
    total: int = 0
    message: str = ""
    result: dict[str, Any] = field(default_factory=dict)
    started: dt.datetime = field(default_factory=dt.datetime.now)
    finished: dt.datetime | None = None

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (100 if self.state == "已完成" else 0)

    def progress(self, done: int, total: int, message: str = "") -> None:
        self.done, self.total = done, total
        if message:
            self.message = message


Work = Callable[[Job], dict[str, Any]]
"""What a job does: it reports progress on the job and returns the result the page shows."""


class Jobs:
    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clueloop-job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def submit(self, kind: str, title: str, owner: str, work: Work) -> Job:
        job = Job(uuid.uuid4().hex[:12], kind, title, owner)
        with self._lock:
            self._jobs[job.id] = job

        def run() -> None:
            job.state = "进行中"
            try:
                job.result = work(job)
                job.state = "已完成"
            except Exception as exc:  # shown on the page; the lake stays as it was (ingest is atomic)
                job.state, job.message = "失败", str(exc) or type(exc).__name__
                job.result = {"traceback": traceback.format_exc(limit=3)}
            finally:
                job.finished = dt.datetime.now()

        self._pool.submit(run)
        return job

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def recent(self, limit: int = 20) -> list[Job]:
        return sorted(self._jobs.values(), key=lambda j: j.started, reverse=True)[:limit]

    def wait_idle(self, timeout: float = 60) -> None:
        """Block until queued jobs are done (tests and the demo use it)."""
        self._pool.submit(lambda: None).result(timeout=timeout)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
