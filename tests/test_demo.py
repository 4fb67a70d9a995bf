"""``clueloop demo`` end to end: synthetic exports → lake → nine models → summary, report and JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from clueloop.cli import app


def test_demo_finds_every_planted_lead_and_writes_a_masked_report(tmp_path: Path) -> None:
    home = tmp_path / "demo home"
    result = CliRunner().invoke(app, ["demo", "--home", str(home), "--as-of", "2026-11-27", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "✗" not in result.output and result.output.count("✓") == 9
    _demo_logins_are_printed_and_made_once(home, result.output)
    leads = json.loads((home / "leads.json").read_text(encoding="utf-8"))["leads"]
    truth = json.loads((home / "exports" / "truth.json").read_text(encoding="utf-8"))["models"]
    for model_id, expected in truth.items():
        assert sorted(lead["key"] for lead in leads if lead["model"] == model_id) == expected["keys"], (
            model_id
        )
    report = (home / "report.html").read_text(encoding="utf-8")
    assert "<svg" in report and "http" not in report.replace('xmlns="http://www.w3.org/2000/svg"', "")
    full_ids = {k for lead in leads for k in lead["key"] if re.fullmatch(r"\d{17}[\dX]", k)}
    assert full_ids and not any(i in report for i in full_ids)  # every ID masked in the report

    # the workflow database holds every lead once, and the demo carried one per model into a case
    stats = CliRunner().invoke(app, ["--home", str(home), "stats", "--json"])
    assert stats.exit_code == 0, stats.output
    totals = json.loads(stats.output)["totals"]
    assert totals["leads"] == len(leads) and totals["cases"] == len(truth) == totals["transferred"]
    assert totals["recommended"] == totals["replied"] == totals["rectified"] == 1
    again = CliRunner().invoke(app, ["demo", "--home", str(home), "--as-of", "2026-11-27", "--no-serve"])
    assert again.exit_code == 0, again.output
    totals = json.loads(CliRunner().invoke(app, ["--home", str(home), "stats", "--json"]).output)["totals"]
    assert totals["leads"] == len(leads)  # a second demo run adds no lead twice


def _demo_logins_are_printed_and_made_once(home: Path, output: str) -> None:
    from sqlalchemy import select

    from clueloop.demo import DEMO_PASSWORD, demo_users
    from clueloop.security.users import ROLES, authenticate
    from clueloop.workflow.db import Workflow
    from clueloop.workflow.orm import Transfer

    assert "演示账号" in output and DEMO_PASSWORD in output
    users = demo_users(home)  # the demo made them; a second call makes none
    assert sorted(u.role for u in users) == sorted(ROLES) and not any(u.created for u in users)
    for u in users:
        assert u.username in output and u.role in output
    wf = Workflow.open(home)
    try:
        with wf.transaction() as s:
            for u in users:
                assert authenticate(s, u.username, u.password) is not None, u.username
            (liaison,) = [u for u in users if u.role == "外部单位联络员"]
            targets = s.scalars(select(Transfer.target).where(Transfer.state == "已移送")).all()
            assert liaison.organ in targets  # the liaison has transfers waiting for an answer
    finally:
        wf.close()
