"""The lake as the 数据 page and the API show it: each kind with its batches, rows and quality."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from clueloop.catalog import Kind, load_kinds
from clueloop.ingest.lake import Batch, Lake
from clueloop.ingest.quality import quality_report, reason_zh


@dataclass(frozen=True)
class KindSummary:
    kind: Kind
    batches: list[Batch]

    @property
    def rows(self) -> int:
        return sum(b.rows for b in self.batches)

    @property
    def invalid(self) -> int:
        return sum(invalid_values(b.manifest["report"]) for b in self.batches)

    @property
    def last_loaded(self) -> str | None:
        return max((str(b.manifest["created_at"]) for b in self.batches), default=None)


@dataclass(frozen=True)
class QualityRow:
    """One column of a quality report, its reasons already in Chinese with sample row numbers."""

    name: str
    present: bool
    filled: int
    empty_rate: float
    invalid: int
    reasons: list[str]


def summaries(lake: Lake) -> list[KindSummary]:
    """Every kind of the catalog (loaded or not), in catalog order."""
    by_kind: dict[str, list[Batch]] = {}
    for batch in lake.batches():
        by_kind.setdefault(batch.kind, []).append(batch)
    return [KindSummary(kind, by_kind.get(kind.kind, [])) for kind in load_kinds().values()]


def kind_report(lake: Lake, kind: Kind) -> dict[str, Any] | None:
    """The quality report over every batch of ``kind`` (keys duplicated across batches count too)."""
    if not lake.batches(kind.kind):
        return None
    con = lake.connect(kinds=[kind.kind])
    try:
        return quality_report(con, exp.to_table(kind.kind, quoted=True), kind)
    finally:
        con.close()


def invalid_values(report: Mapping[str, Any]) -> int:
    return sum(int(c["invalid"]) for c in report["columns"])


def quality_rows(report: Mapping[str, Any]) -> list[QualityRow]:
    """The columns the file had, each with its invalid values by reason (in Chinese)."""
    return [
        QualityRow(
            c["name"],
            c["present"],
            c["filled"],
            c["empty_rate"],
            c["invalid"],
            [
                f"{reason_zh(c['role'], reason)} {v['count']:,}（示例行 {'、'.join(map(str, v['rows']))}）"
                for reason, v in c["reasons"].items()
            ],
        )
        for c in report["columns"]
        if c["present"]
    ]
