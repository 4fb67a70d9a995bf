"""Loads the kind files shipped with the package."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from clueloop.catalog.model import Kind


class UnknownKindError(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"未知的数据类型 {name!r}；可用类型：{', '.join(kind_names())}")
        self.name = name


@cache
def load_kinds() -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    folder = resources.files("clueloop.catalog") / "kinds"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = yaml.safe_load(entry.read_text(encoding="utf-8"))
        kind = Kind.model_validate(data)
        if f"{kind.kind}.yaml" != entry.name:
            raise ValueError(f"{entry.name}: declares kind {kind.kind}")
        kinds[kind.kind] = kind
    return kinds


def kind_names() -> list[str]:
    return list(load_kinds())


def get_kind(name: str) -> Kind:
    try:
        return load_kinds()[name]
    except KeyError:
        raise UnknownKindError(name) from None
