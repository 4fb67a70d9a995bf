"""The model file format (监督模型): YAML validated with pydantic, every value tied to its line and column.

A model reads like the rule a prosecutor states::

    id: postal-sender-not-referred
    name: 寄递禁寄物品违规人员未移送公安
    parameters:
      grace_days: {type: integer, default: 30, description: 查获后等待的天数}
    from: {v: postal_violation}
    where:
      - v.行政处罚决定书文号 IS NOT NULL
      - v.查获日期 <= add_days(:as_of, -:grace_days)
    not_exists:
      - kind: public_security_penalty
        alias: p
        where: p.证件号码 = v.寄件人证件号码 AND p.决定日期 >= v.查获日期
    lead:
      key: [v.寄件人证件号码]
      subject: {id: v.寄件人证件号码, name: v.寄件人姓名}
      title: "{v.寄件人姓名}寄递禁寄物品后未被移送公安"

Expressions are a restricted SQL (see :mod:`clueloop.engine.expressions`); ``:name`` is a parameter and
``:as_of`` the run date.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

ParamType = Literal["integer", "number", "text", "date", "boolean", "list", "table"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Parameter(Strict):
    type: ParamType
    default: Any = None
    description: str = ""
    columns: dict[str, Literal["text", "number", "integer", "date"]] = Field(
        default_factory=dict, description="the columns of a table parameter"
    )
    source: str = Field(default="", description="where a table's rows come from (法律依据)")


class Join(Strict):
    alias: str
    kind: str | None = None
    table: str | None = Field(default=None, description="a table parameter joined like a dataset")
    on: str


class Suppressor(Strict):
    """A condition on another dataset: ``exists`` needs a matching row, ``not_exists`` needs none."""

    kind: str
    alias: str
    where: str
    when: str | None = Field(default=None, description="the condition applies only to rows where this holds")
    description: str = ""


class Group(Strict):
    by: dict[str, str] = Field(description="group name → row expression (e.g. 小区: t.所属小区)")
    measures: dict[str, str] = Field(default_factory=dict)
    having: list[str] = Field(default_factory=list)
    exists: list[Suppressor] = Field(default_factory=list)
    not_exists: list[Suppressor] = Field(default_factory=list)


class Subject(Strict):
    id: str | None = None
    name: str | None = None


class LeadSpec(Strict):
    key: list[str]
    subject: Subject = Subject()
    title: str
    evidence: list[str] | None = Field(default=None, description="aliases whose rows are evidence")


class ModelSpec(Strict):
    id: str
    name: str
    domain: str = ""
    description: str = ""
    legal_basis: list[str] = Field(default_factory=list)
    target_organ: str = ""
    version: str = "1"
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    from_: dict[str, str] = Field(alias="from")
    joins: list[Join] = Field(default_factory=list)
    where: list[str] = Field(default_factory=list)
    exists: list[Suppressor] = Field(default_factory=list)
    not_exists: list[Suppressor] = Field(default_factory=list)
    group: Group | None = None
    lead: LeadSpec
    doc: str = Field(default="", description="documentation in Chinese (Markdown)")

    @field_validator("id")
    @classmethod
    def _id_is_kebab(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
            raise ValueError("模型 id 只能由小写字母、数字和连字符组成，如 postal-sender-not-referred")
        return value

    @field_validator("legal_basis", mode="before")
    @classmethod
    def _basis_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based
    block: bool = False  # a literal/folded block: text starts on the next line
    quoted: bool = False


@dataclass(frozen=True)
class ModelFile:
    """A parsed model with where each of its values stands in the file."""

    path: Path
    text: str
    spec: ModelSpec
    positions: dict[tuple[str | int, ...], Position]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def position(self, path: tuple[str | int, ...]) -> Position:
        """The position of a value, or of its nearest enclosing value."""
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, Position(1, 1))

    def locate(self, path: tuple[str | int, ...], offset: int = 0) -> tuple[int, int]:
        """(line, column) of character ``offset`` inside the string value at ``path``."""
        pos = self.position(path)
        if pos.block:
            lines = self.text.splitlines()
            indent_line = pos.line  # the first content line (1-based) is pos.line + 1
            content = lines[indent_line] if indent_line < len(lines) else ""
            indent = len(content) - len(content.lstrip())
            value = _value_at(self.spec, path)
            before = value[:offset] if isinstance(value, str) else ""
            return pos.line + 1 + before.count("\n"), indent + 1 + len(before.rsplit("\n", 1)[-1])
        return pos.line, pos.column + offset + (1 if pos.quoted else 0)


def _value_at(spec: BaseModel, path: tuple[str | int, ...]) -> Any:
    value: Any = spec.model_dump(by_alias=True)
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value


class SpecError(ValueError):
    """A model file that cannot be used, pointing at the file, line and column."""

    def __init__(self, path: Path, line: int, column: int, message: str, hint: str | None = None) -> None:
        self.path, self.line, self.column, self.message, self.hint = path, line, column, message, hint
        text = f"{path}:{line}:{column}: {message}"
        if hint:
            text += f"（提示：{hint}）"
        super().__init__(text)


def _positions(
    node: yaml.Node, path: tuple[str | int, ...], out: dict[tuple[str | int, ...], Position]
) -> None:
    mark = node.start_mark
    out[path] = Position(
        mark.line + 1,
        mark.column + 1,
        block=isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"),
        quoted=isinstance(node, yaml.ScalarNode) and node.style in ("'", '"'),
    )
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out[(*path, key.value, "__key__")] = Position(key.start_mark.line + 1, key.start_mark.column + 1)
            _positions(value, (*path, key.value), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _positions(item, (*path, i), out)


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. (YAML 1.1 reads a key ``on:`` or a value ``no`` as a boolean.)"""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def parse_model(text: str, path: Path) -> ModelFile:
    """Parse and validate a model file's text (structure only; expressions are checked by the checker)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise SpecError(path, line, column, f"YAML 格式错误：{exc.problem}") from None
    if not isinstance(data, dict) or node is None:
        raise SpecError(path, 1, 1, "模型文件应是一个 YAML 对象（id、name、from、lead…）")
    positions: dict[tuple[str | int, ...], Position] = {}
    _positions(node, (), positions)
    try:
        spec = ModelSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        probe = ModelFile(path, text, ModelSpec.model_construct(), positions)
        pos = probe.position(loc)
        where = ".".join(str(p) for p in loc)
        message = first["msg"]
        if first["type"] == "extra_forbidden":
            message = f"不认识的字段“{loc[-1]}”"
            pos = positions.get((*loc, "__key__"), pos)
        elif first["type"] == "missing":
            message = f"缺少必填字段“{where}”"
        else:
            message = f"字段“{where}”：{message}"
        raise SpecError(path, pos.line, pos.column, message) from None
    return ModelFile(path, text, spec, positions)


def load_model(path: Path) -> ModelFile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(path, 1, 1, f"无法读取模型文件：{exc}") from None
    return parse_model(text, path)
