"""模型 page: documentation, parameters, YAML and compiled SQL; a run over synthetic exports started from the
page, its leads recorded in the workflow and visible in the API, and the run history."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clueloop.engine.library import load_library
from clueloop.engine.runner import kinds_read
from clueloop.ingest.lake import Lake
from clueloop.ingest.service import ingest_file
from clueloop.synth.generate import SynthResult, generate
from clueloop.web.routes.models import doc_html

from .support import login, state_of, web_app

AS_OF = dt.date(2026, 6, 30)
MODEL = "correction-unapproved-travel"


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> SynthResult:
    return generate(tmp_path_factory.mktemp("exports"), seed=2, scale=0, as_of=AS_OF)


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory, exports: SynthResult) -> Path:
    """A lake holding the synthetic exports the model reads (and nothing else), loaded once."""
    lake = Lake(tmp_path_factory.mktemp("loaded"))
    needed = kinds_read(load_library().get(MODEL))
    for written in exports.files:
        if written.kind in needed:
            ingest_file(lake, exports.outdir / written.file, written.kind)
    return lake.root


@pytest.fixture
def web(tmp_path: Path, lake: Path) -> Iterator[TestClient]:
    home = tmp_path / "home"
    shutil.copytree(lake, home / "lake")  # the lake is plain files: each test gets its own copy
    with web_app(home) as client:
        yield client


def test_the_model_page_shows_doc_parameters_yaml_and_sql(web: TestClient) -> None:
    login(web, "audit")  # reading is for every staff role
    listing = web.get("/models")
    assert listing.status_code == 200 and MODEL in listing.text and "运行全部模型" not in listing.text
    page = web.get("/models/penalty-over-criminal-threshold")
    assert page.status_code == 200
    assert "以罚代刑" in page.text and "《行政执法机关移送涉嫌犯罪案件的规定》第三条" in page.text
    assert "<h2>发现什么</h2>" in page.text  # the Markdown doc, rendered
    assert 'name="param.window_days" value="365"' in page.text
    assert "违法行为类型: 非法经营" in page.text  # the table parameter, as YAML rows
    sql = page.text.split('id="sql">', 1)[1].split("</pre>", 1)[0]
    assert "SELECT" in sql and "&#34;admin_penalty&#34;" in sql
    assert "not_exists:" in page.text.split('id="yaml">', 1)[1]
    assert "运行此模型" not in page.text  # the auditor may not run
    assert web.get("/models/no-such-model").status_code == 404


def test_a_run_from_the_page_records_leads_seen_in_the_api(web: TestClient, exports: SynthResult) -> None:
    token = login(web, "wang")
    assert "运行此模型" in web.get(f"/models/{MODEL}").text
    r = web.post(
        f"/models/{MODEL}/run",
        data={"csrf_token": token, "as_of": AS_OF.isoformat()},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/models/jobs/")
    state_of(web).jobs.wait_idle()
    page = web.get(r.headers["location"])
    planted = len(exports.truth[MODEL])
    assert "已完成" in page.text and f"发现线索 {planted} 条，其中新线索 {planted} 条" in page.text

    found = web.get("/api/leads", params={"model": MODEL, "size": 100}).json()
    assert found["total"] == planted
    assert all("*" in (item["subject_id"] or "*") for item in found["items"])
    runs = web.get("/api/runs").json()
    assert runs[0]["recorded"] and runs[0]["new_leads"] == planted and runs[0]["models"][0]["id"] == MODEL
    history = web.get("/models").text
    assert runs[0]["id"] in history and "运行记录" in history

    again = web.post(
        f"/models/{MODEL}/run",
        data={"as_of": AS_OF.isoformat()},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert again.status_code == 200 and "<html" not in again.text and "hx-get" in again.text
    state_of(web).jobs.wait_idle()
    poll = again.text.split('hx-get="', 1)[1].split('"', 1)[0]
    done = web.get(poll, headers={"HX-Request": "true"}).text
    assert f"发现线索 {planted} 条，其中新线索 0 条" in done and f"无变化 {planted} 条" in done
    assert web.get("/api/leads", params={"model": MODEL}).json()["total"] == planted


def test_run_all_and_who_may_run(web: TestClient) -> None:
    token = login(web, "audit")
    assert web.post(f"/models/{MODEL}/run", data={"csrf_token": token}).status_code == 403
    assert web.post("/models/run-all", data={"csrf_token": token}).status_code == 403
    token = login(web, "admin")
    assert web.post("/models/run-all", data={"as_of": AS_OF.isoformat()}).status_code == 403  # no CSRF
    postal = "postal-sender-not-referred"
    bad = web.post(f"/models/{postal}/run", data={"csrf_token": token, "param.grace_days": "七天"})
    assert bad.status_code == 422 and "grace_days" in bad.text and "七天" in bad.text
    bad_day = web.post(f"/models/{MODEL}/run", data={"csrf_token": token, "as_of": "2026-13-01"})
    assert bad_day.status_code == 422 and "YYYY-MM-DD" in bad_day.text
    r = web.post("/models/run-all", data={"csrf_token": token, "as_of": AS_OF.isoformat()})
    assert r.status_code == 200  # followed to the job page
    state_of(web).jobs.wait_idle()
    job = web.get(str(r.url)).text
    assert "已完成" in job and f"全部 {len(load_library().models)} 个模型" in job


def test_a_models_doc_cannot_put_html_into_the_page() -> None:
    html = str(doc_html("## 标题\n\n<script>alert(1)</script>\n\n[点我](javascript:alert(1))"))
    assert "<h2>标题</h2>" in html and "<script>" not in html and 'href="javascript' not in html


def test_the_api_runs_models_in_the_background(web: TestClient, exports: SynthResult) -> None:
    token = login(web, "audit")
    assert web.post("/api/runs", json={}, headers={"X-CSRF-Token": token}).status_code == 403
    token = login(web, "head")
    headers = {"X-CSRF-Token": token}
    assert web.post("/api/runs", json={"models": [MODEL]}).status_code == 403  # no CSRF header
    assert web.post("/api/runs", json={"models": ["no-such"]}, headers=headers).status_code == 404
    bad = web.post(
        "/api/runs",
        json={
            "models": ["postal-sender-not-referred"],
            "parameters": {"postal-sender-not-referred": {"x": 1}},
        },
        headers=headers,
    )
    assert bad.status_code == 422 and "没有参数 x" in bad.json()["detail"]
    started = web.post("/api/runs", json={"models": [MODEL], "as_of": AS_OF.isoformat()}, headers=headers)
    assert started.status_code == 202 and started.json()["state"] in ("排队中", "进行中", "已完成")
    state_of(web).jobs.wait_idle()
    job = web.get(f"/api/jobs/{started.json()['id']}").json()
    planted = len(exports.truth[MODEL])
    assert job["state"] == "已完成" and job["result"]["leads"] == job["result"]["new"] == planted
    assert web.get("/api/jobs/nope").status_code == 404
