"""Alembic environment: runs on the connection :func:`clueloop.workflow.db.upgrade` hands over."""

from __future__ import annotations

from alembic import context

from clueloop.workflow.orm import Base

target_metadata = Base.metadata
connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the alembic CLI without our wrapper
    raise RuntimeError("run migrations through clueloop (clueloop db upgrade), which passes the connection")
context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
