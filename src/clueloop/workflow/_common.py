"""What every service function shares: loading with a version check, audit rows, document numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from clueloop.workflow.orm import Audit, Base, NumberSequence
from clueloop.workflow.states import ConflictError, NotFound

T = TypeVar("T", bound=Base)

NOUNS = {"leads": "线索", "cases": "案件", "transfers": "移送", "recommendations": "检察建议"}


def load(session: Session, cls: type[T], item_id: int, version: int | None = None) -> T:
    """The row, or :class:`NotFound`; with ``version`` (what the user saw) a stale view is a conflict."""
    item = session.get(cls, item_id)
    noun = NOUNS.get(cls.__tablename__, cls.__tablename__)
    if item is None:
        raise NotFound(f"没有编号为 {item_id} 的{noun}")
    current = getattr(item, "version", None)
    if version is not None and current != version:
        raise ConflictError(
            f"{noun} {item_id} 已被他人修改（你看到的是第 {version} 版，现在是第 {current} 版）；请刷新后重试"
        )
    return item


def snapshot(item: Base, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: _plain(getattr(item, n)) for n in names}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def audit(
    session: Session,
    actor: str,
    entity: str,
    entity_id: int,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> None:
    """One audit row, added to the caller's transaction so it commits (or not) with the change."""
    session.add(
        Audit(
            actor=actor,
            entity=entity,
            entity_id=entity_id,
            action=action,
            before=before,
            after=after,
            note=note,
        )
    )


def audit_if_changed(
    session: Session,
    actor: str,
    entity: str,
    item: Any,
    before: dict[str, Any],
    names: tuple[str, ...],
    note: str,
) -> bool:
    """After a recomputation: one audit row when something changed, none when nothing did."""
    after = snapshot(item, names)
    if after != before:
        audit(session, actor, entity, item.id, "重算期限", before, after, note)
    return after != before


def next_number(session: Session, scope: str, year: int) -> int:
    """The next sequence number in ``scope`` for ``year``; the row lock serialises concurrent issuers."""
    row = session.execute(
        select(NumberSequence)
        .where(NumberSequence.scope == scope, NumberSequence.year == year)
        .with_for_update()
    ).scalar_one_or_none()
    if row is None:
        row = NumberSequence(scope=scope, year=year, last=0)
        session.add(row)
    row.last += 1
    session.flush()
    return row.last


def require(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        from clueloop.workflow.states import WorkflowError

        raise WorkflowError(f"请填写{what}")
    return text
