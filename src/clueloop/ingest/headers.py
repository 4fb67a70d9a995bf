"""Header matching: which column of a file is which canonical column of a kind."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from clueloop.catalog import Column, Kind
from clueloop.ingest.errors import IngestError

_NOTE = re.compile(r"[(\[【{<《][^()\[\]【】{}<>《》]*[)\]】}>》]$")
_NOISE = re.compile(r"[\s*＊:：_\-]+")


def clean_header(header: str) -> str:
    """The comparable form of a header: 罚款金额（元）, ' 证件号码* ' and ＺＪＨＭ compare by their names."""
    text = unicodedata.normalize("NFKC", header).replace("\ufeff", "").strip()
    previous = None
    while previous != text:  # "学费 (元/年)" and "金额(元)(含税)" lose their trailing notes
        previous = text
        text = _NOTE.sub("", text).strip()
    return _NOISE.sub("", text).upper()


@dataclass(frozen=True)
class Mapped:
    position: int
    source: str
    column: Column


@dataclass(frozen=True)
class Extra:
    position: int
    source: str
    name: str


@dataclass
class HeaderMatch:
    mapped: list[Mapped]
    extras: list[Extra]
    missing: list[Column]
    notes: list[str] = field(default_factory=list)

    def by_column(self) -> dict[str, Mapped]:
        return {m.column.name: m for m in self.mapped}


def load_mapping(path: Path) -> dict[str, str]:
    """A mapping file: a JSON or YAML object from source header to canonical header."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise IngestError(path, f"无法读取映射文件：{exc}") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise IngestError(path, f"映射文件格式错误：{exc}") from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise IngestError(path, '映射文件应是“源表头: 标准列名”的对象，例如 {"身份证号": "证件号码"}')
    return dict(data)


def check_mapping(kind: Kind, mapping: Mapping[str, str], source: Path) -> None:
    names = [c.name for c in kind.columns]
    for header, target in mapping.items():
        if target not in names:
            close = difflib.get_close_matches(target, names, n=1)
            raise IngestError(
                source,
                f"映射“{header} → {target}”的目标不是 {kind.kind} 的标准列",
                hint=f"是否想写“{close[0]}”？" if close else f"标准列有：{'、'.join(names)}",
            )


class HeaderMatcher:
    """Resolves headers by explicit mapping, canonical name, then synonym."""

    def __init__(self, kind: Kind, mapping: Mapping[str, str] | None = None) -> None:
        self.kind = kind
        self._mapping = {clean_header(k): v for k, v in (mapping or {}).items()}
        self._labels: dict[str, tuple[Column, int]] = {}
        for column in kind.columns:
            self._labels[clean_header(column.name)] = (column, 0)
            for synonym in column.synonyms:
                self._labels.setdefault(clean_header(synonym), (column, 1))

    def lookup(self, header: str) -> tuple[Column, int] | None:
        """The column a header names, with its rank (mapping -1, canonical 0, synonym 1)."""
        key = clean_header(header)
        if key in self._mapping:
            return self.kind.column(self._mapping[key]), -1
        return self._labels.get(key)

    def score(self, cells: Sequence[str | None]) -> int:
        return len({hit[0].name for c in cells if c and (hit := self.lookup(c)) is not None})

    def match(self, headers: Sequence[str]) -> HeaderMatch:
        best: dict[str, tuple[int, int]] = {}
        for position, header in enumerate(headers):
            hit = self.lookup(header) if header else None
            if hit is None:
                continue
            column, rank = hit
            if column.name not in best or rank < best[column.name][1]:
                best[column.name] = (position, rank)
        chosen = {pos: name for name, (pos, _) in best.items()}
        mapped = [Mapped(pos, headers[pos], self.kind.column(name)) for pos, name in sorted(chosen.items())]
        notes = []
        taken = {c.name for c in self.kind.columns} | {"_batch_id", "_source_file", "_source_row"}
        extras = []
        for position, header in enumerate(headers):
            if position in chosen:
                continue
            hit = self.lookup(header) if header else None
            if hit is not None:
                notes.append(f"列“{header}”也对应“{hit[0].name}”，已按附加列保留")
            name = unicodedata.normalize("NFKC", header).strip() or f"列{position + 1}"
            base, n = name, 2
            while name in taken or any(name.startswith(f"{t}__") for t in taken):
                name, n = f"{base}_{n}", n + 1
            taken.add(name)
            extras.append(Extra(position, header, name))
        missing = [c for c in self.kind.required if c.name not in best]
        return HeaderMatch(mapped, extras, missing, notes)

    def missing_error(self, path: Path, headers: Sequence[str], missing: Sequence[Column]) -> IngestError:
        lines = []
        for column in missing:
            close = difflib.get_close_matches(column.name, [h for h in headers if h], n=1, cutoff=0.4)
            guess = f"（文件中的“{close[0]}”是否就是它？）" if close else ""
            lines.append(f"“{column.name}”{guess}")
        found = "、".join(h for h in headers if h) or "（无）"
        return IngestError(
            path,
            f"缺少 {self.kind.kind}（{self.kind.title}）的必需列：{'、'.join(lines)}。文件中的表头：{found}",
            hint='可用 --mapping 映射文件指定表头对应关系，例如 {"身份证号": "证件号码"}；'
            f"`clueloop kinds {self.kind.kind}` 列出可识别的表头",
        )
