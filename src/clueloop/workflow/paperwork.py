"""The generated documents of the loop: 检察建议书 and 线索移送函 (.docx), filled from the database.

Personal data in the documents is masked like everywhere else: the full values stay in the evidence
snapshot for those whose role allows them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from clueloop.documents import (
    RecommendationDoc,
    TransferLetterDoc,
    write_recommendation,
    write_transfer_letter,
)
from clueloop.security.masking import mask_text, mask_value
from clueloop.workflow._common import load
from clueloop.workflow.deadlines import UNITS
from clueloop.workflow.orm import Case, Lead, Recommendation, Transfer
from clueloop.workflow.policy import Policy
from clueloop.workflow.states import WorkflowError

REPLY_TEXT = {(2, "months"): "两个月", (15, "calendar_days"): "十五日"}


def _period_text(amount: int, unit: str) -> str:
    known = REPLY_TEXT.get((amount, unit))
    if known:
        return known
    from clueloop.documents import chinese_number

    return f"{chinese_number(amount)}{UNITS[unit]}"


def recommendation_document(session: Session, policy: Policy, rec_id: int, folder: Path) -> Path:
    rec = load(session, Recommendation, rec_id)
    if rec.number is None or rec.issued_on is None:
        raise WorkflowError(f"检察建议 {rec_id} 尚未发出，没有文号；先发出（clueloop rec issue）再生成文书")
    period = policy.urgent_reply if rec.urgent else policy.reply
    doc = RecommendationDoc(
        procuratorate=policy.procuratorate,
        number=rec.number,
        addressee=rec.addressee,
        facts=mask_text(rec.facts),
        problems=mask_text(rec.problems),
        legal_basis=list(rec.legal_basis) or ["《中华人民共和国人民检察院组织法》第二十一条"],
        measures=list(rec.measures),
        reply_days_text=_period_text(period.amount, period.unit),
        issued_on=rec.issued_on,
        kind=rec.kind,
        urgent=rec.urgent,
    )
    return write_recommendation(doc, folder / f"检察建议书_{rec.number}.docx")


def transfer_letter(session: Session, policy: Policy, transfer_id: int, folder: Path) -> Path:
    transfer = load(session, Transfer, transfer_id)
    leads: list[Lead] = []
    if transfer.lead_id is not None:
        leads = [load(session, Lead, transfer.lead_id)]
    elif transfer.case_id is not None:
        leads = list(load(session, Case, transfer.case_id).leads)
    if not leads:
        raise WorkflowError(f"移送 {transfer_id} 没有关联线索")
    evidence = [
        f"{ev.dataset}：{Path(ev.source_file or '').name} 第 {ev.row} 行"
        + (
            "；"
            + "，".join(f"{k}={mask_value(v)}" for k, v in ev.values.items() if v not in (None, ""))[:200]
        )
        for lead in leads
        for ev in lead.evidence
    ]
    subject = "、".join(
        sorted({f"{lead.subject_name or ''}（{mask_value(lead.subject_id or '')}）" for lead in leads})
    )
    doc = TransferLetterDoc(
        procuratorate=policy.procuratorate,
        number=transfer.number,
        addressee=transfer.target,
        lead_title=mask_text("；".join(lead.title for lead in leads)),
        subject=subject,
        facts=mask_text("\n".join(lead.title for lead in leads)),
        evidence=evidence,
        standard=transfer.standard,
        deadline=transfer.feedback_due,
        issued_on=transfer.sent_on or dt.date.today(),
    )
    return write_transfer_letter(doc, folder / f"线索移送函_{transfer.number}.docx")
