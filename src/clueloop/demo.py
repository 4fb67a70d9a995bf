"""``clueloop demo``: synthetic agency exports → lake → every model → summary and HTML report.

The exports are generated with planted truth (``truth.json``), so the demo also shows that every model
found exactly the leads planted for it.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from clueloop.engine.library import load_library
from clueloop.engine.runner import RunResult, run_models
from clueloop.ingest.lake import Lake
from clueloop.ingest.service import IngestProgress, IngestResult, ingest_file
from clueloop.report import write_report


@dataclass
class DemoResult:
    home: Path
    steps: list[tuple[str, float]] = field(default_factory=list)
    ingested: list[IngestResult] = field(default_factory=list)
    run: RunResult | None = None
    truth: dict[str, list[list[str]]] = field(default_factory=dict)
    report: Path | None = None
    workflow: dict[str, int] = field(default_factory=dict)

    def scores(self) -> dict[str, tuple[int, int, int]]:
        """Per model: (leads found, planted, found that were planted)."""
        assert self.run is not None
        found: dict[str, set[tuple[str, ...]]] = {}
        for lead in self.run.leads:
            found.setdefault(lead["model"], set()).add(tuple(lead["key"]))
        out = {}
        for model in self.run.run["models"]:
            planted = {tuple(k) for k in self.truth.get(model["id"], [])}
            got = found.get(model["id"], set())
            out[model["id"]] = (len(got), len(planted), len(got & planted))
        return out


def run_demo(
    home: Path,
    *,
    seed: int = 1,
    scale: int = 1,
    as_of: dt.date | None = None,
    progress: Callable[[Path], IngestProgress] | None = None,
    on_step: Callable[[str], None] | None = None,
) -> DemoResult:
    from clueloop.synth.generate import generate

    as_of = as_of or dt.date.today()
    result = DemoResult(home)
    exports = home / "exports"

    def step(name: str, started: float) -> None:
        result.steps.append((name, time.perf_counter() - started))

    if on_step:
        on_step("生成示例机关导出数据")
    started = time.perf_counter()
    synth = generate(exports, seed=seed, scale=scale, as_of=as_of)
    result.truth = synth.truth
    step("生成示例数据", started)

    lake = Lake(home)
    started = time.perf_counter()
    for written in synth.files:
        path = exports / written.file
        if on_step:
            on_step(f"导入 {path.name}")
        result.ingested.append(
            ingest_file(lake, path, written.kind, progress=progress(path) if progress else None)
        )
    step("导入全部文件", started)

    if on_step:
        on_step("运行全部监督模型")
    started = time.perf_counter()
    library = load_library(strict=True)
    result.run = run_models(home, list(library.models.values()), as_of=as_of)
    step("运行 9 个模型", started)

    if on_step:
        on_step("记入工作流数据库")
    started = time.perf_counter()
    result.workflow = fill_workflow(home, result.run, as_of)
    step("记入工作流并示范办理", started)

    started = time.perf_counter()
    result.report = write_report(home / "report.html", result.run.run, result.run.leads)
    (home / "leads.json").write_text(
        json.dumps(result.run.to_json(), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    step("生成报告", started)
    return result


def fill_workflow(home: Path, run: RunResult, as_of: dt.date) -> dict[str, int]:
    """Record the run's leads in the workflow database and carry a few of them along the loop, so the
    lists, deadlines and statistics have something to show: per model, the first lead is triaged and
    made a case and transferred; one transfer is answered, one recommendation issued and answered, and
    one lead closed as 不成案."""
    from sqlalchemy import select

    from clueloop.workflow import cases, leads, recommendations, transfers
    from clueloop.workflow.calendar_store import work_calendar
    from clueloop.workflow.db import Workflow
    from clueloop.workflow.orm import Lead
    from clueloop.workflow.policy import load_policy

    policy = load_policy(home)
    wf = Workflow.open(home)
    officer = "王检察官"
    try:
        with wf.transaction() as s:
            recorded = leads.record_run(s, run.run, run.leads, "数据管理员")
        if not recorded.new:
            return {"new": 0, "unchanged": recorded.unchanged}
        with wf.transaction() as s:
            calendar = work_calendar(s)
            firsts = s.scalars(
                select(Lead).where(Lead.state == "待研判").order_by(Lead.model_id, Lead.id)
            ).all()
            by_model: dict[str, list[Lead]] = {}
            for lead in firsts:
                by_model.setdefault(lead.model_id, []).append(lead)
            sent = as_of - dt.timedelta(days=40)
            made = 0
            for i, (_, group) in enumerate(sorted(by_model.items())):
                lead = group[0]
                leads.move(s, lead.id, "研判中", officer)
                leads.move(s, lead.id, "成案", officer)
                case = cases.open_case(s, policy, [lead.id], officer)
                transfer = transfers.create(
                    s,
                    policy,
                    calendar,
                    officer,
                    target=lead.target_organ or "有关行政机关",
                    standard="《行政执法机关移送涉嫌犯罪案件的规定》",
                    internal=False,
                    case_id=case.id,
                    sent_on=sent + dt.timedelta(days=3 * i),
                )
                if i % 3 == 0:
                    transfers.move(
                        s,
                        transfer.id,
                        "已反馈",
                        "外部联络员",
                        on=sent + dt.timedelta(days=20),
                        text="已依法立案处理",
                    )
                if i == 0:
                    rec = recommendations.draft(
                        s,
                        officer,
                        addressee=lead.target_organ or "有关行政机关",
                        facts=lead.title,
                        measures=["依法履行监管职责，对所涉问题予以纠正", "建立健全长效机制"],
                        legal_basis=["《中华人民共和国人民检察院组织法》第二十一条"],
                        case_id=case.id,
                    )
                    recommendations.move(s, policy, calendar, rec.id, "已发出", officer, on=sent)
                    recommendations.move(
                        s, policy, calendar, rec.id, "已送达", officer, on=sent + dt.timedelta(days=2)
                    )
                    recommendations.move(
                        s,
                        policy,
                        calendar,
                        rec.id,
                        "已回复",
                        "外部联络员",
                        on=sent + dt.timedelta(days=30),
                        text="已整改完毕",
                        rectification="已整改",
                    )
                if len(group) > 1:
                    leads.move(s, group[1].id, "研判中", officer)
                    if i % 2 == 1:
                        leads.move(s, group[1].id, "不成案", officer, reason="经核实已由主管机关处理")
                made += 1
        return {"new": recorded.new, "cases": made}
    finally:
        wf.close()


@dataclass(frozen=True)
class DemoUser:
    """A demo sign-in for the web application; the password is fixed and printed (a demo, not a secret)."""

    username: str
    password: str
    role: str
    display_name: str
    organ: str = ""
    department: str = ""
    created: bool = False


DEMO_PASSWORD = "demo1234"


def demo_users(home: Path, db_url: str | None = None) -> list[DemoUser]:
    """One web user per role, made once (a second call leaves them as they are). The 外部单位联络员
    belongs to the organ most of the demo's transfers went to, so they see something to answer."""
    from sqlalchemy import func, select

    from clueloop.security.users import AUDITOR, DATA_ADMIN, HEAD, LIAISON, PROSECUTOR, add_user
    from clueloop.workflow.db import Workflow
    from clueloop.workflow.orm import Transfer, User

    wf = Workflow.open(home, db_url)
    try:
        with wf.transaction() as s:
            organ = s.scalar(
                select(Transfer.target)
                .where(Transfer.internal.is_(False))
                .group_by(Transfer.target)
                .order_by(func.count().desc(), func.min(Transfer.id))
                .limit(1)
            )
            wanted = [
                DemoUser("prosecutor", DEMO_PASSWORD, PROSECUTOR, "王检察官", department="第八检察部"),
                DemoUser("head", DEMO_PASSWORD, HEAD, "李主任", department="第八检察部"),
                DemoUser("dataadmin", DEMO_PASSWORD, DATA_ADMIN, "赵数据管理员", department="检务保障部"),
                DemoUser("liaison", DEMO_PASSWORD, LIAISON, "陈联络员", organ=organ or "有关行政机关"),
                DemoUser("auditor", DEMO_PASSWORD, AUDITOR, "孙审计员", department="检务督察部"),
            ]
            out = []
            for u in wanted:
                existing = s.scalars(select(User).where(User.username == u.username)).one_or_none()
                if existing is not None:  # keep it as it is, but show what it really is
                    out.append(
                        DemoUser(
                            u.username,
                            u.password,
                            existing.role,
                            existing.display_name,
                            existing.organ,
                            existing.department,
                        )
                    )
                    continue
                add_user(
                    s,
                    u.username,
                    u.password,
                    u.role,
                    "clueloop demo",
                    display_name=u.display_name,
                    organ=u.organ,
                    department=u.department,
                )
                out.append(replace(u, created=True))
        return out
    finally:
        wf.close()
