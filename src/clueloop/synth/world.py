"""The generated world: rows per dataset kind, the planted cases, and the expected lead keys."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from clueloop.synth.people import Population


class Exact(str):
    """A cell written exactly as given: the writer adds no dirt of its own."""

    __slots__ = ()


Cell = str | date | datetime | float | int | None
"""A value as the case means it; the writer decides how each file writes it (see :mod:`.writer`)."""
Row = dict[str, Cell]


@dataclass(frozen=True)
class Case:
    """One planted situation and what the model should make of it."""

    name: str
    model: str
    lead: bool  # True: a planted true lead; False: a near miss that must not be one
    condition: str  # the DOMAIN.md condition (or reading) it exercises, on which side
    key: tuple[str, ...] | None  # the lead key; for a near miss, the key that must not appear
    twin: str | None = None  # for a near miss, the case on the other side of the same condition

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "model": self.model,
            "expect": "lead" if self.lead else "no lead",
            "condition": self.condition,
            "key": list(self.key) if self.key is not None else None,
            "twin": self.twin,
        }


@dataclass
class World:
    as_of: date
    rng: random.Random
    pop: Population
    tables: dict[str, list[Row]] = field(default_factory=dict)
    cases: list[Case] = field(default_factory=list)

    def add(self, kind: str, row: Row) -> Row:
        self.tables.setdefault(kind, []).append(row)
        return row

    def day(self, offset: int) -> date:
        """as_of + offset days."""
        return self.as_of + timedelta(days=offset)

    def at(self, offset: int, hour: int | None = None, minute: int | None = None) -> datetime:
        """A moment on day as_of + offset (a random daytime unless given)."""
        d = self.day(offset)
        h = self.rng.randint(7, 21) if hour is None else hour
        m = self.rng.randint(0, 59) if minute is None else minute
        return datetime(d.year, d.month, d.day, h, m, self.rng.randint(0, 59))

    def expect(
        self,
        name: str,
        model: str,
        *,
        lead: bool,
        key: tuple[str, ...] | None,
        condition: str,
        twin: str | None = None,
    ) -> None:
        if any(c.name == name for c in self.cases):
            raise ValueError(f"case {name} planted twice")
        self.cases.append(Case(name, model, lead, condition, key, twin))

    def truth(self, model_ids: list[str]) -> dict[str, list[list[str]]]:
        """The sorted expected lead keys of every model (noise yields none)."""
        keys: dict[str, set[tuple[str, ...]]] = {m: set() for m in model_ids}
        for case in self.cases:
            if case.lead and case.key is not None:
                keys.setdefault(case.model, set()).add(case.key)
        return {m: sorted(list(k) for k in ks) for m, ks in keys.items()}
