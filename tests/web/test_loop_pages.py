"""案件, 移送 and 检察建议 pages through the real app, on SQLite and PostgreSQL: a case opened from a 成案
lead, transferred, answered by the liaison of the receiving organ; URL guessing by the liaison; CSRF,
optimistic locking and role rules; the numbered recommendation and its .docx."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import docx
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select

from clueloop.workflow import cases
from clueloop.workflow.orm import Audit, Recommendation, Transfer
from clueloop.workflow.policy import Policy

from .conftest import IDS, Loop
from .support import ORGAN, OTHER_ORGAN, login

TODAY = dt.date.today()


def post(client: TestClient, url: str, token: str, **data: object) -> int:
    """POST a form with the CSRF token; the status (303 on success, without following it)."""
    r = client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)
    return r.status_code


def created(client: TestClient, url: str, token: str, **data: object) -> int:
    """POST a form that creates something; the new item's id from the redirect."""
    r = client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def version(client: TestClient, url: str) -> int:
    found = re.search(r'name="version" value="(\d+)"', client.get(url).text)
    assert found, f"no form with a version on {url}"
    return int(found.group(1))


def act(
    client: TestClient,
    item: str,
    token: str,
    target: str,
    files: dict[str, Any] | None = None,
    **data: object,
) -> Response:
    """A move on ``item`` made as its page offers it: with the version the page shows."""
    form = {"csrf_token": token, "target": target, "version": version(client, item), **data}
    return client.post(f"{item}/move", data=form, files=files, follow_redirects=False)


def service_case(loop: Loop) -> int:
    with loop.transaction() as s:
        return cases.open_case(s, Policy(), [loop.spare], "wang").id


def test_a_case_is_transferred_and_the_liaison_answers(loop: Loop) -> None:
    web = loop.client
    token = login(web, "wang")
    case_id = created(web, "/cases", token, lead_ids=[loop.ready])
    page = web.get(f"/cases/{case_id}")
    assert f"某检案〔{TODAY.year}〕1号" in page.text and "办理中" in page.text
    assert IDS[0] not in page.text and "110101********1234" in page.text
    assert post(web, f"/cases/{case_id}/leads", token, lead_id=loop.spare) == 303
    assert web.get(f"/cases/{case_id}").text.count('href="/leads/') == 2

    token = login(web, "head")  # 谁办案、谁移送: the case is wang's
    refused = web.post(
        "/transfers",
        data={"csrf_token": token, "case_id": case_id, "target": ORGAN, "standard": "移送标准第 3 条"},
    )
    assert refused.status_code == 422 and "谁办案、谁移送" in refused.text

    token = login(web, "wang")
    transfer_id = created(
        web, "/transfers", token, case_id=case_id, target=ORGAN, standard="《线索移送标准》第 3 条"
    )
    page = web.get(f"/transfers/{transfer_id}")
    with loop.transaction() as s:
        sent = s.get(Transfer, transfer_id)
        assert sent is not None and sent.feedback_due >= TODAY + dt.timedelta(days=30)
        assert f"某检移〔{TODAY.year}〕1号" in page.text and sent.feedback_due.isoformat() in page.text

    token = login(web, "liaison")
    listed = web.get("/transfers")
    assert f"某检移〔{TODAY.year}〕1号" in listed.text and "共 1 件" in listed.text
    page = web.get(f"/transfers/{transfer_id}")
    assert ">接收</button>" in page.text and ">办结</button>" not in page.text
    assert IDS[0] not in page.text and f'href="/cases/{case_id}"' not in page.text
    assert web.get(f"/leads/{loop.ready}").status_code == 200  # sent to their organ
    assert (
        post(web, f"/transfers/{transfer_id}/move", token, target="已接收", version=1, on=str(TODAY)) == 303
    )
    r = web.post(
        f"/transfers/{transfer_id}/move",
        data={"csrf_token": token, "target": "已反馈", "version": 2, "text": "已立案查处，罚款五千元"},
        files={"file": ("查处情况.pdf", b"%PDF-1.4 report", "application/pdf")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    page = web.get(f"/transfers/{transfer_id}")
    assert "已立案查处，罚款五千元" in page.text and "查处情况.pdf" in page.text
    link = re.search(rf'href="(/transfers/{transfer_id}/files/\d+)"', page.text)
    assert link and web.get(link.group(1)).content == b"%PDF-1.4 report"
    assert post(web, f"/transfers/{transfer_id}/move", token, target="已办结", version=3) == 403

    token = login(web, "wang")
    assert post(web, f"/transfers/{transfer_id}/move", token, target="已办结", version=3) == 303
    page = web.get(f"/transfers/{transfer_id}")
    assert all(action in page.text for action in ("接收", "反馈", "附件", "办结"))  # the timeline
    letter = web.get(f"/transfers/{transfer_id}/letter.docx")
    assert letter.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter.content)).paragraphs)
    assert f"某检移〔{TODAY.year}〕1号" in text and IDS[0] not in text

    assert post(web, f"/cases/{case_id}/move", token, target="已结案", version=1, note="已移送并反馈") == 303
    assert "已结案" in web.get("/cases", params={"state": "已结案"}).text


def test_the_liaison_cannot_guess_urls(loop: Loop) -> None:
    with loop.transaction() as s:
        mine, other = loop.transfer(s, loop.ready, ORGAN), loop.transfer(s, loop.spare, OTHER_ORGAN)
        elsewhere = loop.recommend(s, OTHER_ORGAN, issue=True)
        draft = loop.recommend(s, ORGAN, issue=False)  # addressed to them, but not issued yet
        mine_id, other_id, elsewhere_id, draft_id = mine.id, other.id, elsewhere.id, draft.id
    web = loop.client
    token = login(web, "wang")
    case_id = created(web, "/cases", token, lead_ids=[loop.spare])

    token = login(web, "liaison")
    assert web.get(f"/transfers/{mine_id}").status_code == 200
    for url in (
        f"/transfers/{other_id}",
        f"/transfers/{other_id}/letter.docx",
        f"/leads/{loop.spare}",
        f"/leads/{loop.untouched}",
        f"/recommendations/{elsewhere_id}",
        f"/recommendations/{draft_id}",
        f"/cases/{case_id}",
        "/cases/999",
    ):
        assert web.get(url).status_code == 404, url
    assert post(web, f"/transfers/{other_id}/move", token, target="已接收", version=1) == 404
    assert web.get("/cases").status_code == 403
    listed = web.get("/transfers").text
    assert mine.number in listed and other.number not in listed
    assert "共 0 件" in web.get("/recommendations").text


def test_csrf_stale_versions_and_roles(loop: Loop) -> None:
    web = loop.client
    token = login(web, "wang")
    assert web.post("/cases", data={"lead_ids": [loop.ready]}).status_code == 403
    assert web.post("/cases", data={"lead_ids": [loop.ready], "csrf_token": "forged"}).status_code == 403
    transfer_id = created(web, "/transfers", token, lead_id=loop.ready, target=ORGAN, standard="标准")
    assert post(web, f"/transfers/{transfer_id}/move", token, target="已接收", version=1) == 303

    def audit_rows() -> int:
        with loop.transaction() as s:
            stmt = select(func.count()).where(Audit.entity == "transfer", Audit.entity_id == transfer_id)
            return int(s.scalar(stmt) or 0)

    before = audit_rows()
    stale = web.post(
        f"/transfers/{transfer_id}/move",
        data={"csrf_token": token, "target": "已反馈", "version": 1, "text": "迟到的反馈"},
        files={"file": ("迟到.txt", b"late", "text/plain")},
    )
    assert stale.status_code == 409 and "已被他人修改" in stale.text
    with loop.transaction() as s:
        t = s.get(Transfer, transfer_id)
        assert t is not None and t.state == "已接收" and t.feedback_text == "" and t.version == 2
    assert audit_rows() == before

    for user in ("audit", "admin"):  # reads everything / has no business here: changes nothing
        token = login(web, user)
        page = web.get(f"/transfers/{transfer_id}")
        assert page.status_code == 200 and "<h2>办理</h2>" not in page.text
        assert post(web, f"/transfers/{transfer_id}/move", token, target="已反馈", version=2, text="x") == 403
        assert post(web, "/cases", token, lead_ids=[loop.spare]) == 403
        assert post(web, "/recommendations", token, addressee=ORGAN, facts="事实", measures="整改") == 403
    token = login(web, "audit")
    case_id = service_case(loop)
    page = web.get(f"/cases/{case_id}")
    assert page.status_code == 200 and "起草检察建议" not in page.text
    assert post(web, f"/cases/{case_id}/move", token, target="已撤销", version=1) == 403


def test_a_recommendation_is_issued_numbered_answered_and_followed_up(loop: Loop) -> None:
    web = loop.client
    token = login(web, "wang")
    case_id = created(web, "/cases", token, lead_ids=[loop.ready])
    rec_id = created(
        web,
        "/recommendations",
        token,
        case_id=case_id,
        addressee=ORGAN,
        kind="诉前检察建议",
        facts=f"经查，{IDS[0]} 等人违规从事寄递业务。",
        problems="监管缺位",
        legal_basis="《中华人民共和国邮政法》第五十一条\n\n《快递暂行条例》第二十三条",
        measures="依法查处\n建立长效机制",
    )
    rec = f"/recommendations/{rec_id}"
    page = web.get(rec)
    assert "（草稿）" in page.text and IDS[0] not in page.text and "110101********1234" in page.text
    assert web.get(f"{rec}/document.docx").status_code == 422  # no number before it is issued
    number = f"某检行公建〔{TODAY.year}〕1号"
    assert act(web, rec, token, "已发出", on=str(TODAY)).status_code == 303
    assert number in web.get(rec).text and number in web.get("/recommendations").text
    assert act(web, rec, token, "已送达", on=str(TODAY)).status_code == 303
    assert post(web, f"{rec}/notice", token, kind="抄送", recipient="区人民政府") == 303
    assert "抄送 → 区人民政府" in web.get(rec).text

    token = login(web, "liaison")
    page = web.get(rec)
    assert ">回复</button>" in page.text and ">提起诉讼</button>" not in page.text
    assert act(web, rec, token, "已起诉").status_code == 403
    assert post(web, f"{rec}/notice", token, kind="通报", recipient="x") == 403
    report = {"file": ("整改报告.docx", b"report", "application/octet-stream")}
    r = act(web, rec, token, "已回复", files=report, text="已开展专项整治", rectification="部分整改")
    assert r.status_code == 303, r.text
    page = web.get(rec)
    assert "部分整改" in page.text and "整改报告.docx" in page.text

    token = login(web, "wang")
    assert act(web, rec, token, "已回头看", text="仍有未整改", rectified="否").status_code == 303
    refused = act(web, rec, token, "已办结")
    assert refused.status_code == 422 and "未整改到位" in refused.text
    page = web.get(rec)
    assert all(a in page.text for a in ("起草", "发出", "送达", "回复", "回头看", "抄送"))
    document = web.get(f"{rec}/document.docx")
    assert document.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs)
    assert number in text and "建立长效机制" in text and IDS[0] not in text
    with loop.transaction() as s:
        saved = s.get(Recommendation, rec_id)
        assert saved is not None and saved.legal_basis == [
            "《中华人民共和国邮政法》第五十一条",
            "《快递暂行条例》第二十三条",
        ]
