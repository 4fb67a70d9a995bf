"""The 检察建议书: the procuratorate's written recommendation to an organ, here chiefly the 诉前检察建议 of
public-interest litigation, which the organ must answer in writing within two months (fifteen days when
the harm is urgent) before the procuratorate may sue."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from docx.document import Document as DocxDocument

from clueloop.documents.dates import chinese_number
from clueloop.documents.layout import body, copies_line, finish, paragraphs, require_text, signature, start

TITLE = "检察建议书"
_FINAL_PUNCTUATION = tuple("。；！？")


@dataclass(frozen=True)
class RecommendationDoc:
    """What a 检察建议书 says. Texts are plain; a line break in ``facts`` or ``problems`` starts a paragraph.
    ``legal_basis`` items name a law and its article, e.g. "《中华人民共和国人民检察院组织法》第二十一条";
    ``measures`` are the recommendations without their numbers (the document numbers them 一、二、…)."""

    procuratorate: str
    number: str
    addressee: str
    facts: str
    problems: str
    legal_basis: list[str]
    measures: list[str]
    reply_days_text: str
    issued_on: datetime.date
    kind: str = "诉前检察建议"
    urgent: bool = False
    copies_to: list[str] = field(default_factory=list)
    contact: str = ""

    def __post_init__(self) -> None:
        require_text(
            TITLE,
            procuratorate=self.procuratorate,
            number=self.number,
            addressee=self.addressee,
            facts=self.facts,
            reply_days_text=self.reply_days_text,
        )
        if not any(item.strip() for item in self.legal_basis):
            raise ValueError(f"{TITLE}: no legal_basis")
        if not any(item.strip() for item in self.measures):
            raise ValueError(f"{TITLE}: no measures")


def write_recommendation(doc: RecommendationDoc, path: Path) -> Path:
    """Write ``doc`` as a .docx at ``path`` (folders created, written atomically) and return the path."""
    document = start(doc.procuratorate, TITLE, doc.number, doc.addressee)
    _write_body(document, doc)
    signature(document, doc.procuratorate, doc.issued_on, doc.contact)
    if doc.copies_to:
        copies_line(document, doc.copies_to)
    return finish(
        document,
        path,
        title=TITLE,
        number=doc.number,
        organ=doc.procuratorate,
        subject=doc.kind,
        issued_on=doc.issued_on,
    )


def reply_sentence(doc: RecommendationDoc) -> str:
    """The request for a written reply within the time limit, saying so when urgency shortens it."""
    sentence = f"请你单位自收到本检察建议书之日起{doc.reply_days_text}内将办理情况书面回复本院。"
    return f"鉴于情况紧急，{sentence}" if doc.urgent else sentence


def _write_body(document: DocxDocument, doc: RecommendationDoc) -> None:
    facts = paragraphs(doc.facts)
    # The facts open with how they came to light, unless the caller's text already says so.
    if not facts[0].startswith(("本院", "检察机关")):
        facts[0] = f"本院在履行职责中发现，{facts[0]}"
    for text in facts + paragraphs(doc.problems):
        body(document, text)
    basis = "、".join(item.strip() for item in doc.legal_basis if item.strip())
    body(document, f"根据{basis}之规定，现提出如下检察建议：")
    measures = [item.strip() for item in doc.measures if item.strip()]
    for index, measure in enumerate(measures, start=1):
        ending = "" if measure.endswith(_FINAL_PUNCTUATION) else "。"
        body(document, f"{chinese_number(index)}、{measure}{ending}")
    body(document, reply_sentence(doc))
