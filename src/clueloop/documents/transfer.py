"""The 线索移送函: the letter that hands a lead to the organ or department that must deal with it ("谁办案、
谁移送"), naming the standard it is transferred under and the date by which feedback is due, with the lead
in brief and a numbered list of its evidence."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from clueloop.documents.dates import chinese_date
from clueloop.documents.layout import (
    body,
    finish,
    heading,
    numbered_table,
    paragraphs,
    require_text,
    signature,
    start,
)

TITLE = "线索移送函"


@dataclass(frozen=True)
class TransferLetterDoc:
    """What a 线索移送函 says. ``subject`` and ``evidence`` are printed as given: the caller masks them.
    ``standard`` follows "现依据", e.g. "《人民检察院刑事诉讼规则》第一百七十五条"."""

    procuratorate: str
    number: str
    addressee: str
    lead_title: str
    subject: str
    facts: str
    evidence: list[str]
    standard: str
    deadline: datetime.date
    issued_on: datetime.date
    contact: str = ""

    def __post_init__(self) -> None:
        require_text(
            TITLE,
            procuratorate=self.procuratorate,
            number=self.number,
            addressee=self.addressee,
            lead_title=self.lead_title,
            subject=self.subject,
            facts=self.facts,
            standard=self.standard,
        )
        if self.deadline < self.issued_on:
            raise ValueError(f"{TITLE}: deadline {self.deadline} is before issued_on {self.issued_on}")


def write_transfer_letter(doc: TransferLetterDoc, path: Path) -> Path:
    """Write ``doc`` as a .docx at ``path`` (folders created, written atomically) and return the path."""
    document = start(doc.procuratorate, TITLE, doc.number, doc.addressee)
    body(
        document,
        f"本院在开展法律监督工作中发现以下线索，现依据{doc.standard}移送你单位，请依法处理，"
        f"并于{chinese_date(doc.deadline)}前将处理结果书面反馈本院。",
    )
    heading(document, "一、线索概要")
    body(document, f"线索名称：{doc.lead_title}")
    body(document, f"涉及对象：{doc.subject}")
    facts = paragraphs(doc.facts)
    facts[0] = f"基本事实：{facts[0]}"
    for text in facts:
        body(document, text)
    heading(document, "二、证据材料清单")
    evidence = [line.strip() for line in doc.evidence if line.strip()]
    if evidence:
        numbered_table(document, "材料", evidence)
    else:
        body(document, "未附证据材料。")
    signature(document, doc.procuratorate, doc.issued_on, doc.contact)
    return finish(
        document,
        path,
        title=TITLE,
        number=doc.number,
        organ=doc.procuratorate,
        subject=doc.lead_title,
        issued_on=doc.issued_on,
    )
