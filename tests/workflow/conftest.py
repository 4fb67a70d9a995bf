"""Every workflow test runs on SQLite and on PostgreSQL.

PostgreSQL is the machine's server (``CLUELOOP_TEST_PG``, default 127.0.0.1:5432, database ``test``); each
test gets a schema of its own, dropped afterwards, so runs never see each other's rows. Where no server
answers the PostgreSQL half is skipped with the reason — except on CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from clueloop.workflow.db import Workflow
from clueloop.workflow.deadlines import WorkCalendar
from clueloop.workflow.policy import Policy

PG = os.environ.get("CLUELOOP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_or_skip() -> None:
    try:
        engine = create_engine(PG)
        with engine.connect() as c:
            c.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:  # any failure to connect: driver missing, server down, auth
        reason = f"PostgreSQL 不可用（{PG}）：{type(exc).__name__}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL tests must run on CI: {reason}")
        pytest.skip(reason)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'workflow.db'}"
        return
    _pg_or_skip()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def wf(db_url: str) -> Iterator[Workflow]:
    workflow = Workflow(db_url)
    yield workflow
    workflow.close()


@pytest.fixture
def policy() -> Policy:
    return Policy()


@pytest.fixture
def calendar() -> WorkCalendar:
    return WorkCalendar()


def make_lead(
    model: str, key: list[str], *, evidence: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    """A lead as :func:`clueloop.engine.runner.run_models` returns it."""
    return {
        "model": model,
        "model_name": extra.get("model_name", model),
        "key": key,
        "subject": {"id": key[0], "name": extra.get("name", "张三")},
        "title": extra.get("title", f"{model} {key[0]}"),
        "domain": extra.get("domain", "刑事执行监督"),
        "legal_basis": ["《中华人民共和国社区矫正法》第二十七条"],
        "target_organ": "社区矫正机构",
        "evidence": evidence
        if evidence is not None
        else [
            {
                "dataset": "community_correction",
                "source_file": "/exports/矫正.xlsx",
                "row": 7,
                "batch_id": "b1",
                "values": {"姓名": "张三", "证件号码": key[0]},
            }
        ],
    }


def make_run(run_id: str, as_of: dt.date = dt.date(2026, 11, 27)) -> dict[str, Any]:
    return {"id": run_id, "as_of": as_of.isoformat(), "engine": "duckdb", "models": []}
