"""The JSON API: the session cookie, the CSRF header on POST, masking, filters, optimistic locking and the
liaison's scope — through the real app on real SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from clueloop.workflow import leads, recommendations, transfers
from clueloop.workflow.calendar_store import work_calendar
from clueloop.workflow.orm import Lead
from tests.workflow.conftest import make_lead, make_run

from .support import ORGAN, OTHER_ORGAN, login, state_of, web_app

IDS = ["110101199001011234", "11010119900101567X", "320102198505051239", "320102198505051247"]


@dataclass
class Api:
    client: TestClient
    home: Path
    lead: dict[str, int]  # ID number → lead id
    mine: int  # transfer to the liaison's organ
    theirs: int  # transfer to another organ
    rec_mine: int
    rec_theirs: int


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    home = tmp_path / "home"
    with web_app(home) as client:
        state = state_of(client)
        with state.workflow.transaction() as s:
            found = [make_lead("postal", [i], title=f"寄递违规人员 {i} 未移送") for i in IDS]
            found.append(make_lead("school", [IDS[0], IDS[1]], title="失信被执行人子女就读高收费民办学校"))
            leads.record_run(s, make_run("r1"), found, "系统")
            ids = {
                i: s.scalars(select(Lead.id).where(Lead.key_text == leads.key_text([i]))).one() for i in IDS
            }
            calendar = work_calendar(s)
            sent = []
            for key, organ in [(IDS[2], ORGAN), (IDS[3], OTHER_ORGAN)]:
                leads.move(s, ids[key], "研判中", "wang")
                leads.move(s, ids[key], "成案", "wang")
                t = transfers.create(
                    s,
                    state.policy,
                    calendar,
                    "wang",
                    target=organ,
                    standard="标准",
                    internal=False,
                    lead_id=ids[key],
                )
                r = recommendations.draft(
                    s, "wang", addressee=organ, facts=f"{key} 未移送", measures=["依法移送"]
                )
                s.flush()
                recommendations.move(s, state.policy, calendar, r.id, "已发出", "wang")
                sent.append((t.id, r.id))
        yield Api(client, home, ids, sent[0][0], sent[1][0], sent[0][1], sent[1][1])


def test_without_a_session_the_api_answers_401_in_json(api: Api) -> None:
    r = api.client.get("/api/leads")
    assert r.status_code == 401 and r.json() == {"detail": "未登录或会话已失效"}
    assert api.client.post("/api/leads/1/move", json={"target": "研判中", "version": 1}).status_code == 401


def test_leads_are_filtered_paged_and_masked(api: Api) -> None:
    login(api.client, "wang")
    web = api.client
    everything = web.get("/api/leads").json()
    assert everything["total"] == 5 and len(everything["items"]) == 5
    assert IDS[0] not in web.get("/api/leads").text
    assert {i["subject_id"] for i in everything["items"]} >= {"110101********1234"}
    assert web.get("/api/leads", params={"model": "school"}).json()["total"] == 1
    assert web.get("/api/leads", params={"state": "成案"}).json()["total"] == 2
    assert web.get("/api/leads", params={"text": "民办学校"}).json()["total"] == 1
    assert web.get("/api/leads", params={"owner": "nobody"}).json()["total"] == 0
    assert web.get("/api/leads", params={"flag": "review"}).json()["total"] == 0
    page2 = web.get("/api/leads", params={"size": 2, "page": 2}).json()
    assert page2["total"] == 5 and page2["page"] == 2 and len(page2["items"]) == 2
    assert web.get("/api/leads", params={"size": 1000}).status_code == 422

    detail = web.get(f"/api/leads/{api.lead[IDS[0]]}").json()
    assert (
        detail["key"] == ["110101********1234"]
        and detail["evidence"][0]["values"]["证件号码"].count("*") == 8
    )
    assert detail["evidence"][0]["source_file"] == "矫正.xlsx"
    assert web.get("/api/leads/999999").status_code == 404


def test_moves_need_the_csrf_header_and_the_current_version(api: Api) -> None:
    token = login(api.client, "wang")
    web = api.client
    target = api.lead[IDS[0]]
    body = {"target": "研判中", "version": 1}
    assert web.post(f"/api/leads/{target}/move", json=body).status_code == 403  # no header
    assert (
        web.post(f"/api/leads/{target}/move", json=body, headers={"X-CSRF-Token": "forged"}).status_code
        == 403
    )
    moved = web.post(f"/api/leads/{target}/move", json=body, headers={"X-CSRF-Token": token})
    assert moved.status_code == 200 and moved.json()["state"] == "研判中" and moved.json()["version"] == 2
    stale = web.post(
        f"/api/leads/{target}/move",
        json={"target": "不成案", "version": 1, "reason": "重复"},
        headers={"X-CSRF-Token": token},
    )
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]
    illegal = web.post(
        f"/api/leads/{target}/move", json={"target": "研判中", "version": 2}, headers={"X-CSRF-Token": token}
    )
    assert illegal.status_code == 422 and "不能从" in illegal.json()["detail"]
    token = login(web, "admin")
    refused = web.post(
        f"/api/leads/{target}/move", json={"target": "待研判", "version": 2}, headers={"X-CSRF-Token": token}
    )
    assert refused.status_code == 403


def test_the_liaison_sees_and_answers_only_what_was_sent_to_their_organ(api: Api) -> None:
    token = login(api.client, "liaison")
    web = api.client
    assert [t["id"] for t in web.get("/api/transfers").json()] == [api.mine]
    assert web.get(f"/api/transfers/{api.mine}").json()["target"] == ORGAN
    assert web.get(f"/api/transfers/{api.theirs}").status_code == 404
    assert [r["id"] for r in web.get("/api/recommendations").json()] == [api.rec_mine]
    assert web.get(f"/api/recommendations/{api.rec_theirs}").status_code == 404
    sent_lead = api.lead[IDS[2]]
    assert [i["id"] for i in web.get("/api/leads").json()["items"]] == [sent_lead]
    assert web.get(f"/api/leads/{sent_lead}").status_code == 200
    assert web.get(f"/api/leads/{api.lead[IDS[3]]}").status_code == 404
    for path in ("/api/stats", "/api/datasets", "/api/models", "/api/runs"):
        assert web.get(path).status_code == 403, path
    assert {(d["entity"], d["entity_id"]) for d in web.get("/api/due").json()} <= {("transfer", api.mine)}

    headers = {"X-CSRF-Token": token}
    other = web.post(
        f"/api/transfers/{api.theirs}/move", json={"target": "已接收", "version": 1}, headers=headers
    )
    assert other.status_code == 404
    close = web.post(
        f"/api/transfers/{api.mine}/move", json={"target": "已办结", "version": 1}, headers=headers
    )
    assert close.status_code == 403
    answer = web.post(
        f"/api/transfers/{api.mine}/move",
        json={"target": "已反馈", "text": "已立案侦查", "on": "2026-12-01", "version": 1},
        headers=headers,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["state"] == "已反馈" and answer.json()["feedback_on"] == "2026-12-01"
    # 已反馈 → 已接收 is 要求补充反馈: the prosecutor's move, not the liaison's
    again = web.post(
        f"/api/transfers/{api.mine}/move", json={"target": "已接收", "version": 2}, headers=headers
    )
    assert again.status_code == 403


def test_staff_see_the_lake_models_runs_stats_and_deadlines(api: Api) -> None:
    login(api.client, "audit")
    web = api.client
    datasets = web.get("/api/datasets").json()
    assert len(datasets) == 20 and {d["kind"] for d in datasets} >= {"admin_penalty", "school_fee"}
    assert all(d["rows"] == 0 and d["batches"] == [] for d in datasets)
    models = {m["id"]: m for m in web.get("/api/models").json()}
    postal = models["postal-sender-not-referred"]
    assert postal["parameters"]["grace_days"]["default"] == 30 and "postal_violation" in postal["kinds"]
    assert web.get("/api/runs").json() == []
    stats = web.get("/api/stats").json()
    assert stats["totals"]["leads"] == 5
    assert isinstance(web.get("/api/due").json(), list)
    assert len(web.get("/api/transfers").json()) == 2


def test_an_upload_through_the_api_is_a_job_to_poll(api: Api) -> None:
    token = login(api.client, "wang")
    web = api.client
    content = (
        "记录编号,寄件人身份证号,禁寄物品,查获时间,行政处罚决定书文号\nJD-1,12345,打火机,2026-05-01,罚1\n"
    )
    files = {"file": ("寄递.csv", content.encode("gbk"), "text/csv")}
    upload = "/api/datasets/postal_violation/upload"
    assert web.post(upload, files=files, headers={"X-CSRF-Token": token}).status_code == 403  # a prosecutor
    token = login(web, "admin")
    assert web.post(upload, files=files).status_code == 403  # no CSRF header
    started = web.post(upload, files=files, headers={"X-CSRF-Token": token})
    assert started.status_code == 202, started.text
    state_of(web).jobs.wait_idle()
    job = web.get(f"/api/jobs/{started.json()['id']}").json()
    assert job["state"] == "已完成" and job["result"]["rows"] == 1 and "traceback" not in job["result"]
    postal = next(d for d in web.get("/api/datasets").json() if d["kind"] == "postal_violation")
    assert postal["rows"] == 1 and postal["invalid"] == 1 and postal["batches"][0]["invalid"] == 1
    junk = web.post(
        upload,
        files={"file": ("坏.xlsx", b"PK junk", "application/octet-stream")},
        headers={"X-CSRF-Token": token},
    )
    state_of(web).jobs.wait_idle()
    failed = web.get(f"/api/jobs/{junk.json()['id']}").json()
    assert failed["state"] == "失败" and "文件 坏.xlsx" in failed["message"] and failed["result"] == {}


def test_the_openapi_document_lists_the_api(api: Api) -> None:
    paths = api.client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/leads",
        "/api/leads/{lead_id}",
        "/api/leads/{lead_id}/move",
        "/api/transfers",
        "/api/transfers/{transfer_id}",
        "/api/transfers/{transfer_id}/move",
        "/api/recommendations",
        "/api/recommendations/{rec_id}",
        "/api/datasets",
        "/api/models",
        "/api/runs",
        "/api/stats",
        "/api/due",
        "/api/jobs/{job_id}",
        "/api/datasets/{kind}/upload",
    ):
        assert path in paths, path
    assert "post" in paths["/api/leads/{lead_id}/move"] and "post" in paths["/api/runs"]
    schemas = api.client.get("/api/openapi.json").json()["components"]["schemas"]
    assert "LeadDetail" in schemas and "password_hash" not in str(schemas)
