"""Loading one export into the lake: read → match headers → normalise → stage → report → publish."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from queue import Full, Queue
from typing import Any

import duckdb
import pyarrow as pa
from sqlglot import exp

from clueloop import __version__
from clueloop.catalog import Kind, get_kind
from clueloop.ingest.errors import IngestError
from clueloop.ingest.headers import HeaderMatcher, check_mapping
from clueloop.ingest.lake import DATA_FILE, Batch, Lake, write_manifest
from clueloop.ingest.normalise import normalise_select
from clueloop.ingest.quality import quality_report
from clueloop.ingest.readers import Table, open_table
from clueloop.normalize.columns import ColumnNormaliser
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

# Rows per Parquet row group written.
WRITE_ROWS = 1 << 17
# Batches read and normalised ahead of DuckDB's writer.
AHEAD = 2
# DuckDB's memory while writing and reporting; past it, it spills to a folder beside the staged batch (the
# duplicate-key count groups every key of the file: gigabytes at 10M rows).
DUCKDB_MEMORY = "1GB"

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
            with tempfile.TemporaryDirectory(prefix=f"{batch_id}-spill-", dir=staged.parent) as spill:
                config = {"memory_limit": DUCKDB_MEMORY, "temp_directory": spill}
                rows = _write_batch(staged / DATA_FILE, kind, table, match, batch_id, progress, config)
                present = {m.column.name for m in match.mapped}
                report = _report(lake, staged / DATA_FILE, kind, present, config)
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
    config: Mapping[str, str | int],
) -> int:
    """Stream the file through one query: Python normalises columns batch by batch (see
    :class:`ColumnNormaliser`), DuckDB computes what is left with the SQL forms and writes the Parquet as it
    goes, so memory is bounded by a few batches whatever the size of the file.

    One query for the whole file: planning the normaliser macros costs a tenth of a second."""
    positions = {m.column.name: m.position for m in match.mapped}
    extras = [(e.position, e.name) for e in match.extras]
    columns = [c for c in kind.columns if c.name in positions]
    normalisers = {c.name: ColumnNormaliser(c.role.value) for c in columns}
    given = {c.name: f"p{i}" for i, c in enumerate(columns)}
    select = normalise_select(
        kind, positions, extras, batch_id=batch_id, source_file=table.path.name, precomputed=given
    )
    total = table.path.stat().st_size
    width = len(table.headers)
    schema = pa.schema(
        [
            *[pa.field(f"c{i}", pa.string()) for i in range(width)],
            pa.field("_source_row", pa.int64()),
            *[pa.field(given[c.name], normalisers[c.name].type) for c in columns],
        ]
    )
    failed: list[BaseException] = []
    rows = 0

    def on_rows(n: int, done: int) -> None:
        if progress:
            progress("读取", n, done, total)

    def batches() -> Iterator[pa.RecordBatch]:
        nonlocal rows
        try:
            for batch in table.batches(on_rows):
                batch = _fit(batch, width)
                done = [normalisers[c.name](batch.column(f"c{positions[c.name]}")) for c in columns]
                rows += batch.num_rows
                yield pa.RecordBatch.from_arrays([*batch.columns, *done], schema=schema)
        except BaseException as exc:  # raised again below: through DuckDB it would lose its type
            failed.append(exc)

    # One DuckDB thread, beside the read-ahead thread: with more, DuckDB let the scan run ahead of the
    # ordered Parquet writer (gigabytes at 10M rows) and, on two cores, was slower.
    con = duckdb.connect(config={**config, "threads": 1})
    ahead = _read_ahead(batches(), AHEAD)
    try:
        install_normalisers(con)
        con.register("src", pa.RecordBatchReader.from_batches(schema, ahead))
        con.execute(_copy_to_parquet(select, target).sql(dialect="duckdb"))
    finally:
        con.close()
        ahead.close()  # stops the read-ahead thread when DuckDB failed before the end
    if failed:
        raise failed[0]
    return rows


def _read_ahead(items: Iterator[pa.RecordBatch], depth: int) -> Generator[pa.RecordBatch, None, None]:
    """``items``, produced by a thread at most ``depth`` ahead: Python reads and normalises the next batches
    while DuckDB encodes and writes the last (both release the GIL for most of their work), and the
    bound keeps memory to a few batches however slow the writer."""
    queue: Queue[pa.RecordBatch | None] = Queue(depth)
    stop = threading.Event()

    def put(item: pa.RecordBatch | None) -> bool:
        while not stop.is_set():
            try:
                queue.put(item, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def run() -> None:
        try:
            for item in items:
                if not put(item):
                    return
        finally:
            put(None)

    thread = threading.Thread(target=run, name="ingest-read-ahead", daemon=True)
    thread.start()
    try:
        while (item := queue.get()) is not None:
            yield item
    finally:
        stop.set()
        thread.join()


def _copy_to_parquet(select: exp.Select, target: Path) -> exp.Copy:
    """COPY (select) TO target: DuckDB writes the Parquet as it streams, row group by row group."""

    def param(name: str, value: exp.Expr) -> exp.CopyParameter:
        return exp.CopyParameter(this=exp.var(name), expression=value)

    return exp.Copy(
        this=select.subquery(),
        kind=False,
        files=[exp.Literal.string(str(target))],
        params=[
            param("FORMAT", exp.var("parquet")),
            param("COMPRESSION", exp.var("zstd")),
            param("COMPRESSION_LEVEL", exp.Literal.number(1)),  # level 3 costs a third more time
            param("ROW_GROUP_SIZE", exp.Literal.number(WRITE_ROWS)),
        ],
    )


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


def _report(
    lake: Lake, data: Path, kind: Kind, present: set[str], config: Mapping[str, str | int]
) -> dict[str, Any]:
    con = lake.connect(kinds=[kind.kind], config=config)
    try:
        relation = exp.func("read_parquet", exp.Literal.string(str(data)))
        earlier = exp.to_table(kind.kind, quoted=True) if lake.batches(kind.kind) else None
        return quality_report(con, relation, kind, present=present, earlier=earlier)
    finally:
        con.close()
