"""The Alembic migrations build exactly the schema the ORM describes, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select
from typer.testing import CliRunner

from clueloop.cli import app
from clueloop.workflow.db import MIGRATIONS, Workflow, current_revision, make_engine
from clueloop.workflow.orm import Base, NumberSequence

runner = CliRunner()
WORKFLOW_TABLES = {  # the loop's own tables; later revisions may add more
    "attachments",
    "audit_log",
    "calendar_days",
    "calendar_years",
    "cases",
    "comments",
    "lead_evidence",
    "leads",
    "model_runs",
    "notices",
    "number_sequences",
    "recommendations",
    "transfers",
}


def head() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    revision = ScriptDirectory.from_config(config).get_current_head()
    assert revision is not None
    return revision


def differences(engine: sa.Engine, metadata: sa.MetaData) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(context, metadata))


def test_the_orm_describes_the_loops_tables() -> None:
    assert set(Base.metadata.tables) >= WORKFLOW_TABLES


def test_opening_migrates_to_head(wf: Workflow) -> None:
    assert current_revision(wf.engine) == head()
    assert set(inspect(wf.engine).get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}


def test_the_migrated_schema_matches_the_orm(wf: Workflow) -> None:
    assert differences(wf.engine, Base.metadata) == []


def test_the_comparison_would_see_a_column_the_migration_lacks(wf: Workflow) -> None:
    # The check above is only worth something if a drift shows: an ORM with one more column is reported.
    drifted = sa.MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(drifted)
    drifted.tables["leads"].append_column(sa.Column("priority", sa.Integer(), nullable=True))
    found = differences(wf.engine, drifted)
    assert [(d[0], d[3].name) for d in found if isinstance(d, tuple)] == [("add_column", "priority")]


def test_opening_twice_keeps_the_schema_and_the_rows(db_url: str) -> None:
    first = Workflow(db_url)
    with first.transaction() as session:
        session.add(NumberSequence(scope="某检移", year=2026, last=7))
    first.close()

    second = Workflow(db_url)
    try:
        assert current_revision(second.engine) == head()
        assert differences(second.engine, Base.metadata) == []
        with second.sessions() as session:
            assert session.scalars(select(NumberSequence.last)).all() == [7]
        with second.engine.connect() as connection:
            versions = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
        assert versions == [head()]
    finally:
        second.close()


def test_downgrade_to_base_and_back(wf: Workflow) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with wf.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(wf.engine).get_table_names()) <= {"alembic_version"}
    assert current_revision(wf.engine) is None

    again = Workflow(wf.url)
    try:
        assert current_revision(again.engine) == head()
        assert differences(again.engine, Base.metadata) == []
    finally:
        again.close()


def test_db_upgrade_command_on_a_fresh_database(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) is None
        assert inspect(engine).get_table_names() == []

        result = runner.invoke(app, ["db", "upgrade", "--db", db_url, "--home", str(tmp_path / "home")])
        assert result.exit_code == 0, result.output
        assert f"版本 {head()}" in result.output
        assert current_revision(engine) == head()
        assert differences(engine, Base.metadata) == []

        again = runner.invoke(app, ["db", "upgrade", "--db", db_url, "--home", str(tmp_path / "home")])
        assert again.exit_code == 0, again.output
        assert f"版本 {head()}" in again.output
    finally:
        engine.dispose()


def test_db_upgrade_defaults_to_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLUELOOP_DB", raising=False)
    home = tmp_path / "home"
    result = runner.invoke(app, ["db", "upgrade", "--home", str(home)])
    assert result.exit_code == 0, result.output
    engine = make_engine(f"sqlite:///{home / 'workflow.db'}")
    try:
        assert current_revision(engine) == head()
    finally:
        engine.dispose()
