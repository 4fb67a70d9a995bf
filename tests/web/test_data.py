"""数据 page: uploads ingested in the background with progress, quality reports in Chinese, a failed import
that leaves the lake as it was, and who may upload — through the real app, real SQLite and a real lake."""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from clueloop.ingest.lake import Lake
from clueloop.web.uploads import safe_name
from tests.ingest.conftest import make_id, snapshot

from .support import login, state_of, web_app

HEADER = ["决定书编号", "执法单位", "被处罚人姓名", "公民身份号码", "案由", "罚款数额", "案值", "决定时间"]


def penalty_rows() -> list[list[str]]:
    good = make_id("330106", "19850312", "123")
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    return [
        HEADER,
        [
            "某市监罚〔2026〕1号",
            "某市市场监督管理局",
            "张三",
            good,
            "非法经营",
            "1,000",
            "6万元",
            "2026年3月5日",
        ],
        [
            "某市监罚〔2026〕2号",
            "某市市场监督管理局",
            "李四",
            bad_check,
            "非法经营",
            "2000",
            "",
            "2026/3/9",
        ],
        [
            "某市监罚〔2026〕3号",
            "某市市场监督管理局",
            "王五",
            "12345",
            "非法经营",
            "300",
            "",
            "20260310",
        ],
    ]


def gbk_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("gbk")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def web(home: Path) -> Iterator[TestClient]:
    with web_app(home) as client:
        yield client


def upload(web: TestClient, token: str, name: str, content: bytes, kind: str = "admin_penalty") -> str:
    """Upload a file the way the page's form does (no htmx) and return the job page it redirects to."""
    r = web.post(
        "/data/upload",
        data={"kind": kind, "csrf_token": token},
        files={"file": (name, content, "application/octet-stream")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    location = r.headers["location"]
    assert location.startswith("/data/jobs/")
    return location


def test_an_upload_is_ingested_in_the_background_and_reported_in_chinese(web: TestClient, home: Path) -> None:
    token = login(web, "admin")
    job_page = upload(web, token, "处罚 决定(西湖).csv", gbk_csv(penalty_rows()))
    state_of(web).jobs.wait_idle()
    page = web.get(job_page)
    assert page.status_code == 200
    assert "已完成" in page.text and "已导入 3 行" in page.text and "GB18030" in page.text
    assert "校验位错误 1（示例行 3）" in page.text and "长度不对 1（示例行 4）" in page.text
    assert 'hx-trigger="every 1s"' not in page.text  # finished: the page stops polling
    [batch] = Lake(home).batches("admin_penalty")
    assert batch.rows == 3 and batch.manifest["mapping"]["公民身份号码"] == "证件号码"
    saved = Path(batch.manifest["source_file"])
    assert saved.parent == home / "uploads" and saved.name.endswith("_处罚_决定(西湖).csv")

    listing = web.get("/data")
    assert "行政处罚决定" in listing.text and "最近的导入任务" in listing.text
    kind_page = web.get("/data/admin_penalty")
    assert batch.batch_id in kind_page.text and "处罚 决定" not in kind_page.text
    assert "公民身份号码 → 证件号码" in kind_page.text and "校验位错误" in kind_page.text

    again = upload(web, token, "副本.csv", gbk_csv(penalty_rows()))
    state_of(web).jobs.wait_idle()
    assert "已导入过" in web.get(again).text and batch.batch_id in web.get(again).text
    assert len(Lake(home).batches("admin_penalty")) == 1
    assert sorted(p.name for p in (home / "uploads").iterdir()) == [saved.name]  # the copy is not kept


def test_progress_is_polled_by_htmx_until_the_job_ends(web: TestClient) -> None:
    token = login(web, "admin")
    jobs = state_of(web).jobs
    release = threading.Event()
    jobs.submit("导入", "占用工作线程", "test", lambda job: {"waited": release.wait(30)})
    r = web.post(
        "/data/upload",
        data={"kind": "admin_penalty"},
        files={"file": ("p.csv", gbk_csv(penalty_rows()), "text/csv")},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert r.status_code == 200 and "<html" not in r.text
    assert 'hx-trigger="every 1s"' in r.text and "排队中" in r.text and 'role="progressbar"' in r.text
    poll = r.text.split('hx-get="', 1)[1].split('"', 1)[0]
    assert poll.startswith("/data/jobs/")
    assert "every 1s" in web.get(poll, headers={"HX-Request": "true"}).text
    release.set()
    jobs.wait_idle()
    done = web.get(poll, headers={"HX-Request": "true"})
    assert "<html" not in done.text and "every 1s" not in done.text and "已导入 3 行" in done.text


def test_a_corrupt_xlsx_fails_in_chinese_and_leaves_the_lake_unchanged(
    web: TestClient, home: Path, tmp_path: Path
) -> None:
    token = login(web, "admin")
    upload(web, token, "ok.csv", gbk_csv(penalty_rows()))
    state_of(web).jobs.wait_idle()
    before = snapshot(home)
    assert before
    good = tmp_path / "good.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in penalty_rows():
        sheet.append(row)
    book.save(good)
    broken = good.read_bytes()[: good.stat().st_size // 2]
    job_page = upload(web, token, "处罚（损坏）.xlsx", broken)
    state_of(web).jobs.wait_idle()
    page = web.get(job_page).text
    assert "失败" in page and "导入失败" in page and "文件 处罚（损坏）.xlsx" in page
    assert "数据湖未改变" in page
    assert snapshot(home) == before
    assert len(list((home / "uploads").iterdir())) == 1  # only the good file's copy


def test_only_data_officers_and_heads_may_upload(web: TestClient) -> None:
    token = login(web, "wang")
    assert "上传并导入" not in web.get("/data").text
    refused = web.post(
        "/data/upload",
        data={"kind": "admin_penalty", "csrf_token": token},
        files={"file": ("p.csv", gbk_csv(penalty_rows()), "text/csv")},
    )
    assert refused.status_code == 403 and "数据管理员" in refused.text and "无权访问" in refused.text
    login(web, "liaison")
    assert web.get("/data").status_code == 403
    token = login(web, "head")
    assert "上传并导入" in web.get("/data").text
    no_csrf = web.post(
        "/data/upload", data={"kind": "admin_penalty"}, files={"file": ("p.csv", b"x", "text/csv")}
    )
    assert no_csrf.status_code == 403
    wrong_format = web.post(
        "/data/upload",
        data={"kind": "admin_penalty", "csrf_token": token},
        files={"file": ("p.docx", b"x", "application/octet-stream")},
    )
    assert wrong_format.status_code == 422 and "不支持的文件格式" in wrong_format.text
    unknown_kind = web.post(
        "/data/upload",
        data={"kind": "no_such_kind", "csrf_token": token},
        files={"file": ("p.csv", b"x", "text/csv")},
    )
    assert unknown_kind.status_code == 422
    assert web.get("/data/no_such_kind").status_code == 404
    assert web.get("/data/jobs/nope").status_code == 404


def test_safe_names_keep_chinese_and_drop_folders() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\导出\\处罚 决定.CSV") == "处罚_决定.CSV"
    assert safe_name("...") == "upload"
    assert len(safe_name("长" * 300 + ".xlsx")) <= 126
