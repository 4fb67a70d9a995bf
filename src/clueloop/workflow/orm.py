"""The workflow database's tables (SQLAlchemy 2). The schema is created and changed by Alembic only
(``clueloop.workflow.migrations``); ``create_all`` is never used outside a migration check.

Every row that users change concurrently carries a ``version`` column: SQLAlchemy adds
``AND version = :seen`` to each UPDATE, so of two users saving the same lead one wins and the other
gets a conflict (optimistic locking).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)  # stored as UTC, naive on both databases


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Versioned:
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class ModelRun(Base):
    """A model run recorded into the workflow (``clueloop run --record``)."""

    __tablename__ = "model_runs"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    engine: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    recorded_by: Mapped[str] = mapped_column(String(64))
    leads: Mapped[int] = mapped_column(Integer)
    new_leads: Mapped[int] = mapped_column(Integer)
    updated_leads: Mapped[int] = mapped_column(Integer)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)


class Case(Versioned, Base):
    """案件: built from one or more 成案 leads."""

    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), index=True)
    owner: Mapped[str] = mapped_column(String(64), index=True)
    department: Mapped[str] = mapped_column(String(64), default="")
    domain: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    leads: Mapped[list[Lead]] = relationship(back_populates="case", foreign_keys="Lead.case_id")
    __mapper_args__ = {"version_id_col": Versioned.version}


class Lead(Versioned, Base):
    """线索: one per (model, key); re-runs add evidence to it instead of making another."""

    __tablename__ = "leads"
    __table_args__ = (
        UniqueConstraint("model_id", "key_text", name="uq_leads_model_key"),
        Index("ix_leads_state_created", "state", "created_at"),
        Index("ix_leads_model_created", "model_id", "created_at"),
        Index("ix_leads_state_model", "state", "model_id", "id"),  # the list's filtered count and order
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_id: Mapped[str] = mapped_column(String(64))
    model_name: Mapped[str] = mapped_column(String(128))
    key: Mapped[list[Any]] = mapped_column(JSON)
    key_text: Mapped[str] = mapped_column(String(512))
    subject_id: Mapped[str | None] = mapped_column(String(64), index=True)
    subject_name: Mapped[str | None] = mapped_column(String(256))
    title: Mapped[str] = mapped_column(Text)
    domain: Mapped[str] = mapped_column(String(32), default="")
    target_organ: Mapped[str] = mapped_column(String(128), default="")
    legal_basis: Mapped[list[Any]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(16))
    state_reason: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(64), default="", index=True)
    department: Mapped[str] = mapped_column(String(64), default="")
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id"))
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)  # 不成案 but new evidence came
    review_note: Mapped[str] = mapped_column(Text, default="")
    first_run_id: Mapped[str] = mapped_column(String(64))
    last_run_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    touched_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)  # last human action
    sleeping_since: Mapped[dt.date | None] = mapped_column(Date)  # 沉睡, marked once by the sweep
    case: Mapped[Case | None] = relationship(back_populates="leads", foreign_keys=[case_id])
    evidence: Mapped[list[Evidence]] = relationship(back_populates="lead", order_by="Evidence.id")
    comments: Mapped[list[Comment]] = relationship(back_populates="lead", order_by="Comment.id")
    __mapper_args__ = {"version_id_col": Versioned.version}


class Evidence(Base):
    """An evidence row copied out of the lake when it was found, so it survives re-imports."""

    __tablename__ = "lead_evidence"
    __table_args__ = (UniqueConstraint("lead_id", "fingerprint", name="uq_lead_evidence_fingerprint"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    run_id: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))  # the row's content: same content = same evidence
    dataset: Mapped[str] = mapped_column(String(64))
    source_file: Mapped[str | None] = mapped_column(Text)
    row: Mapped[int | None] = mapped_column(Integer)
    batch_id: Mapped[str | None] = mapped_column(String(64))
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    lead: Mapped[Lead] = relationship(back_populates="evidence")


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    author: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    text: Mapped[str] = mapped_column(Text)
    lead: Mapped[Lead] = relationship(back_populates="comments")


class Attachment(Base):
    """A file attached to a lead, case, transfer (feedback) or recommendation (reply)."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(256))
    stored_as: Mapped[str] = mapped_column(String(512))  # relative to the home folder
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class Transfer(Versioned, Base):
    """移送: a lead or case sent to an internal department or an outside organ, with its deadlines."""

    __tablename__ = "transfers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    internal: Mapped[bool] = mapped_column(Boolean)
    target: Mapped[str] = mapped_column(String(128), index=True)  # receiving organ or department
    standard: Mapped[str] = mapped_column(Text)  # the standard it was made under (移送标准/依据)
    state: Mapped[str] = mapped_column(String(16), index=True)
    sent_on: Mapped[dt.date] = mapped_column(Date)
    accept_due: Mapped[dt.date | None] = mapped_column(Date)  # internal: accepted within N working days
    accepted_on: Mapped[dt.date | None] = mapped_column(Date)
    feedback_due: Mapped[dt.date] = mapped_column(Date)
    feedback_on: Mapped[dt.date | None] = mapped_column(Date)
    feedback_text: Mapped[str] = mapped_column(Text, default="")
    returned_reason: Mapped[str] = mapped_column(Text, default="")
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    calendar_warning: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    __mapper_args__ = {"version_id_col": Versioned.version}


class Recommendation(Versioned, Base):
    """检察建议: numbered per procuratorate, kind and year (某检行公建〔2026〕3号)."""

    __tablename__ = "recommendations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str | None] = mapped_column(String(64), unique=True)  # given when issued
    kind: Mapped[str] = mapped_column(String(32))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    addressee: Mapped[str] = mapped_column(String(128))
    facts: Mapped[str] = mapped_column(Text)
    problems: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[list[Any]] = mapped_column(JSON, default=list)
    measures: Mapped[list[Any]] = mapped_column(JSON, default=list)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16), index=True)
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    reply_due: Mapped[dt.date | None] = mapped_column(Date)
    replied_on: Mapped[dt.date | None] = mapped_column(Date)
    reply_text: Mapped[str] = mapped_column(Text, default="")
    rectification: Mapped[str] = mapped_column(String(16), default="")  # 已整改 / 部分整改 / 未整改
    review_on: Mapped[dt.date | None] = mapped_column(Date)  # 回头看
    review_result: Mapped[str] = mapped_column(Text, default="")
    rectified: Mapped[bool | None] = mapped_column(Boolean)  # the follow-up's finding
    litigated_on: Mapped[dt.date | None] = mapped_column(Date)  # escalated to 提起诉讼
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    calendar_warning: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    __mapper_args__ = {"version_id_col": Versioned.version}


class Notice(Base):
    """通报 / 抄送 to the Party committee or government, and 公开听证 (public hearings)."""

    __tablename__ = "notices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # 通报 / 抄送 / 公开听证
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    recommendation_id: Mapped[int | None] = mapped_column(ForeignKey("recommendations.id"), index=True)
    recipient: Mapped[str] = mapped_column(Text)  # addressee, or the hearing's participants
    on: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(128), default="")
    summary: Mapped[str] = mapped_column(Text, default="")  # content, or the hearing's conclusion
    created_by: Mapped[str] = mapped_column(String(64))


class NumberSequence(Base):
    """Document numbers: the next sequence per (procuratorate, document kind, year)."""

    __tablename__ = "number_sequences"
    scope: Mapped[str] = mapped_column(String(64), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class CalendarDay(Base):
    """A day of a loaded State Council holiday notice (holiday or make-up working day)."""

    __tablename__ = "calendar_days"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(64), default="")
    source: Mapped[str] = mapped_column(Text)


class CalendarYear(Base):
    __tablename__ = "calendar_years"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    loaded_by: Mapped[str] = mapped_column(String(64))


class Audit(Base):
    """One row per change, written in the same transaction as the change (who, when, what, before, after)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(32))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")


class User(Base):
    """A person who signs in to the web application; the role decides what they see and may do."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(
        String(16)
    )  # 检察官 / 部门负责人 / 数据管理员 / 外部单位联络员 / 审计员
    organ: Mapped[str] = mapped_column(String(128), default="")  # the liaison's organ (移送对象)
    department: Mapped[str] = mapped_column(String(64), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class WebSession(Base):
    """A server-side sign-in: the cookie holds a random token whose hash is stored here, so a session can be
    revoked (sign-out, disabling the user) and never trusted from the cookie alone."""

    __tablename__ = "web_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie's token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    user: Mapped[User] = relationship()
