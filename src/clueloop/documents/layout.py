"""The page and type of a Chinese official document in the spirit of GB/T 9704-2012 (党政机关公文格式), as a
procuratorate's 检察建议书 and 线索移送函 use it: A4 with the standard margins and 22 lines to the page,
仿宋 三号 body text with a two-character first-line indent, 小标宋 二号 titles, the signature block on the
right, a 版记 (抄送) between two rules, and "— 1 —" page numbers.

Chinese text takes its font from ``w:eastAsia`` on each run; python-docx only sets the Latin names, so every
run here sets it explicitly.
"""

from __future__ import annotations

import datetime
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Length, Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from clueloop.documents.dates import chinese_date_upper

FANGSONG = "仿宋"  # body text
XIAOBIAOSONG = "方正小标宋简体"  # organ name and title
HEITI = "黑体"  # first-level headings (一、)
SONGTI = "宋体"  # page numbers
LATIN = "Times New Roman"  # digits and Latin letters

SIZE_2 = Pt(22)  # 二号: title
SIZE_XIAO_2 = Pt(18)  # 小二: organ name above the title
SIZE_3 = Pt(16)  # 三号: body
SIZE_4 = Pt(14)  # 四号: 版记, tables, page numbers

_LINE = Pt(28.95)  # fixed line pitch that gives 22 lines on the 225 mm type area
_TWO_CHARS, _FOUR_CHARS = Pt(32), Pt(64)  # indents count 三号 characters
_TEXT_WIDTH = Mm(210 - 28 - 26)


def new_document() -> DocxDocument:
    """An empty A4 document with the GB/T 9704 margins, 仿宋 三号 as the Normal style and page numbers."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = _LINE
    fmt.space_before = fmt.space_after = Pt(0)
    _page_numbers(section)
    return document


def add_run(
    paragraph: Paragraph, text: str, *, font: str = FANGSONG, size: Length = SIZE_3, bold: bool = False
) -> Run:
    run = paragraph.add_run(text)
    run.font.name = LATIN
    run.font.size = size
    if bold:
        run.font.bold = True
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _paragraph(
    document: DocxDocument,
    text: str,
    *,
    align: WD_ALIGN_PARAGRAPH,
    font: str = FANGSONG,
    size: Length = SIZE_3,
    bold: bool = False,
    first_line_indent: Length | None = None,
    right_indent: Length | None = None,
) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    if first_line_indent is not None:
        paragraph.paragraph_format.first_line_indent = first_line_indent
    if right_indent is not None:
        paragraph.paragraph_format.right_indent = right_indent
    if text:
        add_run(paragraph, text, font=font, size=size, bold=bold)
    return paragraph


def heading_block(document: DocxDocument, organ: str, title: str, number: str) -> None:
    """The organ's name, the document's title and its number (发文字号), then an empty line."""
    _paragraph(document, organ, align=WD_ALIGN_PARAGRAPH.CENTER, font=XIAOBIAOSONG, size=SIZE_XIAO_2)
    title_paragraph = _paragraph(
        document, title, align=WD_ALIGN_PARAGRAPH.CENTER, font=XIAOBIAOSONG, size=SIZE_2, bold=True
    )
    # The fixed 22-line pitch would clip 二号 glyphs; the title sets its own.
    title_paragraph.paragraph_format.line_spacing = Pt(36)
    _paragraph(document, number, align=WD_ALIGN_PARAGRAPH.RIGHT)
    blank(document)


def addressee(document: DocxDocument, name: str) -> Paragraph:
    """The 主送机关 line, flush left and ending with a full-width colon."""
    return _paragraph(document, f"{name.rstrip('：:')}：", align=WD_ALIGN_PARAGRAPH.LEFT)


def body(document: DocxDocument, text: str) -> Paragraph:
    """A body paragraph: justified, first line indented by two characters."""
    return _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_indent=_TWO_CHARS)


def heading(document: DocxDocument, text: str) -> Paragraph:
    """A first-level heading inside the body (一、…), in 黑体."""
    return _paragraph(
        document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, font=HEITI, first_line_indent=_TWO_CHARS
    )


def blank(document: DocxDocument) -> Paragraph:
    return _paragraph(document, "", align=WD_ALIGN_PARAGRAPH.LEFT)


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of a multi-paragraph text, stripped (a line break starts a new paragraph)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def signature(document: DocxDocument, organ: str, issued_on: datetime.date, contact: str = "") -> None:
    """The 发文机关署名, the 成文日期 in 〇-style figures and the place of the seal, right-aligned four
    characters in from the margin, with room above for the seal; then the contact as a 附注."""
    blank(document)
    blank(document)
    for text in (organ, chinese_date_upper(issued_on), "（院印）"):
        _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=_FOUR_CHARS)
    if contact:
        blank(document)
        body(document, f"（联系人及电话：{contact}）")


def copies_line(document: DocxDocument, copies: Iterable[str]) -> Paragraph:
    """The 版记's 抄送 line: 四号, one character in from each side, between two rules."""
    paragraph = document.add_paragraph()
    borders = OxmlElement("w:pBdr")
    for side in ("top", "bottom"):
        rule = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "6"), ("space", "4"), ("color", "000000")):
            rule.set(qn(f"w:{key}"), value)
        borders.append(rule)
    # First into the empty w:pPr: the schema puts w:pBdr before w:spacing, w:ind and w:jc, which python-docx
    # then inserts in their places.
    paragraph._p.get_or_add_pPr().append(borders)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = SIZE_4
    add_run(paragraph, "抄送：" + "，".join(copies) + "。", size=SIZE_4)
    return paragraph


def numbered_table(document: DocxDocument, heading_text: str, lines: list[str]) -> None:
    """A two-column table 序号 | {heading_text}, one row a line, 四号, with a bold header row."""
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Mm(20), _TEXT_WIDTH - Mm(20))
    rows = [("序号", heading_text)] + [(str(i), line) for i, line in enumerate(lines, start=1)]
    for index, (number, text) in enumerate(rows):
        cells = table.rows[0].cells if index == 0 else table.add_row().cells
        for column, (cell, value, width) in enumerate(zip(cells, (number, text), widths, strict=True)):
            cell.width = width
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            if column == 0 or index == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_run(paragraph, value, font=HEITI if index == 0 else FANGSONG, size=SIZE_4, bold=index == 0)


def start(organ: str, title: str, number: str, addressee_name: str) -> DocxDocument:
    """A new document down to its addressee line: organ, title, number, 主送机关."""
    document = new_document()
    heading_block(document, organ, title, number)
    addressee(document, addressee_name)
    return document


def finish(
    document: DocxDocument,
    path: Path,
    *,
    title: str,
    number: str,
    organ: str,
    subject: str,
    issued_on: datetime.date,
) -> Path:
    """Set the core properties (nothing left from python-docx's template) and save atomically at ``path``."""
    props = document.core_properties
    props.title = f"{title}（{number}）"
    props.author = props.last_modified_by = organ
    props.subject = subject
    props.identifier = number
    props.category = "检察文书"
    props.language = "zh-CN"
    props.comments = props.keywords = ""
    props.revision = 1
    props.created = props.modified = datetime.datetime.combine(issued_on, datetime.time())
    return save_atomically(document, path)


def save_atomically(document: DocxDocument, path: Path) -> Path:
    """Write to a temporary file in the target folder, then rename over ``path``: a reader never sees half a
    document. The folder is created when missing."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            document.save(handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _page_numbers(section: Section) -> None:
    """Page numbers "— 1 —" centred in the footer, the number a PAGE field that Word fills in."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(paragraph, "— ", font=SONGTI, size=SIZE_4)
    _field_char(paragraph, "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = " PAGE "
    add_run(paragraph, "", font=SONGTI, size=SIZE_4).element.append(code)
    _field_char(paragraph, "separate")
    add_run(paragraph, "1", font=SONGTI, size=SIZE_4)
    _field_char(paragraph, "end")
    add_run(paragraph, " —", font=SONGTI, size=SIZE_4)


def _field_char(paragraph: Paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    add_run(paragraph, "", font=SONGTI, size=SIZE_4).element.append(char)


def require_text(document_kind: str, **fields: str) -> None:
    """Refuse a document with an empty required field rather than print a blank where the law wants words."""
    empty = [name for name, value in fields.items() if not value.strip()]
    if empty:
        raise ValueError(f"{document_kind}: empty {', '.join(empty)}")
