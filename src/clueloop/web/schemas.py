"""What the JSON API returns and accepts. Tables never leak into the API: each answer is built from a row
by one of these schemas, with ID numbers and phones masked (110101********1234)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from clueloop.security.masking import mask_text, mask_value
from clueloop.web.jobs import Job
from clueloop.workflow.orm import Evidence, Lead, Recommendation, Transfer
from clueloop.workflow.sweep import DueItem


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# --- leads ----------------------------------------------------------------------------------------


class LeadItem(Schema):
    id: int
    model_id: str
    model_name: str
    subject_id: str | None = Field(description="证件号码（脱敏）")
    subject_name: str | None
    title: str
    domain: str
    state: str
    owner: str
    department: str
    case_id: int | None
    needs_review: bool
    sleeping_since: dt.date | None
    created_at: dt.datetime
    version: int

    @classmethod
    def of(cls, lead: Lead) -> LeadItem:
        item = cls.model_validate(lead)
        item.subject_id = mask_value(item.subject_id)
        item.title = mask_text(item.title)
        return item


class LeadPage(Schema):
    total: int
    page: int
    size: int
    items: list[LeadItem]


class EvidenceOut(Schema):
    dataset: str
    source_file: str | None = Field(description="来源文件名")
    row: int | None
    batch_id: str | None
    values: dict[str, Any] = Field(description="证据行的值（证件号码、电话脱敏）")
    added_at: dt.datetime

    @classmethod
    def of(cls, e: Evidence) -> EvidenceOut:
        return cls(
            dataset=e.dataset,
            source_file=(e.source_file or "").replace("\\", "/").rsplit("/", 1)[-1] or None,
            row=e.row,
            batch_id=e.batch_id,
            values={k: mask_value(v) for k, v in (e.values or {}).items()},
            added_at=e.added_at,
        )


class LeadDetail(LeadItem):
    key: list[str] = Field(description="线索键（脱敏）")
    target_organ: str
    legal_basis: list[str]
    state_reason: str
    review_note: str
    evidence: list[EvidenceOut]

    @classmethod
    def of(cls, lead: Lead) -> LeadDetail:
        base = LeadItem.of(lead).model_dump()
        return cls(
            **base,
            key=[str(mask_value(k)) for k in lead.key],
            target_organ=lead.target_organ,
            legal_basis=[str(b) for b in lead.legal_basis],
            state_reason=lead.state_reason,
            review_note=lead.review_note,
            evidence=[EvidenceOut.of(e) for e in lead.evidence],
        )


class LeadMove(BaseModel):
    target: str = Field(description="目标状态：研判中 / 成案 / 不成案 / 待研判")
    version: int = Field(description="你看到的版本号；他人已修改时返回 409")
    reason: str = ""


# --- transfers and recommendations -----------------------------------------------------------------


class TransferOut(Schema):
    id: int
    number: str
    lead_id: int | None
    case_id: int | None
    internal: bool
    target: str
    standard: str
    state: str
    sent_on: dt.date
    accept_due: dt.date | None
    accepted_on: dt.date | None
    feedback_due: dt.date
    feedback_on: dt.date | None
    feedback_text: str
    returned_reason: str
    overdue: bool
    calendar_warning: str | None
    created_by: str
    version: int

    @classmethod
    def of(cls, transfer: Transfer) -> TransferOut:
        out = cls.model_validate(transfer)
        out.feedback_text = mask_text(out.feedback_text)
        out.returned_reason = mask_text(out.returned_reason)
        return out


class TransferMove(BaseModel):
    target: str = Field(description="目标状态：已接收 / 已反馈 / 已退回 / 已办结")
    text: str = Field(default="", description="反馈内容或退回理由")
    on: dt.date | None = Field(default=None, description="日期（默认今天）")
    version: int


class RecommendationOut(Schema):
    id: int
    number: str | None
    kind: str
    lead_id: int | None
    case_id: int | None
    addressee: str
    facts: str
    problems: str
    legal_basis: list[str]
    measures: list[str]
    urgent: bool
    state: str
    issued_on: dt.date | None
    received_on: dt.date | None
    reply_due: dt.date | None
    replied_on: dt.date | None
    reply_text: str
    rectification: str
    review_on: dt.date | None
    review_result: str
    rectified: bool | None
    overdue: bool
    version: int

    @classmethod
    def of(cls, rec: Recommendation) -> RecommendationOut:
        out = cls.model_validate(rec)
        for name in ("facts", "problems", "reply_text", "review_result"):
            setattr(out, name, mask_text(getattr(out, name)))
        return out


# --- the lake, models and runs ------------------------------------------------------------------------


class BatchOut(Schema):
    batch_id: str
    source_name: str
    format: str
    encoding: str | None
    rows: int
    invalid: int = Field(description="无效值个数（已标记并保留）")
    created_at: str


class DatasetOut(Schema):
    kind: str
    title: str
    batches: list[BatchOut]
    rows: int
    invalid: int


class ParameterOut(Schema):
    type: str
    default: Any
    description: str


class ModelOut(Schema):
    id: str
    name: str
    domain: str
    target_organ: str
    version: str
    description: str
    legal_basis: list[str]
    kinds: list[str] = Field(description="需要的数据类型")
    parameters: dict[str, ParameterOut]


class RunModelOut(Schema):
    id: str
    name: str
    leads: int
    seconds: float
    rows_read: dict[str, int]


class RunOut(Schema):
    id: str
    as_of: dt.date
    engine: str
    started_at: str
    seconds: float
    leads: int
    models: list[RunModelOut]
    recorded: bool = Field(description="线索是否已记入工作流")
    new_leads: int | None = None
    updated_leads: int | None = None


class RunRequest(BaseModel):
    models: list[str] | None = Field(default=None, description="模型 id；省略时运行全部模型")
    as_of: dt.date | None = Field(default=None, description="运行日期（默认今天）")
    parameters: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="模型 id → {参数名: 值}；省略的参数用默认值"
    )


class JobOut(Schema):
    """A background job (导入 or 运行模型): poll GET /api/jobs/{id} until state is 已完成 or 失败."""

    id: str
    kind: str
    title: str
    owner: str
    state: str = Field(description="排队中 / 进行中 / 已完成 / 失败")
    done: int
    total: int
    percent: int
    message: str = Field(description="进度说明，或失败的原因（指明文件、行、列）")
    result: dict[str, Any]
    started: dt.datetime
    finished: dt.datetime | None

    @classmethod
    def of(cls, job: Job) -> JobOut:
        out = cls.model_validate(job)
        out.result = {k: v for k, v in out.result.items() if k != "traceback"}
        return out


# --- statistics and deadlines -----------------------------------------------------------------------


class StatsRow(Schema):
    model: str
    model_name: str
    month: str
    leads: int
    cases: int
    transferred: int
    recommended: int
    replied: int
    rectified: int


class StatsOut(Schema):
    rows: list[StatsRow]
    totals: dict[str, int]
    rates: dict[str, float | None]
    counts: dict[str, int]


class DueOut(Schema):
    entity: str = Field(description="transfer / recommendation / lead")
    entity_id: int
    label: str
    what: str
    due: dt.date | None
    days_left: int | None
    overdue: bool
    owner: str
    warning: str | None

    @classmethod
    def of(cls, item: DueItem) -> DueOut:
        out = cls.model_validate(item)
        out.label = mask_text(out.label)
        return out
