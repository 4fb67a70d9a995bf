"""Benchmark, third part: the nine built-in models together over synthetic data at several scales.

For each scale: generate the agency exports (with planted truth), ingest every file, then run all nine
models on DuckDB in a fresh process and report, per model, rows read, leads out and time, with the
run's peak memory. The planted leads are checked too: a fast wrong answer is no result.

    python -m benchmarks.models_bench --scales 50,500 --out benchmarks/results/models.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "models"
AS_OF = dt.date(2026, 11, 27)


def run_child(home: Path) -> dict[str, Any]:
    from clueloop.engine.library import load_library
    from clueloop.engine.runner import run_models

    started = time.perf_counter()
    result = run_models(home, list(load_library(strict=True).models.values()), as_of=AS_OF)
    found: dict[str, list[list[str]]] = {}
    for lead in result.leads:
        found.setdefault(lead["model"], []).append(lead["key"])
    return {
        "seconds": time.perf_counter() - started,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "models": result.run["models"],
        "found": found,
    }


def bench_scale(scale: int) -> dict[str, Any]:
    from clueloop.ingest.lake import Lake
    from clueloop.ingest.service import ingest_file
    from clueloop.synth.generate import generate

    root = DATA / f"scale-{scale}"
    shutil.rmtree(root, ignore_errors=True)
    started = time.perf_counter()
    synth = generate(root / "exports", seed=1, scale=scale, as_of=AS_OF)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    lake = Lake(root / "home")
    for f in synth.files:
        ingest_file(lake, root / "exports" / f.file, f.kind)
    ingested = time.perf_counter() - started
    cmd = [sys.executable, "-m", "benchmarks.models_bench", "--child", str(root / "home")]
    child = json.loads(
        subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()[-1]
    )
    models = []
    for m in child["models"]:
        expected = sorted(synth.truth.get(m["id"], []))
        got = sorted(child["found"].get(m["id"], []))
        models.append(
            {
                "id": m["id"],
                "rows_in": sum(m["rows_read"].values()),
                "leads": m["leads"],
                "seconds": m["seconds"],
                "truth_matches": got == expected,
            }
        )
    return {
        "scale": scale,
        "rows_generated": sum(synth.rows.values()),
        "generate_s": round(generated, 1),
        "ingest_s": round(ingested, 1),
        "run_s": round(child["seconds"], 2),
        "run_peak_mb": round(child["peak_mb"]),
        "models": models,
    }


def table(report: dict[str, Any]) -> str:
    lines = []
    for r in report["results"]:
        lines.append(
            f"Scale {r['scale']}: {r['rows_generated']:,} rows generated in {r['generate_s']} s, ingested in "
            f"{r['ingest_s']} s; all nine models ran in {r['run_s']} s, peak RSS {r['run_peak_mb']:,} MB.\n"
        )
        lines.append("| model | rows in | leads out | time | leads = planted truth |")
        lines.append("|---|---:|---:|---:|---|")
        for m in r["models"]:
            ok = "yes" if m["truth_matches"] else "**no**"
            lines.append(f"| {m['id']} | {m['rows_in']:,} | {m['leads']:,} | {m['seconds']:.2f} s | {ok} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="50,500")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/models.json"))
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--keep-data", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child)))
        return
    results = [bench_scale(int(s)) for s in args.scales.split(",")]
    report = {
        "benchmark": "the nine built-in models over synthetic exports (DuckDB)",
        "as_of": AS_OF.isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(report))
    if not args.keep_data:
        shutil.rmtree(DATA, ignore_errors=True)


if __name__ == "__main__":
    main()
