"""What the loop's forms and lists share: dates and lines typed by users, the list filters (state,
overdue, page) of 案件/移送/检察建议, and paging."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import Query
from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from clueloop.workflow.states import WorkflowError

PAGE_SIZE = 50
T = TypeVar("T", bound=tuple[Any, ...])


def day(text: str) -> dt.date | None:
    """A date from ``<input type="date">`` (YYYY-MM-DD); empty means the service's default (today)."""
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise WorkflowError(f"日期应写成 YYYY-MM-DD，而不是“{text}”") from None


def lines(text: str) -> list[str]:
    """One item per line of a textarea (法律依据, 建议事项), blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class Filters:
    """The filters of the 案件, 移送 and 检察建议 lists — and of their exports."""

    state: str = ""
    overdue: bool = False
    page: int = 1

    def apply(
        self,
        stmt: Select[T],
        state: InstrumentedAttribute[str],
        overdue: InstrumentedAttribute[bool] | None = None,
    ) -> Select[T]:
        if self.state:
            stmt = stmt.where(state == self.state)
        if self.overdue and overdue is not None:
            stmt = stmt.where(overdue.is_(True))
        return stmt

    def args(self, **change: Any) -> str:
        """The query string of these filters (for pager and export links); page 1 is left out."""
        f = replace(self, **change)
        values = {"state": f.state, "overdue": "1" if f.overdue else "", "page": f.page if f.page > 1 else ""}
        return urlencode({k: v for k, v in values.items() if v})


def filters(state: str = "", overdue: bool = False, page: Annotated[int, Query(ge=1)] = 1) -> Filters:
    return Filters(state.strip(), overdue, page)


def page_of(session: Session, stmt: Select[T], page: int, size: int = PAGE_SIZE) -> tuple[int, list[Any]]:
    """The number of matching rows, and the rows of page ``page``."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = session.scalars(stmt.limit(size).offset((page - 1) * size)).all()
    return total, list(rows)


def pages(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, -(-total // size))
