"""Who may change what in the loop. 检察官 and 部门负责人 do the work; the 外部单位联络员 answers what was
sent to their organ (接收、反馈、退回 a transfer, the written reply to a recommendation); 审计员 and
数据管理员 read and change nothing here. What each role may *see* is :mod:`clueloop.security.scope`."""

from __future__ import annotations

from fastapi import HTTPException

from clueloop.security.users import LIAISON
from clueloop.web.roles import HANDLERS
from clueloop.workflow.orm import User
from clueloop.workflow.states import RECOMMENDATION, TRANSFER, Machine

LIAISON_ACTIONS = {  # by action, not target state: 要求补充反馈 also leads to 已接收 but is the prosecutor's
    TRANSFER.noun: frozenset({"接收", "反馈", "退回"}),
    RECOMMENDATION.noun: frozenset({"回复"}),
}


def is_handler(user: User) -> bool:
    return user.role in HANDLERS


def moves_for(machine: Machine, state: str, user: User) -> dict[str, str]:
    """The moves to offer ``user`` on an item in ``state`` (a button each)."""
    moves = machine.allowed(state)
    if is_handler(user):
        return dict(moves)
    if user.role == LIAISON:
        mine = LIAISON_ACTIONS.get(machine.noun, frozenset())
        return {target: action for target, action in moves.items() if action in mine}
    return {}


def check_move(machine: Machine, state: str, target: str, user: User) -> None:
    """403 unless the role may make this kind of move; whether the item's state allows it is the state
    machine's answer (422 naming the allowed moves)."""
    if is_handler(user):
        return
    if user.role == LIAISON and target in moves_for(machine, state, user):
        return
    raise HTTPException(status_code=403, detail=f"你的角色（{user.role}）不能办理此{machine.noun}事项")
