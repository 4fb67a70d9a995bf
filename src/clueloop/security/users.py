"""Users, roles and server-side sessions (argon2 password hashes; the cookie holds only a random token).

Roles (DOMAIN.md, issue "web"): 检察官 handles leads; 部门负责人 also sees the whole department and may
unmask; 数据管理员 loads data and runs models; 外部单位联络员 sees only what was transferred to their
organ; 审计员 reads the audit and access logs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from clueloop.workflow._common import audit
from clueloop.workflow.orm import User, WebSession, now
from clueloop.workflow.states import WorkflowError

ROLES = ("检察官", "部门负责人", "数据管理员", "外部单位联络员", "审计员")
PROSECUTOR, HEAD, DATA_ADMIN, LIAISON, AUDITOR = ROLES
UNMASK_ROLES = frozenset({PROSECUTOR, HEAD})  # may ask for full ID numbers (the look is recorded)
SESSION_HOURS = 12
_hasher = PasswordHasher()


def add_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    actor: str,
    *,
    display_name: str = "",
    organ: str = "",
    department: str = "",
) -> User:
    username = username.strip()
    if not username:
        raise WorkflowError("请填写用户名")
    if role not in ROLES:
        raise WorkflowError(f"未知的角色“{role}”；可选：{'、'.join(ROLES)}")
    if role == LIAISON and not organ.strip():
        raise WorkflowError("外部单位联络员须指明所属单位（--organ），他只能看到移送给该单位的事项")
    if len(password) < 8:
        raise WorkflowError("密码至少 8 位")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise WorkflowError(f"用户名 {username} 已存在")
    user = User(
        username=username,
        display_name=display_name.strip() or username,
        role=role,
        organ=organ.strip(),
        department=department.strip(),
        password_hash=_hasher.hash(password),
    )
    session.add(user)
    session.flush()
    audit(
        session,
        actor,
        "user",
        user.id,
        "新增用户",
        None,
        {"username": username, "role": role, "organ": organ},
    )
    return user


def set_disabled(session: Session, username: str, actor: str, disabled: bool = True) -> User:
    user = session.scalars(select(User).where(User.username == username)).one_or_none()
    if user is None:
        raise WorkflowError(f"没有用户 {username}")
    user.disabled = disabled
    if disabled:  # a disabled user's sessions end now, not when their cookie expires
        session.execute(update(WebSession).where(WebSession.user_id == user.id).values(revoked=True))
    audit(session, actor, "user", user.id, "停用" if disabled else "启用", None, {"disabled": disabled})
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.scalars(select(User).where(User.username == username.strip())).one_or_none()
    if user is None:
        _hasher.hash(password)  # the same work as a real check, so timing does not tell who exists
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if user.disabled:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, user: User) -> tuple[str, WebSession]:
    """A new sign-in: returns the cookie's token (only its hash is stored) and the session row."""
    token = secrets.token_urlsafe(32)
    row = WebSession(
        id=_digest(token),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        expires_at=now() + dt.timedelta(hours=SESSION_HOURS),
    )
    session.add(row)
    audit(session, user.username, "user", user.id, "登录")
    return token, row


def find_session(session: Session, token: str | None) -> WebSession | None:
    if not token:
        return None
    row = session.get(WebSession, _digest(token))
    if row is None or row.revoked or row.expires_at < now() or row.user.disabled:
        return None
    if (now() - row.last_seen).total_seconds() > 60:  # keep writes rare: once a minute is enough
        row.last_seen = now()
    return row


def close_session(session: Session, token: str | None) -> None:
    row = session.get(WebSession, _digest(token)) if token else None
    if row is not None:
        row.revoked = True
        audit(session, row.user.username, "user", row.user_id, "退出")
