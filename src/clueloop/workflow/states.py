"""The one state machine every caller goes through (CLI, web, import).

Each machine is data: for every state, the states it may move to and the action's Chinese name. A move
not listed here is refused with the states that are allowed from where the item stands.
"""

from __future__ import annotations

from dataclasses import dataclass


class WorkflowError(Exception):
    """A refused operation; the message is for the user (Chinese)."""


class IllegalTransition(WorkflowError):
    pass


class ConflictError(WorkflowError):
    """Someone else changed the item since it was read (optimistic locking)."""


class NotFound(WorkflowError, LookupError):
    pass


@dataclass(frozen=True)
class Machine:
    noun: str  # 线索 / 案件 / 移送 / 检察建议
    initial: str
    moves: dict[str, dict[str, str]]  # state → {next state: action name}

    @property
    def states(self) -> list[str]:
        return list(self.moves)

    def allowed(self, state: str) -> dict[str, str]:
        return self.moves.get(state, {})

    def check(self, state: str, target: str) -> str:
        """The action's name, or :class:`IllegalTransition` naming what is allowed instead."""
        if target not in self.moves:
            raise IllegalTransition(f"{self.noun}没有“{target}”这个状态；状态有：{'、'.join(self.moves)}")
        action = self.moves[state].get(target)
        if action is None:
            allowed = "、".join(self.moves[state]) or "无（已是终结状态）"
            raise IllegalTransition(f"{self.noun}不能从“{state}”变为“{target}”；此时可以变为：{allowed}")
        return action


# DOMAIN.md: 待研判 → 研判中 → 成案 / 不成案 (reason required) / 已合并. A 不成案 lead goes back
# to 研判中 only when new evidence flagged it for review (leads.move checks the flag).
LEAD = Machine(
    "线索",
    "待研判",
    {
        "待研判": {"研判中": "开始研判", "不成案": "不成案", "已合并": "合并"},
        "研判中": {"成案": "成案", "不成案": "不成案", "已合并": "合并", "待研判": "退回待研判"},
        "成案": {},
        "不成案": {"研判中": "重新研判"},
        "已合并": {},
    },
)

CASE = Machine(
    "案件",
    "办理中",
    {"办理中": {"已结案": "结案", "已撤销": "撤销"}, "已结案": {}, "已撤销": {}},
)

TRANSFER = Machine(
    "移送",
    "已移送",
    {
        "已移送": {"已接收": "接收", "已反馈": "反馈", "已退回": "退回"},
        "已接收": {"已反馈": "反馈"},
        "已反馈": {"已办结": "办结", "已接收": "要求补充反馈"},
        "已退回": {},
        "已办结": {},
    },
)

# 诉前检察建议: answered in writing within 2 months of receipt (15 days when urgent); then 回头看, and
# where nothing was fixed, 提起诉讼 — also straight from 已送达 when no reply came in time.
RECOMMENDATION = Machine(
    "检察建议",
    "草稿",
    {
        "草稿": {"已发出": "发出", "已撤回": "撤回"},
        "已发出": {"已送达": "送达"},
        "已送达": {"已回复": "回复", "已起诉": "提起诉讼"},
        "已回复": {"已回头看": "回头看"},
        "已回头看": {"已办结": "办结", "已起诉": "提起诉讼"},
        "已起诉": {},
        "已办结": {},
        "已撤回": {},
    },
)

MACHINES = {"lead": LEAD, "case": CASE, "transfer": TRANSFER, "recommendation": RECOMMENDATION}
