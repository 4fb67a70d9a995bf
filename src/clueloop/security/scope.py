"""What each role may see. The 外部单位联络员 sees only what was transferred (or addressed) to their
organ; a guessed URL for anything else answers "not found", so it does not even confirm it exists."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select, and_, exists, or_

from clueloop.security.users import LIAISON, UNMASK_ROLES
from clueloop.workflow.orm import Lead, Recommendation, Transfer, User

T = TypeVar("T", bound=tuple[object, ...])


def leads(stmt: Select[T], user: User) -> Select[T]:
    if user.role != LIAISON:
        return stmt
    sent_here = exists().where(
        Transfer.target == user.organ,
        or_(Transfer.lead_id == Lead.id, and_(Lead.case_id.is_not(None), Transfer.case_id == Lead.case_id)),
    )
    return stmt.where(sent_here)


def transfers(stmt: Select[T], user: User) -> Select[T]:
    return stmt.where(Transfer.target == user.organ) if user.role == LIAISON else stmt


def recommendations(stmt: Select[T], user: User) -> Select[T]:
    if user.role == LIAISON:
        return stmt.where(Recommendation.addressee == user.organ, Recommendation.state != "草稿")
    return stmt


def may_unmask(user: User) -> bool:
    return user.role in UNMASK_ROLES
