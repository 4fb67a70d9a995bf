"""Who may change what in the loop. 检察官 and 部门负责人 do the work; the 外部单位联络员 answers what was
sent to their organ (接收、反馈、退回 a transfer, the written reply to a recommendation); 审计员 and
数据管理员 read and change nothing here. What each role may *see* is :mod:`clueloop.security.scope`."""

from __future__ import annotations

from fastapi import HTTPException

from clueloop.security.users import LIAISON
from clueloop.web.roles import HANDLERS
from clueloop.workflow.orm import User
from clueloop.workflow.states import RECOMMENDATION, TRANSFER, Machine

LIAISON_MOVES = {
    TRANSFER.noun: frozenset({"已接收", "已反馈", "已退回"}),
    RECOMMENDATION.noun: frozenset({"已回复"}),
}


def is_handler(user: User) -> bool:
    return user.role in HANDLERS


def moves_for(machine: Machine, state: str, user: User) -> dict[str, str]:
    """The moves to offer ``user`` on an item in ``state`` (a button each)."""
    moves = machine.allowed(state)
    if is_handler(user):
        return dict(moves)
    if user.role == LIAISON:
        mine = LIAISON_MOVES.get(machine.noun, frozenset())
        return {target: action for target, action in moves.items() if target in mine}
    return {}


def check_move(machine: Machine, target: str, user: User) -> None:
    """403 unless the role may make this kind of move; whether the item's state allows it is the state
    machine's answer (422 naming the allowed moves)."""
    if is_handler(user):
        return
    if user.role == LIAISON and target in LIAISON_MOVES.get(machine.noun, frozenset()):
        return
    raise HTTPException(status_code=403, detail=f"你的角色（{user.role}）不能办理此{machine.noun}事项")
