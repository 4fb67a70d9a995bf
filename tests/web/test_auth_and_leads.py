"""Sign-in, server-side sessions, CSRF, masking and the 线索 pages, through the real app on real SQLite."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from clueloop.cli import app as cli
from clueloop.security.users import add_user
from clueloop.web.app import create_app
from clueloop.workflow import leads
from clueloop.workflow.orm import Lead
from tests.workflow.conftest import make_lead, make_run

IDS = ["110101199001011234", "11010119900101567X", "320102198505051239"]
PASSWORD = "secret-123"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def web(home: Path) -> Iterator[TestClient]:
    application = create_app(home)
    workflow = application.state.clueloop.workflow
    with workflow.transaction() as s:
        for name, role, organ in [
            ("wang", "检察官", ""),
            ("li", "检察官", ""),
            ("liaison", "外部单位联络员", "某某区公安分局"),
            ("audit", "审计员", ""),
        ]:
            add_user(s, name, PASSWORD, role, "test", organ=organ, display_name=name)
        found = [make_lead("postal", [i], title=f"寄递违规人员 {i} 未移送") for i in IDS]
        found.append(make_lead("school", [IDS[0], IDS[1]], title="失信被执行人子女就读高收费民办学校"))
        leads.record_run(s, make_run("r1"), found, "系统")
    with TestClient(application) as client:
        yield client


def login(client: TestClient, user: str, password: str = PASSWORD) -> str:
    r = client.post(
        "/login", data={"username": user, "password": password, "next": "/leads"}, follow_redirects=False
    )
    assert r.status_code == 303, r.text
    return csrf(client)


def csrf(client: TestClient) -> str:
    page = client.get("/leads")
    found = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def lead_id(web: TestClient, key: str) -> int:
    with web.app.state.clueloop.workflow.transaction() as s:  # type: ignore[attr-defined]
        return int(s.scalars(select(Lead.id).where(Lead.key_text == leads.key_text([key]))).one())


def test_pages_need_a_login_and_a_wrong_password_is_refused(web: TestClient) -> None:
    r = web.get("/leads", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert web.get("/api/leads").status_code in (401, 404)  # the API answers 401 once it exists
    r = web.post("/login", data={"username": "wang", "password": "wrong-pass"}, follow_redirects=False)
    assert r.status_code == 401 and "用户名或密码错误" in r.text
    r = web.post(
        "/login",
        data={"username": "wang", "password": PASSWORD, "next": "//evil.example"},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/"  # no open redirect
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_the_list_masks_ids_filters_and_serves_the_htmx_fragment(web: TestClient) -> None:
    login(web, "wang")
    page = web.get("/leads")
    assert page.status_code == 200 and "共 4 条" in page.text
    assert IDS[0] not in page.text and "110101********1234" in page.text
    school = web.get("/leads", params={"model": "school"})
    assert "共 1 条" in school.text and "寄递违规人员" not in school.text
    fragment = web.get(
        "/leads", params={"text": "寄递"}, headers={"HX-Request": "true", "HX-Target": "lead-table"}
    )
    assert "<html" not in fragment.text and fragment.text.count('name="ids"') == 3


def test_moves_need_csrf_and_the_current_version(web: TestClient) -> None:
    token = login(web, "wang")
    target = lead_id(web, IDS[0])
    assert web.post(f"/leads/{target}/move", data={"target": "研判中", "version": 1}).status_code == 403
    ok = web.post(
        f"/leads/{target}/move",
        data={"target": "研判中", "version": 1, "csrf_token": token},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    stale = web.post(
        f"/leads/{target}/move",
        data={"target": "不成案", "version": 1, "reason": "重复", "csrf_token": token},
    )
    assert stale.status_code == 409 and "已被他人修改" in stale.text
    illegal = web.post(f"/leads/{target}/move", data={"target": "已合并", "version": 2, "csrf_token": token})
    assert illegal.status_code == 422
    page = web.get(f"/leads/{target}")
    assert "研判中" in page.text and "第 2 版" in page.text and "开始研判" in page.text  # timeline


def test_bulk_triage_is_all_or_nothing(web: TestClient) -> None:
    token = login(web, "wang")
    a, b = lead_id(web, IDS[1]), lead_id(web, IDS[2])
    with web.app.state.clueloop.workflow.transaction() as s:  # type: ignore[attr-defined]
        leads.move(s, b, "研判中", "li")
        leads.move(s, b, "成案", "li")  # 成案 cannot go back to 研判中: the whole batch is refused
    refused = web.post("/leads/bulk", data={"target": "研判中", "ids": [a, b], "csrf_token": token})
    assert refused.status_code == 422
    with web.app.state.clueloop.workflow.transaction() as s:  # type: ignore[attr-defined]
        lead = s.get(Lead, a)
        assert lead is not None and lead.state == "待研判"
    done = web.post(
        "/leads/bulk", data={"target": "研判中", "ids": [a], "csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303


def test_unmasking_is_for_prosecutors_and_is_recorded(web: TestClient, home: Path) -> None:
    login(web, "wang")
    target = lead_id(web, IDS[0])
    assert IDS[0] not in web.get(f"/leads/{target}").text
    assert IDS[0] in web.get(f"/leads/{target}", params={"full": 1}).text
    log = [
        json.loads(line) for line in (home / "logs" / "access.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert {"action": "web:lead", "user": "wang", "lead": target, "unmasked": True}.items() <= log[-1].items()
    web.cookies.clear()
    login(web, "audit")
    assert IDS[0] not in web.get(f"/leads/{target}", params={"full": 1}).text  # the auditor never unmasks


def test_the_liaison_sees_no_lead_that_was_not_sent_to_their_organ(web: TestClient) -> None:
    login(web, "liaison")
    target = lead_id(web, IDS[0])
    assert web.get(f"/leads/{target}").status_code == 404
    assert "共 0 条" in web.get("/leads").text


def test_logout_and_disabling_revoke_the_session(web: TestClient, home: Path) -> None:
    token = login(web, "wang")
    cookie = web.cookies.get("clueloop_session")
    assert web.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    web.cookies.set("clueloop_session", cookie or "")  # replaying the old cookie does not work
    assert web.get("/leads", follow_redirects=False).status_code == 303
    web.cookies.clear()
    login(web, "li")
    result = CliRunner().invoke(cli, ["--home", str(home), "users", "disable", "li"])
    assert result.exit_code == 0, result.output
    assert web.get("/leads", follow_redirects=False).status_code == 303  # signed out at once


def test_users_cli(home: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(
        cli, ["--home", str(home), "users", "add", "zhao", "--role", "部门负责人", "--password", "longenough"]
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(
        cli,
        ["--home", str(home), "users", "add", "x", "--role", "外部单位联络员", "--password", "longenough"],
    )
    assert r.exit_code == 1 and "所属单位" in r.output
    r = runner.invoke(
        cli, ["--home", str(home), "users", "add", "y", "--role", "书记员", "--password", "longenough"]
    )
    assert r.exit_code == 1 and "未知的角色" in r.output
    listed = runner.invoke(cli, ["--home", str(home), "users", "list"])
    assert "zhao" in listed.output and "部门负责人" in listed.output and "longenough" not in listed.output
