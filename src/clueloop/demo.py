"""``clueloop demo``: make dirty agency exports, load them into a fresh home, and summarise."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from clueloop.ingest.lake import Lake
from clueloop.ingest.service import IngestProgress, IngestResult, ingest_file
from clueloop.synth import penalties


@dataclass
class DemoStep:
    name: str
    seconds: float
    result: IngestResult | None = None


def make_exports(folder: Path, rows: int = 50_000) -> list[Path]:
    """Three agencies' exports of penalty decisions: GBK CSV, an XLSX with a title row, JSON lines."""
    folder.mkdir(parents=True, exist_ok=True)
    utf8 = penalties.generate(folder / "_scratch.csv", rows, seed=1)
    gbk = penalties.to_encoding(utf8, folder / "行政处罚_市场监管局.csv", "gb18030")
    small = penalties.generate(folder / "_small.csv", max(rows // 25, 100), seed=2, start=rows)
    xlsx = penalties.to_xlsx(small, folder / "行政处罚_综合执法局.xlsx", title="2026年行政处罚决定公示表")
    lines = penalties.generate(folder / "_lines.csv", max(rows // 10, 100), seed=3, start=2 * rows)
    jsonl = penalties.to_jsonl(lines, folder / "行政处罚_农业农村局.jsonl")
    for scratch in (utf8, small, lines):
        scratch.unlink()
    return [gbk, xlsx, jsonl]


def run_demo(
    home: Path,
    rows: int = 50_000,
    progress: Callable[[Path], IngestProgress] | None = None,
) -> list[DemoStep]:
    lake = Lake(home)
    steps = []
    started = time.perf_counter()
    exports = make_exports(home / "exports", rows)
    steps.append(DemoStep("生成示例导出文件", time.perf_counter() - started))
    for path in exports:
        started = time.perf_counter()
        result = ingest_file(lake, path, "admin_penalty", progress=progress(path) if progress else None)
        steps.append(DemoStep(f"导入 {path.name}", time.perf_counter() - started, result))
    return steps
