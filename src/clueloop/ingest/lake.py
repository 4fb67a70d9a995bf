"""The lake: immutable Parquet batches under the home folder, and DuckDB views over them.

Layout::

    HOME/lake/<kind>/<batch_id>/data.parquet     the normalised rows
    HOME/lake/<kind>/<batch_id>/manifest.json    source, hash, header mapping, quality report
    HOME/tmp/                                     batches being written (never read by views)

A batch is staged completely under ``tmp/`` and published by one ``rename``; a crash or an error leaves
nothing under ``lake/``. One ingest at a time holds ``HOME/.lock``.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from sqlglot import exp

from clueloop.catalog import Kind, load_kinds
from clueloop.catalog.layout import empty_select

DATA_FILE = "data.parquet"
MANIFEST_FILE = "manifest.json"


def default_home() -> Path:
    return Path(os.environ.get("CLUELOOP_HOME") or Path.cwd() / "clueloop-home")


@dataclass(frozen=True)
class Batch:
    """A published batch, as its manifest describes it."""

    path: Path
    manifest: dict[str, Any]

    @property
    def batch_id(self) -> str:
        return str(self.manifest["batch_id"])

    @property
    def kind(self) -> str:
        return str(self.manifest["kind"])

    @property
    def rows(self) -> int:
        return int(self.manifest["rows"])

    @property
    def data(self) -> Path:
        return self.path / DATA_FILE


class Lake:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.root = home / "lake"
        self.tmp = home / "tmp"

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Exclusive access for writers; leftovers of an interrupted import are removed on entry."""
        self.home.mkdir(parents=True, exist_ok=True)
        with (self.home / ".lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                if self.tmp.exists():
                    shutil.rmtree(self.tmp)
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def stage(self, batch_id: str) -> Path:
        path = self.tmp / batch_id
        path.mkdir(parents=True)
        return path

    def publish(self, staged: Path, kind: str, batch_id: str) -> Batch:
        target = self.root / kind / batch_id
        target.parent.mkdir(parents=True, exist_ok=True)
        for name in (DATA_FILE, MANIFEST_FILE):
            with (staged / name).open("rb") as f:
                os.fsync(f.fileno())
        os.rename(staged, target)
        _fsync_dir(target.parent)
        return self._load(target)

    def batches(self, kind: str | None = None) -> list[Batch]:
        kinds = [kind] if kind else sorted(p.name for p in self.root.iterdir()) if self.root.exists() else []
        out = []
        for name in kinds:
            folder = self.root / name
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                if (path / MANIFEST_FILE).exists():
                    out.append(self._load(path))
        return out

    def find(self, kind: str, sha256: str) -> Batch | None:
        for batch in self.batches(kind):
            if batch.manifest.get("sha256") == sha256:
                return batch
        return None

    @staticmethod
    def _load(path: Path) -> Batch:
        return Batch(path, json.loads((path / MANIFEST_FILE).read_text(encoding="utf-8")))

    def view_sql(self, kind: Kind) -> str:
        files = [str(b.data) for b in self.batches(kind.kind)]
        if not files:
            return empty_select(kind).sql(dialect="duckdb")
        read = exp.func(
            "read_parquet",
            exp.Array(expressions=[exp.Literal.string(f) for f in files]),
            exp.EQ(this=exp.column("union_by_name"), expression=exp.true()),
        )
        return exp.select("*").from_(read).sql(dialect="duckdb")

    def connect(
        self,
        *,
        read_only: bool = False,
        kinds: list[str] | None = None,
        config: Mapping[str, str | int] | None = None,
    ) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB with one view per kind over all its batches.

        ``read_only`` also confines the connection to the lake folder and locks its configuration, for
        ad-hoc queries typed by users; ``kinds`` limits the views to those kinds; ``config`` is DuckDB's.
        """
        con = duckdb.connect(config=dict(config or {}))
        for kind in load_kinds().values():
            if kinds is not None and kind.kind not in kinds:
                continue
            con.execute(f'CREATE OR REPLACE VIEW "{kind.kind}" AS {self.view_sql(kind)}')
        if read_only:
            allowed = exp.Array(expressions=[exp.Literal.string(str(self.root))])
            con.execute(f"SET allowed_directories = {allowed.sql(dialect='duckdb')}")
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
        return con


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_manifest(staged: Path, manifest: dict[str, Any]) -> None:
    (staged / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
