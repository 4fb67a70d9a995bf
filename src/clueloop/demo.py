"""``clueloop demo``: synthetic agency exports → lake → every model → summary and HTML report.

The exports are generated with planted truth (``truth.json``), so the demo also shows that every model
found exactly the leads planted for it.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from clueloop.engine.library import load_library
from clueloop.engine.runner import RunResult, run_models
from clueloop.ingest.lake import Lake
from clueloop.ingest.service import IngestProgress, IngestResult, ingest_file
from clueloop.report import write_report


@dataclass
class DemoResult:
    home: Path
    steps: list[tuple[str, float]] = field(default_factory=list)
    ingested: list[IngestResult] = field(default_factory=list)
    run: RunResult | None = None
    truth: dict[str, list[list[str]]] = field(default_factory=dict)
    report: Path | None = None

    def scores(self) -> dict[str, tuple[int, int, int]]:
        """Per model: (leads found, planted, found that were planted)."""
        assert self.run is not None
        found: dict[str, set[tuple[str, ...]]] = {}
        for lead in self.run.leads:
            found.setdefault(lead["model"], set()).add(tuple(lead["key"]))
        out = {}
        for model in self.run.run["models"]:
            planted = {tuple(k) for k in self.truth.get(model["id"], [])}
            got = found.get(model["id"], set())
            out[model["id"]] = (len(got), len(planted), len(got & planted))
        return out


def run_demo(
    home: Path,
    *,
    seed: int = 1,
    scale: int = 1,
    as_of: dt.date | None = None,
    progress: Callable[[Path], IngestProgress] | None = None,
    on_step: Callable[[str], None] | None = None,
) -> DemoResult:
    from clueloop.synth.generate import generate

    as_of = as_of or dt.date.today()
    result = DemoResult(home)
    exports = home / "exports"

    def step(name: str, started: float) -> None:
        result.steps.append((name, time.perf_counter() - started))

    if on_step:
        on_step("生成示例机关导出数据")
    started = time.perf_counter()
    synth = generate(exports, seed=seed, scale=scale, as_of=as_of)
    result.truth = synth.truth
    step("生成示例数据", started)

    lake = Lake(home)
    started = time.perf_counter()
    for written in synth.files:
        path = exports / written.file
        if on_step:
            on_step(f"导入 {path.name}")
        result.ingested.append(
            ingest_file(lake, path, written.kind, progress=progress(path) if progress else None)
        )
    step("导入全部文件", started)

    if on_step:
        on_step("运行全部监督模型")
    started = time.perf_counter()
    library = load_library(strict=True)
    result.run = run_models(home, list(library.models.values()), as_of=as_of)
    step("运行 9 个模型", started)

    started = time.perf_counter()
    result.report = write_report(home / "report.html", result.run.run, result.run.leads)
    (home / "leads.json").write_text(
        json.dumps(result.run.to_json(), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    step("生成报告", started)
    return result
