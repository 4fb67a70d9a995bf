"""The loop as a prosecutor types it: ``clueloop leads / lead / case / transfer / rec / due / stats``, on both
databases (``--db``), over leads recorded by the service layer as ``clueloop run --record`` would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner, Result

from clueloop.cli import app
from clueloop.security.masking import mask_id
from clueloop.workflow.db import Workflow
from clueloop.workflow.leads import record_run
from clueloop.workflow.orm import Audit, Lead, Recommendation, Transfer

from .conftest import make_lead, make_run
from .test_paperwork import ID_A, ID_B, docx_text, docx_xml, person_id

runner = CliRunner()
ID_C = person_id("19781224", "789")
OWNER, OTHER = "检察官甲", "检察官乙"
DRIVING, POSTAL = "correction-unlicensed-driving", "postal-sender-not-referred"


class Loop:
    """The CLI on one home folder and one workflow database."""

    def __init__(self, home: Path, db: str) -> None:
        self.home, self.db = home, db

    def __call__(self, *args: str, user: str = OWNER, code: int = 0) -> str:
        result: Result = runner.invoke(
            app, [*args, "--db", self.db, "--home", str(self.home), "--user", user]
        )
        assert result.exit_code == code, result.output
        return result.output

    def read(self, *args: str) -> str:
        """A command without ``--user`` (the read-only ones)."""
        result = runner.invoke(app, [*args, "--db", self.db, "--home", str(self.home)])
        assert result.exit_code == 0, result.output
        return result.output


@pytest.fixture
def loop(wf: Workflow, tmp_path: Path) -> Loop:
    """Three leads from one run: 张三 and 李四 of one model, 王五 of another (ids 1, 2, 3)."""
    with wf.transaction() as session:
        record_run(
            session,
            make_run("run-1"),
            [
                make_lead(DRIVING, [ID_A], name="张三"),
                make_lead(DRIVING, [ID_B], name="李四"),
                make_lead(POSTAL, [ID_C], name="王五"),
            ],
            "系统",
        )
    return Loop(tmp_path / "home", wf.url)


def lead_row(wf: Workflow, lead_id: int) -> tuple[str, int, str]:
    with wf.sessions() as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None
        return lead.state, lead.version, lead.owner


def audit_count(wf: Workflow, entity: str, entity_id: int) -> int:
    with wf.sessions() as session:
        return (
            session.scalar(select(func.count()).where(Audit.entity == entity, Audit.entity_id == entity_id))
            or 0
        )


def ids_of(wf: Workflow) -> dict[str, int]:
    with wf.sessions() as session:
        return {str(s): i for s, i in session.execute(select(Lead.subject_id, Lead.id))}


def test_leads_are_listed_with_masked_ids(loop: Loop, wf: Workflow) -> None:
    out = loop.read("leads")
    assert "共 3 条" in out
    for full, name in [(ID_A, "张三"), (ID_B, "李四"), (ID_C, "王五")]:
        assert full not in out  # neither in the subject column nor in the title, which holds it too
        assert f"{name} {mask_id(full)}" in out
    only = loop.read("leads", "--model", POSTAL)
    assert "共 1 条" in only and "王五" in only and "张三" not in only
    access = (loop.home / "logs" / "access.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["shown"] for line in access] == [3, 1]


def test_lead_show_is_masked_and_logged(loop: Loop, wf: Workflow) -> None:
    lead_id = ids_of(wf)[ID_A]
    out = loop.read("lead", "show", str(lead_id))
    assert f"线索 {lead_id}" in out and "第 1 版" in out
    assert ID_A not in out and mask_id(ID_A) in out
    assert "矫正.xlsx" in out and "发现" in out  # the evidence and the timeline
    assert "开始研判（→研判中）" in out
    entries = [
        json.loads(line) for line in (loop.home / "logs" / "access.jsonl").read_text("utf-8").splitlines()
    ]
    assert [(e["action"], e["lead"]) for e in entries] == [("lead", lead_id)]


def test_an_illegal_move_names_the_allowed_states_and_changes_nothing(loop: Loop, wf: Workflow) -> None:
    lead_id = ids_of(wf)[ID_C]
    before = audit_count(wf, "lead", lead_id)
    out = loop("lead", "move", str(lead_id), "成案", code=1)
    assert "线索不能从“待研判”变为“成案”" in out
    assert "此时可以变为：研判中、不成案、已合并" in out
    assert lead_row(wf, lead_id) == ("待研判", 1, "")
    assert audit_count(wf, "lead", lead_id) == before

    unknown = loop("lead", "move", str(lead_id), "已立案", code=1)
    assert "线索没有“已立案”这个状态" in unknown and "待研判、研判中、成案、不成案、已合并" in unknown
    missing = loop("lead", "move", "999", "研判中", code=1)
    assert "没有编号为 999 的线索" in missing


def test_dismissal_needs_a_reason(loop: Loop, wf: Workflow) -> None:
    lead_id = ids_of(wf)[ID_B]
    out = loop("lead", "move", str(lead_id), "不成案", code=1)
    assert "请填写不成案的理由" in out
    assert lead_row(wf, lead_id) == ("待研判", 1, "")
    blank = loop("lead", "move", str(lead_id), "不成案", "--reason", "   ", code=1)
    assert "请填写不成案的理由" in blank

    assert "→ 不成案" in loop("lead", "move", str(lead_id), "不成案", "--reason", "已持有效驾驶证")
    with wf.sessions() as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None and (lead.state, lead.state_reason) == ("不成案", "已持有效驾驶证")


def test_a_stale_version_is_a_conflict(loop: Loop, wf: Workflow) -> None:
    lead_id = ids_of(wf)[ID_C]
    assert "承办人：检察官乙" in loop("lead", "assign", str(lead_id), "--owner", OTHER, "--version", "1")
    assert lead_row(wf, lead_id) == ("待研判", 2, OTHER)
    out = loop("lead", "move", str(lead_id), "研判中", "--version", "1", code=1)
    assert "已被他人修改" in out and "第 1 版" in out and "第 2 版" in out
    assert lead_row(wf, lead_id) == ("待研判", 2, OTHER)
    loop("lead", "move", str(lead_id), "研判中", "--version", "2")
    assert lead_row(wf, lead_id) == ("研判中", 3, OTHER)  # the assigned owner stays


def test_the_closed_loop_from_lead_to_rectification(loop: Loop, wf: Workflow) -> None:
    a, b, c = (ids_of(wf)[i] for i in (ID_A, ID_B, ID_C))

    # 研判: whoever starts the triage owns the lead
    loop("lead", "move", str(a), "研判中")
    loop("lead", "comment", str(a), "与公安交管数据核对一致")
    assert "→ 成案" in loop("lead", "move", str(a), "成案")
    loop("lead", "move", str(b), "不成案", "--reason", "已持有效驾驶证")
    assert lead_row(wf, a) == ("成案", 4, OWNER)  # a comment touches the lead, so it counts as a version

    opened = loop("case", "open", str(a), "--title", "社区矫正对象无证驾驶案")
    assert "已立案 某检案〔2026〕1号（编号 1）" in opened

    # 谁办案、谁移送: another prosecutor may not transfer the case
    refused = loop(
        "transfer",
        "create",
        "--case",
        "1",
        "--to",
        "区检察院刑事执行检察部",
        "--standard",
        "社区矫正法",
        user=OTHER,
        code=1,
    )
    assert "谁办案、谁移送" in refused and OWNER in refused
    with wf.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Transfer)) == 0

    created = loop(
        "transfer", "create", "--case", "1", "--internal", "--on", "2026-09-30",
        "--to", "刑事执行检察部门", "--standard", "《社区矫正法》第二十八条",
    )  # fmt: skip
    # 10-01..10-07 National Day, 10-08 and 10-09, then the Saturday 10-10 make-up working day
    assert "已移送 某检移〔2026〕1号（编号 1）" in created
    assert "受理期限：2026-10-10" in created and "反馈期限：2026-10-30" in created
    assert "注意" not in created  # 2026 has official data: no fallback warning

    # due: the unaccepted transfer is overdue on 10-12, marked once however often the check runs
    first = loop.read("due", "--today", "2026-10-12")
    assert "逾期 2 天" in first and "某检移〔2026〕1号" in first
    assert "本次新标记：逾期移送 1，逾期检察建议 0，沉睡线索 0" in first
    second = loop.read("due", "--today", "2026-10-12")
    assert "逾期 2 天" in second
    assert "本次新标记：逾期移送 0，逾期检察建议 0，沉睡线索 0" in second
    with wf.sessions() as session:
        marks = session.scalars(
            select(Audit.action).where(Audit.entity == "transfer", Audit.action == "逾期")
        )
        assert list(marks) == ["逾期"]

    assert "→ 已接收" in loop("transfer", "accept", "1", "--on", "2026-10-13")
    assert "→ 已反馈" in loop("transfer", "feedback", "1", "--text", "已立案审查", "--on", "2026-10-20")
    assert "→ 已办结" in loop("transfer", "close", "1")
    listed = loop.read("transfer", "list")
    assert "已办结" in listed and "2026-10-10" in listed and "是" in listed

    loop.read("transfer", "letter", "1")
    letter = loop.home / "documents" / "线索移送函_某检移〔2026〕1号.docx"
    assert letter.is_file()
    assert ID_A not in docx_xml(letter) and mask_id(ID_A) in docx_text(letter)

    # 检察建议: drafted on the case, numbered when issued, answered, followed up, closed
    drafted = loop(
        "rec", "draft", "--case", "1", "--to", "某某县司法局",
        "--facts", "社区矫正对象张三在矫正期间无证驾驶机动车，未被依法处置。",
        "--measure", "依法对张三的违规行为作出处理", "--measure", "加强对社区矫正对象出行的监督管理",
    )  # fmt: skip
    assert "已起草检察建议（编号 1）→ 某某县司法局" in drafted
    assert "某检行公建〔2026〕1号 → 已发出" in loop("rec", "issue", "1", "--on", "2026-06-01")
    received = loop("rec", "receive", "1", "--on", "2026-06-03")
    assert "回复期限：2026-08-03" in received  # two months from receipt, a Monday
    reply = loop(
        "rec",
        "reply",
        "1",
        "--text",
        "已给予警告并收紧请假审批",
        "--rectification",
        "已整改",
        "--on",
        "2026-07-20",
    )
    assert "→ 已回复" in reply
    refused_close = loop("rec", "close", "1", code=1)
    assert "检察建议不能从“已回复”变为“已办结”；此时可以变为：已回头看" in refused_close
    loop("rec", "review", "1", "--result", "实地核查，监管措施已落实", "--rectified", "--on", "2026-09-01")
    assert "→ 已办结" in loop("rec", "close", "1")
    noticed = loop("rec", "notice", "1", "--kind", "抄送", "--to", "某某县委政法委", "--on", "2026-06-02")
    assert "已登记抄送：某某县委政法委（2026-06-02）" in noticed
    loop.read("rec", "docx", "1")
    document = docx_text(loop.home / "documents" / "检察建议书_某检行公建〔2026〕1号.docx")
    assert "某检行公建〔2026〕1号" in document and "某某县司法局：" in document
    assert "一、依法对张三的违规行为作出处理。" in document
    assert "已办结" in loop.read("rec", "list")
    with wf.sessions() as session:
        rec = session.get(Recommendation, 1)
        assert rec is not None
        assert (rec.state, rec.rectification, rec.rectified) == ("已办结", "已整改", True)
        actions = session.scalars(
            select(Audit.action).where(Audit.entity == "recommendation").order_by(Audit.id)
        ).all()
        assert actions == ["起草", "发出", "送达", "回复", "回头看", "办结", "抄送"]

    # stats: the funnel of what was done above
    stats = json.loads(loop.read("stats", "--json"))
    assert stats["totals"] == {
        "leads": 3,
        "cases": 1,
        "transferred": 1,
        "recommended": 1,
        "replied": 1,
        "rectified": 1,
    }
    per_model = {r["model"]: (r["leads"], r["cases"], r["transferred"]) for r in stats["by_model_month"]}
    assert per_model == {DRIVING: (2, 1, 1), POSTAL: (1, 0, 0)}
    assert stats["counts"]["transfers"] == 1 and stats["counts"]["transfers_overdue"] == 1
    assert stats["counts"]["recommendations_issued"] == 1
    assert stats["rates"]["case_rate"] == round(1 / 3, 4)
    assert stats["rates"]["reply_rate"] == 1.0 and stats["rates"]["rectification_rate"] == 1.0
    assert lead_row(wf, c)[0] == "待研判"
    table = loop.read("stats")
    assert "办案漏斗" in table and "回复整改率：100.0%" in table
