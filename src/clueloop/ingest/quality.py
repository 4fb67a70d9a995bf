"""Quality report of a batch or of everything loaded for a kind: what was wrong, where, how often.

Bad values are never dropped: they are flagged in the lake (``列__ok``/``列__reason``) and counted here,
with sample row numbers so a data officer can find them in the source file.
"""

from __future__ import annotations

from typing import Any

import duckdb
from sqlglot import exp

from clueloop.catalog import Kind
from clueloop.catalog.layout import CHECKED_ROLES

SAMPLE_ROWS = 5

REASONS_ZH = {
    "length": "长度不对",
    "characters": "含非法字符",
    "date": "日期不存在",
    "check": "校验位错误",
    "format": "格式无法识别",
    "value": "不在允许值内",
}
_ID_REASONS_ZH = {"date": "出生日期无效"}


def reason_zh(role: str, reason: str) -> str:
    """The Chinese label of an invalid-value reason, as the quality report shows it."""
    if role in ("person_id", "party_id") and reason in _ID_REASONS_ZH:
        return _ID_REASONS_ZH[reason]
    return REASONS_ZH.get(reason, reason)


def _q(name: str) -> exp.Identifier:
    return exp.to_identifier(name, quoted=True)


def quality_report(
    con: duckdb.DuckDBPyConnection,
    relation: exp.Expr,
    kind: Kind,
    *,
    present: set[str] | None = None,
    earlier: exp.Expr | None = None,
) -> dict[str, Any]:
    """Report on ``relation`` (a table expression such as ``read_parquet('…')`` or a view).

    ``present`` names the canonical columns the file had (None: judge from the data);
    ``earlier`` is a relation of previously loaded rows, to count keys loaded before.
    """
    rel = relation
    rows = int(_scalar(con, exp.select("count(*)").from_(rel)))
    columns: list[dict[str, Any]] = []
    counts = [
        exp.func("count", exp.column(f"{c.name}__raw", quoted=True)).as_(f"f{i}")
        for i, c in enumerate(kind.columns)
    ]
    filled = con.execute(exp.select(*counts).from_(rel.copy()).sql(dialect="duckdb")).fetchone() or ()
    invalid_parts = []
    for i, c in enumerate(kind.columns):
        if c.role not in CHECKED_ROLES:
            continue
        ok = exp.column(f"{c.name}__ok", quoted=True)
        part = (
            exp.select(
                exp.Literal.number(i).as_("col"),
                exp.column(f"{c.name}__reason", quoted=True).as_("reason"),
                exp.func("count", exp.Star()).as_("n"),
                exp.func("min", exp.column("_source_row"), exp.Literal.number(SAMPLE_ROWS)).as_("rows"),
            )
            .from_(rel.copy())
            .where(ok.eq(exp.false()))
            .group_by(exp.column(f"{c.name}__reason", quoted=True))
        )
        invalid_parts.append(part)
    invalid: dict[int, dict[str, Any]] = {}
    if invalid_parts and rows:
        union: exp.Query = invalid_parts[0]
        for part in invalid_parts[1:]:
            union = exp.union(union, part, distinct=False)
        for col, reason, n, sample in con.execute(union.sql(dialect="duckdb")).fetchall():
            invalid.setdefault(col, {})[reason or "format"] = {"count": n, "rows": sorted(sample)}
    for i, c in enumerate(kind.columns):
        n_filled = int(filled[i]) if filled else 0
        is_present = (c.name in present) if present is not None else n_filled > 0
        reasons = invalid.get(i, {})
        columns.append(
            {
                "name": c.name,
                "role": c.role.value,
                "present": is_present,
                "filled": n_filled,
                "empty_rate": round(1 - n_filled / rows, 4) if rows else 0.0,
                "invalid": sum(r["count"] for r in reasons.values()),
                "reasons": reasons,
            }
        )
    return {
        "kind": kind.kind,
        "rows": rows,
        "columns": columns,
        "duplicates": _duplicates(con, rel, kind, earlier),
    }


def _duplicates(
    con: duckdb.DuckDBPyConnection, rel: exp.Expr, kind: Kind, earlier: exp.Expr | None
) -> dict[str, Any]:
    if not kind.key:
        return {"key": [], "values": 0, "rows": 0, "sample_rows": [], "loaded_before": 0}
    keys = [exp.column(k, quoted=True) for k in kind.key]
    not_null = exp.and_(*[k.copy().is_(exp.null()).not_() for k in keys])
    groups = (
        exp.select(*[k.copy() for k in keys], "count(*) AS n", "min(_source_row) AS first_row")
        .from_(rel.copy())
        .where(not_null)
        .group_by(*[k.copy() for k in keys])
        .having("count(*) > 1")
    )
    summary = exp.select("count(*)", "coalesce(sum(n), 0)", f"min(first_row, {SAMPLE_ROWS})").from_(
        groups.subquery("g")
    )
    values, dup_rows, sample = con.execute(summary.sql(dialect="duckdb")).fetchone() or (0, 0, [])
    before = 0
    if earlier:
        old = earlier.copy()
        new_keys = exp.select(*[k.copy() for k in keys]).distinct().from_(rel.copy()).where(not_null.copy())
        old_keys = exp.select(*[k.copy() for k in keys]).distinct().from_(old).where(not_null.copy())
        both = exp.select("count(*)").from_(exp.intersect(new_keys, old_keys).subquery("b"))
        before = int(_scalar(con, both))
    return {
        "key": list(kind.key),
        "values": int(values),
        "rows": int(dup_rows),
        "sample_rows": list(sample or [])[:SAMPLE_ROWS],
        "loaded_before": before,
    }


def _scalar(con: duckdb.DuckDBPyConnection, query: exp.Expr) -> Any:
    row = con.execute(query.sql(dialect="duckdb")).fetchone()
    return row[0] if row else None
