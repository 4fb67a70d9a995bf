"""Dataset kinds (数据类型) declared as data: one YAML file per kind in ``kinds/``."""

from clueloop.catalog.model import Column, Kind, Role
from clueloop.catalog.registry import UnknownKindError, get_kind, kind_names, load_kinds

__all__ = ["Column", "Kind", "Role", "UnknownKindError", "get_kind", "kind_names", "load_kinds"]
