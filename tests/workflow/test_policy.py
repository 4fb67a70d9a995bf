"""HOME/policy.yaml changes the procuratorate's name, numbers and time limits; mistakes are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from clueloop.workflow.policy import Period, Policy, load_policy


def test_defaults_are_domain_md(tmp_path: Path) -> None:
    policy = load_policy(tmp_path)
    assert policy == Policy()
    assert (policy.internal_accept, policy.external_feedback) == (
        Period(3, "working_days"),
        Period(30, "calendar_days"),
    )
    assert (policy.reply, policy.urgent_reply, policy.sleep_days) == (
        Period(2, "months"),
        Period(15, "calendar_days"),
        15,
    )


def test_a_policy_file_overrides_some_fields(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text(
        "short_name: 杭西\nsleep_days: 10\nexternal_feedback: {amount: 20, unit: working_days}\n",
        encoding="utf-8",
    )
    policy = load_policy(tmp_path)
    assert (policy.short_name, policy.sleep_days) == ("杭西", 10)
    assert policy.external_feedback == Period(20, "working_days")
    assert policy.reply == Period(2, "months")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sleepdays: 3\n", "未知的设置 sleepdays"),
        ("reply: 60\n", "reply 应写成"),
        ("reply: {amount: 2, unit: weeks}\n", "reply.unit"),
    ],
)
def test_mistakes_are_named(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "policy.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_policy(tmp_path)
