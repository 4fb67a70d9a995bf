"""The procuratorate's settings for the loop: its name for documents and numbers, and the time limits.

Defaults are DOMAIN.md's; a procuratorate changes them in ``HOME/policy.yaml`` (any subset of the fields).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from clueloop.workflow.deadlines import Unit


@dataclass(frozen=True)
class Period:
    amount: int
    unit: Unit


@dataclass(frozen=True)
class Policy:
    procuratorate: str = "某某市某某区人民检察院"
    short_name: str = "某"  # 某检行公建〔2026〕3号
    department_short: str = "行"  # the issuing department in recommendation numbers (行政检察)
    internal_accept: Period = Period(3, "working_days")  # 内部移送：3 个工作日内受理
    internal_feedback: Period = Period(30, "calendar_days")
    external_feedback: Period = Period(30, "calendar_days")  # 外部机关 30 日内反馈
    reply: Period = Period(2, "months")  # 检察建议：收到之日起 2 个月内书面回复
    urgent_reply: Period = Period(15, "calendar_days")  # 紧急情形 15 日
    sleep_days: int = 15  # 沉睡：无人处理满 15 日
    due_soon_days: int = 7  # clueloop due 列出 7 日内到期的事项


RECOMMENDATION_KINDS = {  # kind → the character in its number (某检行公建)
    "诉前检察建议": "公",
    "社会治理检察建议": "治",
    "纠正违法检察建议": "纠",
    "再审检察建议": "再",
}


def load_policy(home: Path) -> Policy:
    path = home / "policy.yaml"
    if not path.exists():
        return Policy()
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    known = {f.name for f in fields(Policy)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"{path}: 未知的设置 {'、'.join(unknown)}；可用：{'、'.join(sorted(known))}")
    values: dict[str, Any] = {}
    for name, value in data.items():
        default = getattr(Policy, name)
        if isinstance(default, Period):
            if not isinstance(value, dict) or set(value) != {"amount", "unit"}:
                raise ValueError(
                    f"{path}: {name} 应写成 {{amount: 数量, unit: working_days|calendar_days|months}}"
                )
            if value["unit"] not in ("working_days", "calendar_days", "months"):
                raise ValueError(f"{path}: {name}.unit 只能是 working_days、calendar_days 或 months")
            values[name] = Period(int(value["amount"]), value["unit"])
        else:
            values[name] = type(default)(value)
    return Policy(**values)
