"""The ``clueloop`` command: a thin shell over the library (catalog, ingest, engine, workflow, synth).

One module per area registers its commands on the shared Typer app.
"""

from __future__ import annotations

from clueloop.cli import data, demo, loop, models, web  # noqa: F401  (register the commands)
from clueloop.cli._app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
