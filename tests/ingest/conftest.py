from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from clueloop.ingest.lake import Lake
from clueloop.normalize.idcard import id_check_char


def make_id(region: str = "330106", birth: str = "19850312", seq: str = "123") -> str:
    first17 = region + birth + seq
    return first17 + id_check_char(first17)


def snapshot(home: Path) -> dict[str, str]:
    """Every file under the lake with its content hash: 'byte-for-byte unchanged' means equal snapshots."""
    root = home / "lake"
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def lake(home: Path) -> Lake:
    return Lake(home)


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    def write(name: str, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> Path:
        path = tmp_path / name
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
        path.write_bytes(buffer.getvalue().encode(encoding))
        return path

    return write
