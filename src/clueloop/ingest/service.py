"""Loading one export into the lake: read → match headers → normalise → stage → report → publish."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from sqlglot import exp

from clueloop import __version__
from clueloop.catalog import Kind, get_kind
from clueloop.ingest.errors import IngestError
from clueloop.ingest.headers import HeaderMatcher, check_mapping
from clueloop.ingest.lake import DATA_FILE, Batch, Lake, write_manifest
from clueloop.ingest.normalise import normalise_select
from clueloop.ingest.quality import quality_report
from clueloop.ingest.readers import Table, open_table
from clueloop.normalize.sql import install as install_normalisers

SUPPORTED_SUFFIXES = {
    ".csv",
    ".txt",
    ".tsv",
    ".xlsx",
    ".xlsm",
    ".xls",
    ".jsonl",
    ".ndjson",
    ".json",
    ".parquet",
}

IngestProgress = Callable[[str, int, int, int], None]
"""Called with (phase, rows so far, bytes so far, bytes in all)."""


@dataclass
class IngestResult:
    path: Path
    kind: str
    status: str  # "loaded" or "duplicate"
    batch: Batch
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def report(self) -> dict[str, Any]:
        return dict(self.batch.manifest["report"])


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(8 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files named, and the supported files inside folders named."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            out.append(path)
    return out


def ingest_file(
    lake: Lake,
    path: Path,
    kind_name: str,
    *,
    mapping: Mapping[str, str] | None = None,
    mapping_source: Path | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    progress: IngestProgress | None = None,
) -> IngestResult:
    """Load ``path`` as a new batch of ``kind_name``; the same content loaded before is a no-op."""
    started = time.perf_counter()
    kind = get_kind(kind_name)
    if mapping:
        check_mapping(kind, mapping, mapping_source or path)
    if not path.is_file():
        raise IngestError(path, "文件不存在" if not path.exists() else "不是普通文件")
    sha = file_sha256(path)
    with lake.lock():
        existing = lake.find(kind.kind, sha)
        if existing is not None:
            return IngestResult(path, kind.kind, "duplicate", existing, time.perf_counter() - started)
        matcher = HeaderMatcher(kind, mapping)
        table = open_table(path, score=matcher.score, encoding=encoding, sheet=sheet)
        match = matcher.match(table.headers)
        if match.missing:
            raise matcher.missing_error(path, table.headers, match.missing)
        created = dt.datetime.now(dt.UTC)
        batch_id = f"{created:%Y%m%dT%H%M%S%f}-{sha[:8]}"
        staged = lake.stage(batch_id)
        try:
            rows = _write_batch(staged / DATA_FILE, kind, table, match, batch_id, progress)
            report = _report(lake, staged / DATA_FILE, kind, {m.column.name for m in match.mapped})
            manifest = {
                "batch_id": batch_id,
                "kind": kind.kind,
                "source_file": str(path.resolve()),
                "source_name": path.name,
                "sha256": sha,
                "size": path.stat().st_size,
                "format": table.format,
                "encoding": table.encoding,
                "sheet": table.sheet,
                "header_row": table.header_row,
                "headers": table.headers,
                "mapping": {m.source: m.column.name for m in match.mapped},
                "extras": {e.source: e.name for e in match.extras},
                "missing_optional": [c.name for c in kind.columns if c.name not in match.by_column()],
                "rows": rows,
                "created_at": created.isoformat(),
                "seconds": round(time.perf_counter() - started, 3),
                "notes": table.notes + match.notes,
                "report": report,
                "clueloop": __version__,
            }
            write_manifest(staged, manifest)
            batch = lake.publish(staged, kind.kind, batch_id)
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
    return IngestResult(
        path, kind.kind, "loaded", batch, time.perf_counter() - started, table.notes + match.notes
    )


def _write_batch(
    target: Path,
    kind: Kind,
    table: Table,
    match: Any,
    batch_id: str,
    progress: IngestProgress | None,
) -> int:
    positions = {m.column.name: m.position for m in match.mapped}
    extras = [(e.position, e.name) for e in match.extras]
    select = normalise_select(kind, positions, extras, batch_id=batch_id, source_file=table.path.name)
    sql = select.sql(dialect="duckdb")
    total = table.path.stat().st_size
    width = len(table.headers)
    con = duckdb.connect()
    install_normalisers(con)
    writer: pq.ParquetWriter | None = None
    rows = 0

    def on_rows(n: int, done: int) -> None:
        if progress:
            progress("读取", n, done, total)

    try:
        for batch in table.batches(on_rows):
            batch = _fit(batch, width)
            con.register("src", batch)
            result = con.sql(sql).to_arrow_table()
            con.unregister("src")
            if writer is None:
                writer = pq.ParquetWriter(target, result.schema, compression="zstd")
            writer.write_table(result)
            rows += result.num_rows
        if writer is None:  # a header without rows still makes a (typed, empty) batch
            con.register(
                "src", _fit(pa.RecordBatch.from_pydict({"_source_row": pa.array([], pa.int64())}), width)
            )
            result = con.sql(sql).to_arrow_table()
            writer = pq.ParquetWriter(target, result.schema, compression="zstd")
            writer.write_table(result)
    finally:
        if writer is not None:
            writer.close()
        con.close()
    return rows


def _fit(batch: pa.RecordBatch, width: int) -> pa.RecordBatch:
    """Make sure every positional column c0…c{width-1} exists (short files, empty files)."""
    names = batch.schema.names
    arrays = []
    for i in range(width):
        name = f"c{i}"
        arrays.append(batch.column(name) if name in names else pa.nulls(batch.num_rows, pa.string()))
    return pa.RecordBatch.from_arrays(
        [*arrays, batch.column("_source_row")], [*[f"c{i}" for i in range(width)], "_source_row"]
    )


def _report(lake: Lake, data: Path, kind: Kind, present: set[str]) -> dict[str, Any]:
    con = lake.connect(kinds=[kind.kind])
    try:
        relation = exp.func("read_parquet", exp.Literal.string(str(data)))
        earlier = exp.to_table(kind.kind, quoted=True) if lake.batches(kind.kind) else None
        return quality_report(con, relation, kind, present=present, earlier=earlier)
    finally:
        con.close()
