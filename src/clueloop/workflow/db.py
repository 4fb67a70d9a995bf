"""Opening the workflow database: SQLite in the home folder by default, PostgreSQL in production.

The schema is brought to the newest Alembic revision when the database is opened, so a fresh home folder
and an old one upgraded in place take the same path (no ``create_all``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from clueloop.workflow.states import ConflictError

MIGRATIONS = Path(__file__).parent / "migrations"


def database_url(home: Path, url: str | None = None) -> str:
    """``--db URL``, else ``CLUELOOP_DB``, else ``sqlite:///HOME/workflow.db``."""
    url = url or os.environ.get("CLUELOOP_DB")
    if url:
        return (
            url.replace("postgresql://", "postgresql+psycopg://", 1)
            if url.startswith("postgresql://")
            else url
        )
    home.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{home / 'workflow.db'}"


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the one writer
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the Alembic migrations up to ``revision`` on ``engine``'s database."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


class Workflow:
    """The workflow database: an engine and its session factory, migrated on open."""

    def __init__(self, url: str, *, migrate: bool = True, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        if migrate:
            upgrade(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def open(cls, home: Path, url: str | None = None) -> Workflow:
        return cls(database_url(home, url))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A unit of work: everything done in it (the change and its audit rows) commits together."""
        try:
            with self.sessions() as session, session.begin():
                yield session
        except StaleDataError:
            raise ConflictError("该事项刚被他人修改，你的修改未保存；请刷新后重试") from None

    def close(self) -> None:
        self.engine.dispose()
