"""The generated documents, read back with python-docx: their structure, wording, fonts and properties."""

from __future__ import annotations

import dataclasses
import datetime
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt

from clueloop.documents import (
    RecommendationDoc,
    TransferLetterDoc,
    chinese_date,
    chinese_date_upper,
    chinese_number,
    write_recommendation,
    write_transfer_letter,
)

PROCURATORATE = "某某市某某区人民检察院"

RECOMMENDATION = RecommendationDoc(
    procuratorate=PROCURATORATE,
    number="某检行公建〔2026〕3号",
    addressee="某某区市场监督管理局",
    facts="辖区内某食品经营者未取得食品经营许可从事经营活动。\n该经营者销售的散装食品未标明生产日期。",
    problems="你单位对上述违法行为未依法履行监督管理职责，社会公共利益持续处于受侵害状态。",
    legal_basis=[
        "《中华人民共和国人民检察院组织法》第二十一条",
        "《中华人民共和国行政诉讼法》第二十五条第四款",
    ],
    measures=["依法对该经营者的违法行为进行查处", "加强辖区食品经营活动的日常监管；"],
    reply_days_text="两个月",
    issued_on=datetime.date(2026, 11, 27),
)

TRANSFER = TransferLetterDoc(
    procuratorate=PROCURATORATE,
    number="某检移〔2026〕12号",
    addressee="某某区公安分局",
    lead_title="死亡人员继续领取养老金",
    subject="张*（身份证号 1101**********1234）",
    facts="比对发现该人员于2025年3月死亡。\n其后仍领取养老金共计12期。",
    evidence=["死亡登记数据，deaths.xlsx，第12行", "养老金发放数据，pension.csv，第3456行"],
    standard="《人民检察院刑事诉讼规则》第一百七十五条",
    deadline=datetime.date(2026, 12, 27),
    issued_on=datetime.date(2026, 11, 27),
    contact="王检察官 010-12345678",
)


def texts(document: DocxDocument) -> list[str]:
    return [p.text for p in document.paragraphs]


def east_asian_font(element: BaseOxmlElement) -> str | None:
    """The w:eastAsia font of a run's or a style's properties, None when unset."""
    fonts = element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def write_and_open_recommendation(doc: RecommendationDoc, tmp_path: Path) -> DocxDocument:
    return docx.Document(str(write_recommendation(doc, tmp_path / "out" / "建议书.docx")))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 11, 27), "二〇二六年十一月二十七日"),
        (datetime.date(2026, 10, 10), "二〇二六年十月十日"),
        (datetime.date(2027, 1, 31), "二〇二七年一月三十一日"),
        (datetime.date(2026, 5, 20), "二〇二六年五月二十日"),
        (datetime.date(2030, 12, 1), "二〇三〇年十二月一日"),
    ],
)
def test_chinese_date_upper(day: datetime.date, expected: str) -> None:
    assert chinese_date_upper(day) == expected


def test_chinese_date_and_numbers() -> None:
    assert chinese_date(datetime.date(2026, 11, 27)) == "2026年11月27日"
    assert chinese_date(datetime.date(2027, 1, 5)) == "2027年1月5日"
    assert [chinese_number(n) for n in (1, 9, 10, 11, 19, 20, 21, 99)] == [
        "一",
        "九",
        "十",
        "十一",
        "十九",
        "二十",
        "二十一",
        "九十九",
    ]
    with pytest.raises(ValueError):
        chinese_number(0)


def test_recommendation_structure(tmp_path: Path) -> None:
    path = write_recommendation(RECOMMENDATION, tmp_path / "a" / "b" / "建议书.docx")
    assert path == tmp_path / "a" / "b" / "建议书.docx"
    assert path.is_file()
    assert [p.name for p in path.parent.iterdir()] == ["建议书.docx"]  # no temporary file left behind
    document = docx.Document(str(path))
    lines = texts(document)
    assert lines[:3] == [PROCURATORATE, "检察建议书", "某检行公建〔2026〕3号"]
    paragraphs = document.paragraphs
    assert paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert paragraphs[1].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert paragraphs[1].runs[0].font.bold
    assert paragraphs[1].runs[0].font.size == Pt(22)
    assert "某某区市场监督管理局：" in lines
    addressee_at = lines.index("某某区市场监督管理局：")
    opening = "本院在履行职责中发现，辖区内某食品经营者未取得食品经营许可从事经营活动。"
    assert lines[addressee_at + 1] == opening
    assert lines[addressee_at + 2] == "该经营者销售的散装食品未标明生产日期。"
    assert lines[addressee_at + 3].startswith("你单位对上述违法行为未依法履行")
    assert (
        "根据《中华人民共和国人民检察院组织法》第二十一条、《中华人民共和国行政诉讼法》第二十五条第四款之规定，"
        "现提出如下检察建议：" in lines
    )
    basis_at = next(i for i, line in enumerate(lines) if line.startswith("根据"))
    assert lines[basis_at + 1] == "一、依法对该经营者的违法行为进行查处。"
    assert lines[basis_at + 2] == "二、加强辖区食品经营活动的日常监管；"
    assert lines[basis_at + 3] == "请你单位自收到本检察建议书之日起两个月内将办理情况书面回复本院。"
    assert not any(line.startswith("抄送") for line in lines)
    assert not any("联系人" in line for line in lines)


def test_recommendation_signature_block(tmp_path: Path) -> None:
    document = write_and_open_recommendation(RECOMMENDATION, tmp_path)
    signed = [p for p in document.paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.RIGHT]
    assert [p.text for p in signed] == [
        "某检行公建〔2026〕3号",
        PROCURATORATE,
        "二〇二六年十一月二十七日",
        "（院印）",
    ]
    assert texts(document)[-1] == "（院印）"


def test_urgent_recommendation_with_copies_and_contact(tmp_path: Path) -> None:
    urgent = dataclasses.replace(
        RECOMMENDATION,
        urgent=True,
        reply_days_text="十五日",
        copies_to=["区委政法委", "区人民政府"],
        contact="李检察官 010-87654321",
    )
    lines = texts(write_and_open_recommendation(urgent, tmp_path))
    assert "鉴于情况紧急，请你单位自收到本检察建议书之日起十五日内将办理情况书面回复本院。" in lines
    assert not any("两个月" in line for line in lines)
    assert lines[-1] == "抄送：区委政法委，区人民政府。"
    assert "（联系人及电话：李检察官 010-87654321）" in lines


def test_body_runs_carry_east_asian_font(tmp_path: Path) -> None:
    document = write_and_open_recommendation(RECOMMENDATION, tmp_path)
    by_text = {p.text: p for p in document.paragraphs}
    body = by_text["一、依法对该经营者的违法行为进行查处。"]
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert body.runs
    for run in body.runs:
        assert east_asian_font(run.element) == "仿宋"
        assert run.font.size == Pt(16)
    assert east_asian_font(document.paragraphs[1].runs[0].element) == "方正小标宋简体"
    assert east_asian_font(document.styles["Normal"].element) == "仿宋"


def test_core_properties_and_page(tmp_path: Path) -> None:
    document = write_and_open_recommendation(RECOMMENDATION, tmp_path)
    props = document.core_properties
    assert props.title == "检察建议书（某检行公建〔2026〕3号）"
    assert props.author == PROCURATORATE
    assert props.subject == "诉前检察建议"
    assert props.created is not None
    assert props.created.date() == datetime.date(2026, 11, 27)
    assert "python-docx" not in (props.comments or "")
    section = document.sections[0]
    assert round(section.top_margin.mm) == 37  # type: ignore[union-attr]
    assert round(section.left_margin.mm) == 28  # type: ignore[union-attr]
    assert "PAGE" in section.footer.paragraphs[0]._p.xml


def test_overwrites_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "建议书.docx"
    target.write_bytes(b"old")
    write_recommendation(RECOMMENDATION, target)
    assert texts(docx.Document(str(target)))[1] == "检察建议书"


@pytest.mark.parametrize(
    "change",
    [{"measures": []}, {"legal_basis": ["  "]}, {"addressee": ""}, {"facts": "\n"}],
)
def test_recommendation_refuses_missing_content(change: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        dataclasses.replace(RECOMMENDATION, **change)  # type: ignore[arg-type]


def test_transfer_letter(tmp_path: Path) -> None:
    path = write_transfer_letter(TRANSFER, tmp_path / "移送函.docx")
    document = docx.Document(str(path))
    lines = texts(document)
    assert lines[:3] == [PROCURATORATE, "线索移送函", "某检移〔2026〕12号"]
    assert "某某区公安分局：" in lines
    assert (
        "本院在开展法律监督工作中发现以下线索，现依据《人民检察院刑事诉讼规则》第一百七十五条移送你单位，"
        "请依法处理，并于2026年12月27日前将处理结果书面反馈本院。" in lines
    )
    summary_at = lines.index("一、线索概要")
    assert lines[summary_at + 1 : summary_at + 5] == [
        "线索名称：死亡人员继续领取养老金",
        "涉及对象：张*（身份证号 1101**********1234）",
        "基本事实：比对发现该人员于2025年3月死亡。",
        "其后仍领取养老金共计12期。",
    ]
    assert lines[summary_at + 5] == "二、证据材料清单"
    assert len(document.tables) == 1
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows == [
        ["序号", "材料"],
        ["1", "死亡登记数据，deaths.xlsx，第12行"],
        ["2", "养老金发放数据，pension.csv，第3456行"],
    ]
    assert lines[-4:] == [
        "二〇二六年十一月二十七日",
        "（院印）",
        "",
        "（联系人及电话：王检察官 010-12345678）",
    ]
    assert document.core_properties.title == "线索移送函（某检移〔2026〕12号）"
    assert document.core_properties.author == PROCURATORATE


def test_transfer_letter_without_evidence(tmp_path: Path) -> None:
    bare = dataclasses.replace(TRANSFER, evidence=[], contact="")
    document = docx.Document(str(write_transfer_letter(bare, tmp_path / "移送函.docx")))
    assert document.tables == []
    assert "未附证据材料。" in texts(document)
    assert texts(document)[-1] == "（院印）"


def test_transfer_letter_refuses_deadline_before_issue() -> None:
    with pytest.raises(ValueError, match="deadline"):
        dataclasses.replace(TRANSFER, deadline=datetime.date(2026, 11, 26))


def test_imports_nothing_else_from_clueloop() -> None:
    # The workflow layer calls this package with plain data; it must not reach back into clueloop.
    code = (
        "import sys, clueloop.documents\n"
        "print(sorted(m for m in sys.modules if m.startswith('clueloop.') "
        "and not m.startswith('clueloop.documents')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
