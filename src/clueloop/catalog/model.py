"""Typed shape of a dataset kind file (``catalog/kinds/*.yaml``)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Role(StrEnum):
    """What a column holds; the role picks the normaliser used at ingestion."""

    PERSON_ID = "person_id"  # 公民身份号码
    ORG_ID = "org_id"  # 统一社会信用代码
    PARTY_ID = "party_id"  # 公民身份号码 or 统一社会信用代码 (mixed column)
    PERSON_NAME = "person_name"
    ORG_NAME = "org_name"
    PARTY_NAME = "party_name"  # a person or an organisation
    DATE = "date"
    DATETIME = "datetime"
    AMOUNT = "amount"  # money, in yuan
    NUMBER = "number"  # a measured quantity, kept in its recorded unit
    PLATE = "plate"  # 号牌号码
    PHONE = "phone"
    REGION = "region"  # 行政区划代码
    COMMUNITY = "community"  # 小区 name (model 7)
    TEXT = "text"  # free text, matched by substring
    CODE = "code"  # identifiers compared exactly after trimming (文号, 类型…)
    ENUM = "enum"  # one of ``values``
    FLAG = "flag"  # 是/否


class Column(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="canonical Chinese header")
    role: Role
    required: bool = False
    synonyms: tuple[str, ...] = ()
    values: tuple[str, ...] = Field(default=(), description="allowed values of an enum column")
    note: str = ""

    @model_validator(mode="after")
    def _enum_has_values(self) -> Column:
        if self.role is Role.ENUM and not self.values:
            raise ValueError(f"enum column {self.name} needs values")
        return self


class Kind(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str
    title: str = Field(description="中文名称")
    description: str = ""
    key: tuple[str, ...] = Field(default=(), description="columns that identify a record (duplicate check)")
    columns: tuple[Column, ...]

    @model_validator(mode="after")
    def _consistent(self) -> Kind:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.kind}: duplicate column names")
        for k in self.key:
            if k not in names:
                raise ValueError(f"{self.kind}: key column {k} is not a column")
        seen: dict[str, str] = {}
        for c in self.columns:
            for label in (c.name, *c.synonyms):
                if label in seen and seen[label] != c.name:
                    raise ValueError(f"{self.kind}: header {label} names both {seen[label]} and {c.name}")
                seen[label] = c.name
        return self

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)
