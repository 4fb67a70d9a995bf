"""Leads (线索): recorded from model runs, triaged, assigned, commented, merged, reopened on new evidence."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, insert, select
from sqlalchemy.orm import Session

from clueloop.workflow._common import audit, load, require, snapshot
from clueloop.workflow.orm import Attachment, Comment, Evidence, Lead, ModelRun, now
from clueloop.workflow.states import LEAD, WorkflowError

OPEN = ("待研判", "研判中")  # states in which a lead is waiting for someone: it can fall asleep
TRACKED = ("state", "state_reason", "owner", "department", "case_id", "merged_into_id", "needs_review")
CHUNK = 2000


def key_text(key: Sequence[str]) -> str:
    return json.dumps(list(key), ensure_ascii=False)


def fingerprint(evidence: Mapping[str, Any]) -> str:
    """An evidence row's identity is its content: the same record re-imported in a new batch is not new."""
    values = evidence.get("values") or {}
    basis: list[Any] = (
        [evidence["dataset"], values]
        if values
        else [
            evidence["dataset"],
            evidence.get("batch_id"),
            evidence.get("row"),
        ]
    )
    return hashlib.sha256(json.dumps(basis, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]


@dataclass
class RecordResult:
    run_id: str
    leads: int = 0
    new: int = 0
    with_new_evidence: int = 0
    flagged_for_review: int = 0  # 不成案 leads that new evidence brought back for review
    unchanged: int = 0


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def record_run(
    session: Session, run: Mapping[str, Any], leads: Sequence[Mapping[str, Any]], actor: str
) -> RecordResult:
    """Turn a model run's leads into workflow leads, deduplicated by (model, key).

    A new key makes a new lead (待研判) with its evidence copied in. A known key adds only evidence it did
    not have; a lead closed as 不成案 is not reopened but flagged for review when new evidence appears; a
    merged lead's new evidence goes to the lead it was merged into. Recording the same run twice is a no-op.
    """
    run_id = str(run["id"])
    result = RecordResult(run_id, leads=len(leads))
    if session.get(ModelRun, run_id) is not None:
        result.unchanged = len(leads)
        return result
    models = sorted({str(lead["model"]) for lead in leads})
    known: dict[tuple[str, str], tuple[int, str, int | None]] = {}
    for model in models:
        rows = session.execute(
            select(Lead.key_text, Lead.id, Lead.state, Lead.merged_into_id).where(Lead.model_id == model)
        )
        for text, lead_id, state, merged_into in rows:
            known[(model, text)] = (lead_id, state, merged_into)

    fresh = [lead for lead in leads if (str(lead["model"]), key_text(lead["key"])) not in known]
    stamp = now()
    for part in _chunks(fresh):
        ids = session.execute(
            insert(Lead).returning(Lead.id, sort_by_parameter_order=True),
            [
                {
                    "model_id": lead["model"],
                    "model_name": lead.get("model_name") or lead["model"],
                    "key": list(lead["key"]),
                    "key_text": key_text(lead["key"]),
                    "subject_id": (lead.get("subject") or {}).get("id"),
                    "subject_name": (lead.get("subject") or {}).get("name"),
                    "title": lead["title"],
                    "domain": lead.get("domain") or "",
                    "target_organ": lead.get("target_organ") or "",
                    "legal_basis": list(lead.get("legal_basis") or []),
                    "state": LEAD.initial,
                    "state_reason": "",
                    "owner": "",
                    "department": "",
                    "needs_review": False,
                    "review_note": "",
                    "first_run_id": run_id,
                    "last_run_id": run_id,
                    "created_at": stamp,
                    "touched_at": stamp,
                    "version": 1,
                }
                for lead in part
            ],
        ).scalars()
        new_ids = list(ids)
        _insert_evidence(session, run_id, zip(new_ids, part, strict=True), stamp)
        _bulk_audit(session, actor, new_ids, run_id, stamp)
        result.new += len(part)

    existing = [lead for lead in leads if (str(lead["model"]), key_text(lead["key"])) in known]
    for part in _chunks(existing):
        targets = []
        for lead in part:
            lead_id, state, merged_into = known[(str(lead["model"]), key_text(lead["key"]))]
            targets.append((merged_into if state == "已合并" and merged_into else lead_id, lead))
        have: set[tuple[int, str]] = set(
            session.execute(
                select(Evidence.lead_id, Evidence.fingerprint).where(
                    Evidence.lead_id.in_({t for t, _ in targets})
                )
            ).tuples()
        )
        for target, lead in targets:
            new_evidence = [ev for ev in lead.get("evidence", []) if (target, fingerprint(ev)) not in have]
            if not new_evidence:
                result.unchanged += 1
                continue
            for ev in new_evidence:
                have.add((target, fingerprint(ev)))
            _insert_evidence(session, run_id, [(target, {"evidence": new_evidence})], stamp)
            _note_new_evidence(session, target, run_id, len(new_evidence), actor, result)
    session.add(
        ModelRun(
            id=run_id,
            as_of=dt.date.fromisoformat(str(run["as_of"])),
            engine=str(run.get("engine", "")),
            recorded_by=actor,
            leads=len(leads),
            new_leads=result.new,
            updated_leads=result.with_new_evidence,
            record=dict(run),
        )
    )
    return result


def _insert_evidence(
    session: Session, run_id: str, pairs: Iterable[tuple[int, Mapping[str, Any]]], stamp: dt.datetime
) -> None:
    rows = []
    for lead_id, lead in pairs:
        seen = set()
        for ev in lead.get("evidence", []):
            fp = fingerprint(ev)
            if fp in seen:
                continue
            seen.add(fp)
            rows.append(
                {
                    "lead_id": lead_id,
                    "run_id": run_id,
                    "fingerprint": fp,
                    "dataset": ev["dataset"],
                    "source_file": ev.get("source_file"),
                    "row": ev.get("row"),
                    "batch_id": ev.get("batch_id"),
                    "values": ev.get("values") or {},
                    "added_at": stamp,
                }
            )
    for part in _chunks(rows):
        session.execute(insert(Evidence), list(part))


def _bulk_audit(session: Session, actor: str, ids: Sequence[int], run_id: str, stamp: dt.datetime) -> None:
    """One 发现 row per new lead; the run's id is in ``after`` (a note of digits would be masked as an ID)."""
    from clueloop.workflow.orm import Audit

    action, note = "发现", "由模型运行发现"
    after = {"state": LEAD.initial, "run": run_id}
    session.execute(
        insert(Audit),
        [
            {
                "actor": actor,
                "entity": "lead",
                "entity_id": i,
                "action": action,
                "after": after,
                "note": note,
                "at": stamp,
            }
            for i in ids
        ],
    )


def _note_new_evidence(
    session: Session, lead_id: int, run_id: str, count: int, actor: str, result: RecordResult
) -> None:
    lead = session.get(Lead, lead_id)
    assert lead is not None
    result.with_new_evidence += 1
    before = snapshot(lead, TRACKED)
    lead.last_run_id = run_id
    note = f"模型运行 {run_id} 带来 {count} 条新证据"
    if lead.state == "不成案" and not lead.needs_review:
        lead.needs_review = True  # not reopened: a person decides (DOMAIN.md: flagged for review)
        lead.review_note = note
        result.flagged_for_review += 1
        note += "；该线索曾以不成案办结，已标记待复核"
    audit(session, actor, "lead", lead.id, "新增证据", before, snapshot(lead, TRACKED), note)


# --- the operations users perform -------------------------------------------------------------


def _touch(lead: Lead) -> None:
    lead.touched_at = now()
    lead.sleeping_since = None


def move(
    session: Session, lead_id: int, target: str, actor: str, *, reason: str = "", version: int | None = None
) -> Lead:
    """Move a lead to ``target`` through :data:`~clueloop.workflow.states.LEAD`; 不成案 needs a reason."""
    lead = load(session, Lead, lead_id, version)
    if lead.state == "不成案" and target == "研判中" and not lead.needs_review:
        raise WorkflowError("不成案的线索只在出现新证据、被标记待复核时才能重新研判")
    action = LEAD.check(lead.state, target)
    if target == "不成案":
        reason = require(reason, "不成案的理由")
    if target == "已合并":
        raise WorkflowError("合并请用“合并到”操作并指明目标线索（clueloop lead merge）")
    before = snapshot(lead, TRACKED)
    lead.state = target
    lead.state_reason = reason.strip()
    if target == "研判中" and before["state"] == "不成案":
        lead.needs_review = False
    if target == "研判中" and not lead.owner:
        lead.owner = actor  # whoever starts the triage owns the lead until it is reassigned
    _touch(lead)
    audit(session, actor, "lead", lead.id, action, before, snapshot(lead, TRACKED), reason.strip())
    return lead


def dismiss_review(session: Session, lead_id: int, actor: str, note: str, version: int | None = None) -> Lead:
    """Keep a 不成案 lead closed after looking at its new evidence (the review flag is cleared)."""
    lead = load(session, Lead, lead_id, version)
    if not lead.needs_review:
        raise WorkflowError(f"线索 {lead_id} 没有待复核的新证据")
    before = snapshot(lead, TRACKED)
    lead.needs_review = False
    _touch(lead)
    audit(
        session,
        actor,
        "lead",
        lead.id,
        "复核维持不成案",
        before,
        snapshot(lead, TRACKED),
        require(note, "复核意见"),
    )
    return lead


def merge(
    session: Session, lead_id: int, into_id: int, actor: str, *, reason: str = "", version: int | None = None
) -> Lead:
    """已合并: the lead is handled as part of ``into_id`` (its later evidence goes there too)."""
    if lead_id == into_id:
        raise WorkflowError("线索不能合并到自己")
    lead = load(session, Lead, lead_id, version)
    into = load(session, Lead, into_id)
    if into.state in ("已合并", "不成案"):
        raise WorkflowError(f"目标线索 {into_id} 处于“{into.state}”，不能接收合并")
    action = LEAD.check(lead.state, "已合并")
    before = snapshot(lead, TRACKED)
    lead.state, lead.merged_into_id = "已合并", into.id
    lead.state_reason = reason.strip() or f"并入线索 {into.id}"
    _touch(lead)
    audit(session, actor, "lead", lead.id, action, before, snapshot(lead, TRACKED), lead.state_reason)
    audit(session, actor, "lead", into.id, "接收合并", None, {"merged": lead.id}, lead.state_reason)
    return lead


def assign(
    session: Session,
    lead_id: int,
    actor: str,
    *,
    owner: str | None = None,
    department: str | None = None,
    version: int | None = None,
) -> Lead:
    lead = load(session, Lead, lead_id, version)
    before = snapshot(lead, TRACKED)
    if owner is not None:
        lead.owner = owner.strip()
    if department is not None:
        lead.department = department.strip()
    _touch(lead)
    audit(session, actor, "lead", lead.id, "分配", before, snapshot(lead, TRACKED))
    return lead


def comment(session: Session, lead_id: int, actor: str, text: str) -> Comment:
    lead = load(session, Lead, lead_id)
    note = Comment(lead_id=lead.id, author=actor, text=require(text, "意见内容"))
    session.add(note)
    _touch(lead)
    audit(session, actor, "lead", lead.id, "意见", None, {"comment": note.text})
    return note


def attach(session: Session, home: Path, entity: str, entity_id: int, path: Path, actor: str) -> Attachment:
    """Copy ``path`` into HOME/attachments (named by content) and record it on the item."""
    if not path.is_file():
        raise WorkflowError(f"附件文件不存在：{path}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    stored = Path("attachments") / digest[:2] / f"{digest}{path.suffix.lower()}"
    (home / stored).parent.mkdir(parents=True, exist_ok=True)
    if not (home / stored).exists():
        tmp = (home / stored).with_suffix(".part")
        shutil.copyfile(path, tmp)
        tmp.replace(home / stored)
    item = Attachment(
        entity=entity,
        entity_id=entity_id,
        filename=path.name,
        stored_as=str(stored),
        sha256=digest,
        size=path.stat().st_size,
        author=actor,
    )
    session.add(item)
    audit(session, actor, entity, entity_id, "附件", None, {"file": path.name, "sha256": digest})
    return item


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeadFilter:
    state: str | None = None
    model: str | None = None
    owner: str | None = None
    domain: str | None = None
    sleeping: bool | None = None
    needs_review: bool | None = None
    text: str | None = None  # in the title or subject name


def query(f: LeadFilter) -> Select[tuple[Lead]]:
    stmt = select(Lead)
    if f.state:
        stmt = stmt.where(Lead.state == f.state)
    if f.model:
        stmt = stmt.where(Lead.model_id == f.model)
    if f.owner is not None:
        stmt = stmt.where(Lead.owner == f.owner)
    if f.domain:
        stmt = stmt.where(Lead.domain == f.domain)
    if f.sleeping is not None:
        stmt = stmt.where(Lead.sleeping_since.is_not(None) if f.sleeping else Lead.sleeping_since.is_(None))
    if f.needs_review is not None:
        stmt = stmt.where(Lead.needs_review == f.needs_review)
    if f.text:
        like = f"%{f.text}%"
        stmt = stmt.where(Lead.title.like(like) | Lead.subject_name.like(like))
    return stmt


def list_leads(
    session: Session, f: LeadFilter, *, limit: int = 50, offset: int = 0
) -> tuple[int, list[Lead]]:
    stmt = query(f)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Lead.id.desc()).limit(limit).offset(offset)).all()
    return total, list(rows)


def history(session: Session, entity: str, entity_id: int) -> list[Any]:
    from clueloop.workflow.orm import Audit

    return list(
        session.scalars(
            select(Audit).where(Audit.entity == entity, Audit.entity_id == entity_id).order_by(Audit.id)
        )
    )
