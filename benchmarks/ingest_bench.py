"""Benchmark, first part: ingest + normalise dirty ``admin_penalty`` CSVs, against pandas + per-row Python.

Each measurement runs in its own process, so its peak memory (max RSS) is its own. The baseline is what a
data officer would write without clueloop: ``pandas.read_csv`` of the whole file, then the same
normalisers called once per value (``Series.map``), then ``to_parquet``.

    python -m benchmarks.ingest_bench --sizes 1000000,10000000 --out benchmarks/results/ingest.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_ours(csv_path: Path, home: Path) -> dict[str, Any]:
    from clueloop.ingest.lake import Lake
    from clueloop.ingest.service import ingest_file

    started = time.perf_counter()
    result = ingest_file(Lake(home), csv_path, "admin_penalty")
    return {"seconds": time.perf_counter() - started, "rows": result.batch.rows, "peak_mb": _peak_mb()}


def run_baseline(csv_path: Path, out: Path) -> dict[str, Any]:
    import pandas as pd

    from clueloop.catalog import get_kind
    from clueloop.ingest.headers import HeaderMatcher
    from clueloop.normalize.columns import SCALAR_FUNCTIONS as scalar  # the plain functions, one per role

    started = time.perf_counter()
    df = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    matcher = HeaderMatcher(get_kind("admin_penalty"))
    for header in list(df.columns):
        hit = matcher.lookup(header)
        if hit is None:
            continue
        column = hit[0]
        fn = scalar[column.role.value]
        results = df[header].map(fn)
        df[column.name] = results.map(lambda r: r.value)
        df[f"{column.name}__reason"] = results.map(lambda r: r.reason)
    df.to_parquet(out)
    return {"seconds": time.perf_counter() - started, "rows": len(df), "peak_mb": _peak_mb()}


def _child(mode: str, csv_path: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(dir=DATA) as tmp:
        cmd = [sys.executable, "-m", "benchmarks.ingest_bench", "--child", mode, str(csv_path), tmp]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def dataset(rows: int) -> Path:
    from clueloop.synth.penalties import generate

    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"admin_penalty_{rows}.csv"
    if not path.exists():
        generate(path.with_suffix(".tmp"), rows, seed=11)
        path.with_suffix(".tmp").rename(path)
    return path


def bench(sizes: list[int], baseline_max: int) -> dict[str, Any]:
    results = []
    measured: tuple[int, float] | None = None
    for rows in sizes:
        path = dataset(rows)
        ours = _child("ours", path)
        entry: dict[str, Any] = {
            "rows": rows,
            "file_mb": round(path.stat().st_size / 2**20, 1),
            "clueloop": {
                "seconds": round(ours["seconds"], 2),
                "rows_per_s": round(rows / ours["seconds"]),
                "peak_mb": round(ours["peak_mb"]),
            },
        }
        if rows <= baseline_max:
            base = _child("baseline", path)
            entry["baseline"] = {
                "seconds": round(base["seconds"], 2),
                "rows_per_s": round(rows / base["seconds"]),
                "peak_mb": round(base["peak_mb"]),
            }
            entry["speedup"] = round(base["seconds"] / ours["seconds"], 1)
            measured = (rows, base["seconds"])
        elif measured:  # pandas + per-row work grows linearly with rows: scaled from the largest run
            seconds = measured[1] * rows / measured[0]
            entry["baseline_extrapolated"] = {
                "from_rows": measured[0],
                "seconds": round(seconds, 1),
                "rows_per_s": round(rows / seconds),
            }
            entry["speedup_vs_extrapolated"] = round(seconds / ours["seconds"], 1)
        results.append(entry)
        print(json.dumps(entry, ensure_ascii=False), flush=True)
    return {
        "benchmark": "ingest admin_penalty CSV (dirty), normalise, write Parquet",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "results": results,
    }


def table(report: dict[str, Any]) -> str:
    lines = [
        "| rows | CSV size | clueloop time | clueloop rows/s | clueloop peak RSS "
        "| pandas + per-row time | pandas rows/s | pandas peak RSS | speed-up |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["results"]:
        c, b = r["clueloop"], r.get("baseline")
        x = r.get("baseline_extrapolated")
        base = (
            f"{b['seconds']:.1f} s | {b['rows_per_s']:,} | {b['peak_mb']:,} MB | **{r['speedup']}×**"
            if b
            else f"~{x['seconds']:.0f} s (from {x['from_rows']:,}) | | | ~{r['speedup_vs_extrapolated']}×"
            if x
            else "not run | | | "
        )
        lines.append(
            f"| {r['rows']:,} | {r['file_mb']:,} MB | {c['seconds']:.1f} s | {c['rows_per_s']:,} "
            f"| {c['peak_mb']:,} MB | {base} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--baseline-max", type=int, default=10_000_000, help="largest size to run pandas on")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/ingest.json"))
    parser.add_argument("--child", nargs=3, metavar=("MODE", "CSV", "TMP"), help=argparse.SUPPRESS)
    parser.add_argument("--keep-data", action="store_true", help="keep the generated CSVs")
    args = parser.parse_args()
    if args.child:
        mode, csv_path, tmp = args.child
        fn = run_ours if mode == "ours" else run_baseline
        target = Path(tmp) / ("home" if mode == "ours" else "out.parquet")
        print(json.dumps(fn(Path(csv_path), target)))
        return
    report = bench([int(s) for s in args.sizes.split(",")], args.baseline_max)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(report))
    if not args.keep_data:  # only our own CSVs: other benchmarks keep their data under DATA too
        for rows in args.sizes.split(","):
            (DATA / f"admin_penalty_{int(rows)}.csv").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
