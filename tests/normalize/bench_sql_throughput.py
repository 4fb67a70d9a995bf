"""Throughput of cl_person_id + cl_date + cl_amount over 1,000,000 rows (not a test; run by hand).

    .venv/bin/python tests/normalize/bench_sql_throughput.py [DIRTY_FRACTION]

DIRTY_FRACTION (default 0.1) of the rows, scattered, are dirty: lower-case x, spaces, dashes, 15-digit
IDs, wrong check characters; 2021/3/5, 2021年3月5日, Excel serials, impossible dates; 1,234.50, ¥, 万元.
Prints the best of five runs: wall time and the process CPU time (DuckDB uses every core).
"""

from __future__ import annotations

import random
import resource
import sys
import time

import duckdb
import pyarrow as pa

from clueloop.normalize import sql
from clueloop.normalize.idcard import id_check_char

ROWS = 1_000_000


def _data(dirty: float) -> pa.Table:
    rng = random.Random(1)

    def person_id() -> str:
        birth = f"{rng.randint(1950, 2010)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        body = f"{rng.randint(110000, 659999)}{birth}{rng.randint(0, 999):03d}"
        value = body + id_check_char(body)
        if rng.random() < dirty:
            value = rng.choice(
                [
                    value.lower(),
                    f" {value} ",
                    value[:6] + "-" + value[6:],
                    value[:6] + value[8:17],
                    value[:17] + "0",
                ]
            )
        return value

    def day() -> str:
        y, m, d = rng.randint(2000, 2024), rng.randint(1, 12), rng.randint(1, 28)
        if rng.random() < dirty:
            return rng.choice(
                [f"{y}/{m}/{d}", f"{y}年{m}月{d}日", f"{y}{m:02d}{d:02d}", "44197", "2021-02-30", "长期"]
            )
        return f"{y}-{m:02d}-{d:02d}"

    def amount() -> str:
        yuan = rng.randint(1, 10**6) / 100
        if rng.random() < dirty:
            return rng.choice([f"{yuan:,.2f}", f"¥{yuan}", f"{yuan}元", "5万元", "1.2万", "abc"])
        return f"{yuan}"

    columns = {"id": [person_id() for _ in range(ROWS)], "d": [day() for _ in range(ROWS)]}
    columns["a"] = [amount() for _ in range(ROWS)]
    return pa.table(columns)


def main() -> None:
    dirty = float(sys.argv[1]) if len(sys.argv) > 1 else 0.1
    con = duckdb.connect()
    sql.install(con)
    con.register("data", _data(dirty))
    con.execute("CREATE TABLE t AS SELECT * FROM data")
    query = (
        "SELECT count(p.value), count(p.reason), count(d.value), count(d.reason), count(a.value), "
        "count(a.reason) FROM (SELECT cl_person_id(id) AS p, cl_date(d) AS d, cl_amount(a) AS a FROM t)"
    )
    runs = []
    for _ in range(5):
        cpu0, wall0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        counts = con.execute(query).fetchall()
        cpu1, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter() - wall0
        runs.append((wall, cpu1.ru_utime - cpu0.ru_utime + cpu1.ru_stime - cpu0.ru_stime))
    wall, cpu = min(runs)
    print(f"{ROWS:,} rows, {dirty:.0%} dirty: wall {wall:.2f} s, cpu {cpu:.2f} s; counts {counts[0]}")


if __name__ == "__main__":
    main()
