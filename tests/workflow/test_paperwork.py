"""The loop's documents, made through the workflow and read back: numbers, addressee, measures, masking."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from clueloop.normalize.idcard import id_check_char
from clueloop.security.masking import mask_id
from clueloop.workflow import leads, recommendations, transfers
from clueloop.workflow.db import Workflow
from clueloop.workflow.deadlines import WorkCalendar
from clueloop.workflow.orm import Lead, NumberSequence, Recommendation
from clueloop.workflow.paperwork import recommendation_document, transfer_letter
from clueloop.workflow.policy import Policy
from clueloop.workflow.states import WorkflowError

from .conftest import make_lead, make_run

D = dt.date
PROSECUTOR = "检察官甲"
STANDARD = "《行政执法机关移送涉嫌犯罪案件的规定》第三条"
MEASURES = ["依法对寄递企业的违规收寄行为进行查处", "建立禁寄物品违规人员移送公安机关的工作机制"]


def person_id(birth: str, seq: str) -> str:
    first17 = "330106" + birth + seq
    return first17 + id_check_char(first17)


ID_A = person_id("19850312", "123")
ID_B = person_id("19900701", "456")


def docx_text(path: Path) -> str:
    """Everything a reader of the document sees: body, tables, headers and footers, and its properties."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    props = document.core_properties
    parts += [props.title, props.subject, props.identifier, props.keywords, props.comments]
    return "\n".join(parts)


def docx_xml(path: Path) -> str:
    """The raw XML of every part, so a value hidden in a field or split runs is still found."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def issue(
    session: Session,
    policy: Policy,
    calendar: WorkCalendar,
    on: dt.date,
    *,
    kind: str = "诉前检察建议",
    addressee: str = "某某市邮政管理局",
    facts: str = "辖区寄递企业收寄打火机、丁烷气罐等禁寄物品，违规人员未被移送公安机关处理。",
    urgent: bool = False,
) -> Recommendation:
    rec = recommendations.draft(
        session, PROSECUTOR, addressee=addressee, facts=facts, measures=MEASURES, kind=kind, urgent=urgent
    )
    return recommendations.move(session, policy, calendar, rec.id, "已发出", PROSECUTOR, on=on)


def owned_lead(session: Session, key: str, name: str) -> int:
    """A lead recorded from a run and triaged to 成案 by the prosecutor, who thereby owns it."""
    leads.record_run(
        session,
        make_run(f"run-{key}"),
        [make_lead("postal-sender-not-referred", [key], name=name)],
        "系统",
    )
    lead_id = session.scalars(select(Lead.id).where(Lead.subject_id == key)).one()
    leads.move(session, lead_id, "研判中", PROSECUTOR)
    leads.move(session, lead_id, "成案", PROSECUTOR)
    return lead_id


def send(
    session: Session, policy: Policy, calendar: WorkCalendar, folder: Path, **source: int
) -> tuple[str, Path]:
    """Transfer a lead or case (``lead_id=`` / ``case_id=``) to the police on 2026-11-02; its letter."""
    transfer = transfers.create(
        session,
        policy,
        calendar,
        PROSECUTOR,
        target="某某市公安局",
        standard=STANDARD,
        internal=False,
        sent_on=D(2026, 11, 2),
        **source,
    )
    return transfer.number, transfer_letter(session, policy, transfer.id, folder)


def test_the_recommendation_carries_its_number_addressee_and_measures(
    wf: Workflow, policy: Policy, calendar: WorkCalendar, tmp_path: Path
) -> None:
    with wf.transaction() as session:
        first = issue(session, policy, calendar, D(2026, 11, 2))
        second = issue(session, policy, calendar, D(2026, 11, 20), addressee="某某区市场监督管理局")
    assert (first.number, second.number) == ("某检行公建〔2026〕1号", "某检行公建〔2026〕2号")

    with wf.transaction() as session:
        path = recommendation_document(session, policy, first.id, tmp_path / "docs")
        other = recommendation_document(session, policy, second.id, tmp_path / "docs")
    assert path == tmp_path / "docs" / "检察建议书_某检行公建〔2026〕1号.docx"
    text = docx_text(path)
    assert "某检行公建〔2026〕1号" in text and "2号" not in text
    assert "某某市邮政管理局：" in text
    assert "某某市某某区人民检察院" in text
    assert f"一、{MEASURES[0]}。" in text and f"二、{MEASURES[1]}。" in text
    assert "自收到本检察建议书之日起两个月内" in text
    assert "《中华人民共和国人民检察院组织法》第二十一条" in text  # the default basis when none was given

    other_text = docx_text(other)
    assert "某检行公建〔2026〕2号" in other_text and "某某区市场监督管理局：" in other_text


def test_an_urgent_recommendation_asks_for_a_reply_in_fifteen_days(
    wf: Workflow, policy: Policy, calendar: WorkCalendar, tmp_path: Path
) -> None:
    with wf.transaction() as session:
        rec = issue(session, policy, calendar, D(2026, 11, 2), urgent=True)
        text = docx_text(recommendation_document(session, policy, rec.id, tmp_path))
    assert "鉴于情况紧急，请你单位自收到本检察建议书之日起十五日内" in text


def test_ids_in_the_facts_are_masked_in_the_recommendation(
    wf: Workflow, policy: Policy, calendar: WorkCalendar, tmp_path: Path
) -> None:
    with wf.transaction() as session:
        rec = issue(session, policy, calendar, D(2026, 11, 2), facts=f"寄件人张三（{ID_A}）多次寄递打火机。")
        path = recommendation_document(session, policy, rec.id, tmp_path)
    assert ID_A not in docx_text(path) and ID_A not in docx_xml(path)
    assert f"张三（{mask_id(ID_A)}）" in docx_text(path)


def test_a_draft_has_no_document_yet(wf: Workflow, policy: Policy, tmp_path: Path) -> None:
    with wf.transaction() as session:
        rec = recommendations.draft(
            session, PROSECUTOR, addressee="某某市邮政管理局", facts="事实", measures=["查处"]
        )
    with pytest.raises(WorkflowError, match="尚未发出"), wf.transaction() as session:
        recommendation_document(session, policy, rec.id, tmp_path / "docs")
    assert not (tmp_path / "docs").exists()


def test_numbers_restart_each_year_and_count_per_kind(
    wf: Workflow, policy: Policy, calendar: WorkCalendar
) -> None:
    issued = []
    for on, kind in [
        (D(2026, 3, 2), "诉前检察建议"),
        (D(2026, 3, 3), "社会治理检察建议"),
        (D(2026, 12, 30), "诉前检察建议"),
        (D(2027, 1, 4), "诉前检察建议"),
        (D(2027, 1, 5), "社会治理检察建议"),
        (D(2027, 1, 6), "纠正违法检察建议"),
        (D(2027, 1, 7), "社会治理检察建议"),
    ]:
        with wf.transaction() as session:
            issued.append(issue(session, policy, calendar, on, kind=kind).number)
    assert issued == [
        "某检行公建〔2026〕1号",
        "某检行治建〔2026〕1号",
        "某检行公建〔2026〕2号",
        "某检行公建〔2027〕1号",
        "某检行治建〔2027〕1号",
        "某检行纠建〔2027〕1号",
        "某检行治建〔2027〕2号",
    ]
    with wf.sessions() as session:
        sequences = {(s.scope, s.year): s.last for s in session.scalars(select(NumberSequence))}
    assert sequences == {
        ("某检行公建", 2026): 2,
        ("某检行治建", 2026): 1,
        ("某检行公建", 2027): 1,
        ("某检行治建", 2027): 2,
        ("某检行纠建", 2027): 1,
    }


def test_the_number_follows_the_procuratorates_policy(
    wf: Workflow, calendar: WorkCalendar, tmp_path: Path
) -> None:
    policy = Policy(procuratorate="杭州市西湖区人民检察院", short_name="杭西", department_short="民")
    with wf.transaction() as session:
        rec = issue(session, policy, calendar, D(2026, 6, 1), kind="社会治理检察建议")
        text = docx_text(recommendation_document(session, policy, rec.id, tmp_path))
    assert rec.number == "杭西检民治建〔2026〕1号"
    assert "杭西检民治建〔2026〕1号" in text and "杭州市西湖区人民检察院" in text


def test_the_transfer_letter_masks_the_subjects_id(
    wf: Workflow, policy: Policy, calendar: WorkCalendar, tmp_path: Path
) -> None:
    with wf.transaction() as session:
        lead_id = owned_lead(session, ID_A, "张三")  # its title, evidence and subject all hold the full ID
        number, path = send(session, policy, calendar, tmp_path, lead_id=lead_id)
    assert number == "某检移〔2026〕1号"
    text = docx_text(path)
    assert ID_A not in text and ID_A not in docx_xml(path)
    assert f"张三（{mask_id(ID_A)}）" in text
    assert mask_id(ID_A) == ID_A[:6] + "********" + ID_A[-4:]
    assert "某某市公安局：" in text and "某检移〔2026〕1号" in text
    assert f"现依据{STANDARD}移送你单位" in text
    assert "并于2026年12月2日前" in text  # feedback within 30 days of 11-02
    assert "矫正.xlsx 第 7 行" in text


def test_the_transfer_letter_of_a_case_names_every_subject_masked(
    wf: Workflow, policy: Policy, calendar: WorkCalendar, tmp_path: Path
) -> None:
    from clueloop.workflow import cases

    with wf.transaction() as session:
        ids = [owned_lead(session, ID_A, "张三"), owned_lead(session, ID_B, "李四")]
        case = cases.open_case(session, policy, ids, PROSECUTOR)
        _, path = send(session, policy, calendar, tmp_path, case_id=case.id)
    text, xml = docx_text(path), docx_xml(path)
    for full, name in [(ID_A, "张三"), (ID_B, "李四")]:
        assert full not in text and full not in xml
        assert f"{name}（{mask_id(full)}）" in text
