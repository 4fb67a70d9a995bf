"""The result every normaliser returns."""

from __future__ import annotations

from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")


class Normalized(NamedTuple, Generic[T]):
    """A normalised cell.

    ``value`` is None when the cell is empty (``reason`` None too) or invalid (``reason`` a short English
    code: "characters", "length", "date", "check", "format"). ``kind`` classifies the value for the roles
    that do (``party_id``: "person" / "org"; ``phone``: "mobile" / "landline").
    """

    value: T | None
    reason: str | None = None
    kind: str | None = None


def empty() -> Normalized[T]:
    return Normalized(None)


def invalid(reason: str) -> Normalized[T]:
    return Normalized(None, reason)
