"""The README cannot drift from the code: every command and every dataset kind is documented."""

from __future__ import annotations

from pathlib import Path

import typer.main

from clueloop.catalog import load_kinds
from clueloop.cli import app

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    group = typer.main.get_command(app)
    names = sorted(group.commands)  # type: ignore[attr-defined]
    assert len(names) >= 6
    missing = [n for n in names if f"clueloop {n}" not in README]
    assert not missing, f"commands missing from README: {missing}"


def test_every_subcommand_is_in_the_readme() -> None:
    group = typer.main.get_command(app)
    missing = [
        f"clueloop {name} {sub}"
        for name, command in group.commands.items()  # type: ignore[attr-defined]
        for sub in getattr(command, "commands", {})
        if f"clueloop {name} {sub}" not in README
    ]
    assert not missing, f"subcommands missing from README: {missing}"


def test_the_two_commands_are_in_the_readme() -> None:
    assert "make demo" in README and "make test" in README


def test_every_kind_is_in_the_readme() -> None:
    missing = [k for k in load_kinds() if f"`{k}`" not in README]
    assert not missing, f"kinds missing from README: {missing}"
