"""Benchmark of the web application: the lead list over a workflow database of a million leads.

Fills a workflow database (SQLite in a temporary home; PostgreSQL with ``--db``) with leads spread like a
few years of model runs (nine models, every state, twenty prosecutors, three years of dates), starts the
real server (``clueloop serve`` in a subprocess) and times, with a signed-in prosecutor's session over
loopback, the lead list's first page and a filtered page, as HTML (/leads) and JSON (/api/leads): p50
and p95 of ``--requests`` sequential requests each. The list's two queries (the count and the page) are
also timed in-process with their query plans, so a slow page says which query is slow.

    python -m benchmarks.web_bench --out benchmarks/results/web.json
    python -m benchmarks.web_bench --db postgresql://user@localhost/bench --leads 1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

CHUNK = 20_000
STATES = (("待研判", 0.55), ("研判中", 0.2), ("不成案", 0.17), ("成案", 0.06), ("已合并", 0.02))
OWNERS = [f"检察官{i:02d}" for i in range(1, 21)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
COMPANY = ("商贸有限公司", "物流有限公司", "建筑工程有限公司", "餐饮管理有限公司", "石油销售有限公司")
PASSWORD = "bench-password"


def _models() -> list[dict[str, Any]]:
    from clueloop.engine.library import load_library

    return [
        {
            "id": m.spec.id,
            "name": m.spec.name,
            "domain": m.spec.domain,
            "target_organ": m.spec.target_organ,
            "legal_basis": list(m.spec.legal_basis),
        }
        for m in load_library(strict=True).models.values()
    ]


def _rows(n: int, models: list[dict[str, Any]], seed: int = 1) -> Iterator[list[dict[str, Any]]]:
    """Leads in chunks, oldest first (ids grow with time, as runs record them); the random parts are
    drawn a chunk at a time with NumPy, so a million rows take seconds rather than minutes."""
    import numpy as np

    from clueloop.workflow.leads import key_text

    rng = np.random.default_rng(seed)
    start = dt.datetime(2024, 1, 1)
    span = (dt.datetime(2026, 11, 1) - start).total_seconds()
    weights = np.array([1.0 + 3 * (i % 3) for i in range(len(models))])  # some models find far more
    states = [name for name, _ in STATES]
    state_p = np.array([p for _, p in STATES])
    surnames = list(SURNAMES)
    for first in range(0, n, CHUNK):
        size = min(CHUNK, n - first)
        model_ix = rng.choice(len(models), size, p=weights / weights.sum())
        state_ix = rng.choice(len(states), size, p=state_p / state_p.sum())
        person = rng.random(size) < 0.6
        seconds = (np.arange(first, first + size) * span / n + rng.random(size) * 60).tolist()
        a, b = rng.integers(0, len(surnames), size), rng.integers(0, len(surnames), size)
        company = rng.integers(0, len(COMPANY), size)
        digits = rng.integers(10**15, 10**16, size)
        owner_ix = rng.integers(0, len(OWNERS), size)
        chance = rng.random(size)
        chunk = []
        for j in range(size):
            model, state = models[model_ix[j]], states[state_ix[j]]
            at = start + dt.timedelta(seconds=seconds[j])
            if person[j]:
                subject_id = f"{digits[j] % 10**17:017d}{'0123456789X'[digits[j] % 11]}"
                name = surnames[a[j]] + surnames[b[j]] + "某"
            else:
                subject_id = f"91{digits[j]}"
                name = f"{surnames[a[j]]}{surnames[b[j]]}{COMPANY[company[j]]}"
            key = [subject_id, f"{first + j:08d}"]
            handled = state != "待研判"
            chunk.append(
                {
                    "model_id": model["id"],
                    "model_name": model["name"],
                    "key": key,
                    "key_text": key_text(key),
                    "subject_id": subject_id,
                    "subject_name": name,
                    "title": f"{name}：{model['name']}",
                    "domain": model["domain"],
                    "target_organ": model["target_organ"],
                    "legal_basis": model["legal_basis"],
                    "state": state,
                    "state_reason": "经核实已由主管机关处理" if state == "不成案" else "",
                    "owner": OWNERS[owner_ix[j]] if handled or chance[j] < 0.3 else "",
                    "department": "第八检察部" if handled else "",
                    "needs_review": state == "不成案" and chance[j] < 0.05,
                    "review_note": "",
                    "first_run_id": f"run-{at:%Y%m%d}",
                    "last_run_id": f"run-{at:%Y%m%d}",
                    "created_at": at,
                    "touched_at": at,
                    "sleeping_since": at.date() + dt.timedelta(days=30)
                    if state == "待研判" and chance[j] > 0.9
                    else None,
                    "version": 1,
                }
            )
        yield chunk


def fill(home: Path, db: str | None, n: int) -> tuple[float | None, list[dict[str, Any]]]:
    """Leads (bulk inserts of the same columns ``record_run`` writes) and a signed-in prosecutor; the
    seconds it took, or None when the database (``--home`` or ``--db`` of an earlier run) had them."""
    from sqlalchemy import func, insert, select

    from clueloop.security.users import PROSECUTOR, add_user
    from clueloop.workflow.db import Workflow
    from clueloop.workflow.orm import Lead, User

    models = _models()
    wf = Workflow.open(home, db)
    started = time.perf_counter()
    try:
        with wf.transaction() as s:
            have = s.scalar(select(func.count()).select_from(Lead)) or 0
            if s.scalar(select(User.id).where(User.username == "bench")) is None:
                add_user(s, "bench", PASSWORD, PROSECUTOR, "benchmark", display_name="基准检察官")
        if have >= n:
            return None, models
        if have:
            raise SystemExit(f"the database holds {have:,} leads, fewer than --leads {n:,}: start empty")
        indexes = list(Lead.__table__.indexes)  # built once after the load: far faster than kept up
        with wf.engine.begin() as connection:
            for index in indexes:
                index.drop(connection)
        try:
            done = 0
            for chunk in _rows(n, models):
                with wf.engine.begin() as connection:
                    connection.execute(insert(Lead.__table__), chunk)
                done += len(chunk)
                print(f"\r  {done:>10,} / {n:,} leads", end="", file=sys.stderr, flush=True)
            print(file=sys.stderr)
        finally:
            with wf.engine.begin() as connection:
                for index in indexes:
                    index.create(connection)
                connection.exec_driver_sql("ANALYZE")  # fresh statistics, as a database in use has
    finally:
        wf.close()
    return time.perf_counter() - started, models


def explain(home: Path, db: str | None, query: dict[str, str]) -> dict[str, Any]:
    """The list's two queries for ``query``, built by the route's own code: time and plan of each."""
    from sqlalchemy import func, select

    from clueloop.security import scope
    from clueloop.web.routes.leads import SORTS, list_query
    from clueloop.workflow import leads as service
    from clueloop.workflow.db import Workflow
    from clueloop.workflow.orm import User

    wf = Workflow.open(home, db)
    try:
        with wf.sessions() as s:
            user = s.scalars(select(User).where(User.username == "bench")).one()
            q = list_query(**query)
            stmt = scope.leads(service.query(q.filter()), user)
            count = select(func.count()).select_from(stmt.order_by(None).subquery())
            page = stmt.order_by(SORTS[q.sort]).limit(q.size).offset((q.page - 1) * q.size)
            out: dict[str, Any] = {}
            for name, sql in (("count", count), ("page", page)):
                times = []
                for _ in range(5):
                    started = time.perf_counter()
                    s.execute(sql).all()
                    times.append(time.perf_counter() - started)
                compiled = sql.compile(wf.engine, compile_kwargs={"literal_binds": True})
                prefix = "EXPLAIN QUERY PLAN " if wf.engine.dialect.name == "sqlite" else "EXPLAIN "
                plan = s.connection().exec_driver_sql(prefix + str(compiled)).all()
                out[name] = {
                    "ms": round(1000 * statistics.median(times), 1),
                    "sql": str(compiled),
                    "plan": [" | ".join(str(c) for c in row) for row in plan],
                }
            return out
    finally:
        wf.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serve(home: Path, db: str | None) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        str(Path(sys.executable).with_name("clueloop")),
        "serve",
        "--port",
        str(port),
        "--home",
        str(home),
    ]
    if db:
        command += ["--db", db]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/login", timeout=2).status_code == 200:
                return server, url
        except httpx.TransportError:
            time.sleep(0.2)
        if server.poll() is not None:
            break
    server.kill()
    raise SystemExit(
        f"clueloop serve did not start: {server.stderr.read().decode() if server.stderr else ''}"
    )


def measure(url: str, paths: dict[str, str], requests: int) -> dict[str, dict[str, Any]]:
    import httpx

    out: dict[str, dict[str, Any]] = {}
    with httpx.Client(base_url=url, timeout=60) as client:
        signed_in = client.post("/login", data={"username": "bench", "password": PASSWORD, "next": "/"})
        if signed_in.status_code != 303:
            raise SystemExit(f"could not sign in: {signed_in.status_code}")
        for name, path in paths.items():
            for _ in range(5):  # warm the server's caches and the database's pages
                client.get(path).raise_for_status()
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - started)
                response.raise_for_status()
            times.sort()
            out[name] = {
                "path": path,
                "requests": requests,
                "p50_ms": round(1000 * statistics.median(times), 1),
                "p95_ms": round(1000 * times[int(0.95 * (len(times) - 1))], 1),
                "max_ms": round(1000 * times[-1], 1),
                "bytes": len(response.content),
            }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--db", help="workflow database URL (default: SQLite in the temporary home)")
    parser.add_argument("--home", type=Path, help="home folder to use and keep (default: a temporary one)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/web.json"))
    args = parser.parse_args()

    home = args.home or Path(tempfile.mkdtemp(prefix="clueloop-web-bench-"))
    home.mkdir(parents=True, exist_ok=True)
    try:
        print(f"filling {args.leads:,} leads into {args.db or home / 'workflow.db'}", file=sys.stderr)
        fill_s, models = fill(home, args.db, args.leads)
        busiest = max(range(len(models)), key=lambda i: i % 3)
        filtered = {"state": "研判中", "model": models[busiest]["id"]}
        queries = {"first": {}, "filtered": filtered}
        paths = {
            "/leads": "/leads",
            "/leads filtered": "/leads?" + urlencode(filtered),
            "/api/leads": "/api/leads",
            "/api/leads filtered": "/api/leads?" + urlencode(filtered),
        }
        plans = {name: explain(home, args.db, q) for name, q in queries.items()}
        server, url = serve(home, args.db)
        try:
            timings = measure(url, paths, args.requests)
        finally:
            server.terminate()
            server.wait(timeout=10)
    finally:
        if not args.home:
            shutil.rmtree(home, ignore_errors=True)

    width = max(len(k) for k in timings)
    filled = "from an earlier run" if fill_s is None else f"filled in {fill_s:.0f} s"
    print(f"\n{args.leads:,} leads ({'PostgreSQL' if args.db else 'SQLite'}), {filled}")
    print(f"{'page':<{width}}  {'p50 ms':>8}  {'p95 ms':>8}  {'max ms':>8}  {'KiB':>6}")
    for name, t in timings.items():
        print(
            f"{name:<{width}}  {t['p50_ms']:>8}  {t['p95_ms']:>8}  {t['max_ms']:>8}  {t['bytes'] // 1024:>6}"
        )
    print("\nthe list's queries, in-process (median of 5):")
    for name, plan in plans.items():
        print(f"  {name}: count {plan['count']['ms']} ms, page {plan['page']['ms']} ms")
        for part in ("count", "page"):
            for line in plan[part]["plan"]:
                print(f"    {part} plan: {line}")
    result = {
        "benchmark": "the web lead list over a workflow database of leads (signed-in prosecutor, loopback)",
        "leads": args.leads,
        "database": "postgresql" if args.db else "sqlite",
        "fill_s": None if fill_s is None else round(fill_s, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "target_p95_ms": 300,
        "pages": timings,
        "queries": plans,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {args.out}")


if __name__ == "__main__":
    main()
