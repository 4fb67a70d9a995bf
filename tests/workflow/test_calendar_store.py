"""Loading a State Council holiday notice into the workflow database, and the deadlines it recomputes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from clueloop.cli import app
from clueloop.workflow import recommendations, transfers
from clueloop.workflow.calendar_store import load_notice, parse_notice, work_calendar
from clueloop.workflow.db import Workflow
from clueloop.workflow.deadlines import Day
from clueloop.workflow.orm import Audit, CalendarDay, CalendarYear, Case, Recommendation, Transfer
from clueloop.workflow.policy import Policy
from clueloop.workflow.states import WorkflowError

D = dt.date
runner = CliRunner()
ADMIN = "管理员"

# Test data in the notice's shape — not the real 2027 arrangements.
NOTICE_2027 = """\
year: 2027
source: 测试用 2027 年节假日安排
holidays:
  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
  - {name: 春节, from: 2027-02-06, to: 2027-02-12}
workdays:
  - {name: 春节调休, date: 2027-02-20}
"""
HOLIDAY_ON_THE_DUE_DATE = NOTICE_2027 + "  - {name: 测试调休, date: 2027-01-31}\n"
HOLIDAY_ON_THE_DUE_DATE = HOLIDAY_ON_THE_DUE_DATE.replace(
    "  - {name: 春节, from",
    "  - {name: 测试假日, from: 2027-01-28, to: 2027-01-29}\n  - {name: 春节, from",
)


def write(tmp_path: Path, text: str, name: str = "2027.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def received(wf: Workflow, policy: Policy, on: dt.date) -> int:
    """A recommendation issued and received on ``on``: its two-month reply deadline starts."""
    with wf.transaction() as session:
        calendar = work_calendar(session)
        rec = recommendations.draft(
            session, "检察官甲", addressee="某某县应急管理局", facts="事实", measures=["查处"]
        )
        recommendations.move(session, policy, calendar, rec.id, "已发出", "检察官甲", on=on)
        recommendations.move(session, policy, calendar, rec.id, "已送达", "检察官甲", on=on)
        return rec.id


def reply(wf: Workflow, rec_id: int) -> tuple[dt.date | None, str | None]:
    with wf.sessions() as session:
        rec = session.get(Recommendation, rec_id)
        assert rec is not None
        return rec.reply_due, rec.calendar_warning


def test_a_notice_parses_into_holidays_and_make_up_working_days(tmp_path: Path) -> None:
    notice = parse_notice(write(tmp_path, NOTICE_2027))
    assert (notice.year, notice.source) == (2027, "测试用 2027 年节假日安排")
    assert len(notice.days) == 3 + 7 + 1
    assert notice.days[D(2027, 1, 2)] == Day(False, "元旦")
    assert notice.days[D(2027, 2, 12)] == Day(False, "春节")
    assert notice.days[D(2027, 2, 20)] == Day(True, "春节调休")
    assert D(2027, 2, 13) not in notice.days


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (NOTICE_2027.replace("from: 2027-02-06", "from: 2027-02-30"), ["holidays 第 2 项", "2027-02-30"]),
        (
            NOTICE_2027.replace("{name: 元旦, from: 2027-01-01, to:", "{name: 元旦, to:"),
            ["holidays 第 1 项", "from"],
        ),
        (
            NOTICE_2027.replace("date: 2027-02-20", "date: 2026-02-20"),
            ["workdays 第 1 项", "2026-02-20", "2027"],
        ),
        (NOTICE_2027.replace("to: 2027-02-12", "to: 2028-06-12"), ["holidays 第 2 项"]),
        (NOTICE_2027.replace("date: 2027-02-20", "date: 明年"), ["workdays 第 1 项", "明年"]),
    ],
    ids=["bad-date", "missing-from", "another-year", "range-too-long", "not-a-date"],
)
def test_a_bad_notice_names_the_file_and_the_item(tmp_path: Path, text: str, names: list[str]) -> None:
    path = write(tmp_path, text, "坏的通知.yaml")
    with pytest.raises(WorkflowError) as raised:
        parse_notice(path)
    message = str(raised.value)
    assert str(path) in message
    for name in names:
        assert name in message


def test_dates_may_be_written_without_leading_zeros(tmp_path: Path) -> None:
    notice = parse_notice(
        write(tmp_path, "year: 2027\nholidays:\n  - {name: 元旦, from: 2027-1-1, to: 2027-1-3}\n")
    )
    assert sorted(notice.days) == [D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)]


def test_a_file_that_is_not_a_notice_is_refused(tmp_path: Path) -> None:
    for text in ["- 2027-01-01\n", "holidays: []\n", "year: [2027\n", "year: 二〇二七\n"]:
        path = write(tmp_path, text, "x.yaml")
        with pytest.raises(WorkflowError, match="x.yaml"):
            parse_notice(path)


def test_a_bad_notice_loads_nothing(wf: Workflow, policy: Policy, tmp_path: Path) -> None:
    path = write(tmp_path, NOTICE_2027.replace("date: 2027-02-20", "date: 2026-02-20"))
    with pytest.raises(WorkflowError), wf.transaction() as session:
        load_notice(session, policy, path, ADMIN)
    with wf.sessions() as session:
        assert session.scalars(select(CalendarDay)).all() == []
        assert session.scalars(select(CalendarYear)).all() == []


def test_loading_recomputes_a_deadline_computed_without_official_data(
    wf: Workflow, policy: Policy, tmp_path: Path
) -> None:
    rec_id = received(wf, policy, D(2026, 11, 28))
    due, warning = reply(wf, rec_id)
    assert due == D(2027, 1, 28)  # two months on, a Thursday
    assert warning is not None and "2027" in warning

    with wf.transaction() as session:
        result = load_notice(session, policy, write(tmp_path, NOTICE_2027), ADMIN)
    assert (result.year, result.days, result.recomputed) == (2027, 11, 1)
    assert reply(wf, rec_id) == (D(2027, 1, 28), None)
    with wf.sessions() as session:
        rows = session.scalars(
            select(Audit).where(
                Audit.entity == "recommendation", Audit.entity_id == rec_id, Audit.action == "重算期限"
            )
        ).all()
        assert len(rows) == 1
        assert rows[0].actor == ADMIN
        assert rows[0].before is not None and rows[0].before["calendar_warning"] == warning
        assert rows[0].after is not None and rows[0].after["calendar_warning"] is None
        assert rows[0].after["reply_due"] == "2027-01-28"
        year = session.get(CalendarYear, 2027)
        assert year is not None and (year.source, year.loaded_by) == ("测试用 2027 年节假日安排", ADMIN)

    with wf.transaction() as session:  # loading the same notice again changes nothing
        assert load_notice(session, policy, write(tmp_path, NOTICE_2027), ADMIN).recomputed == 0
    with wf.sessions() as session:
        assert len(session.scalars(select(CalendarDay)).all()) == 11


def test_a_loaded_holiday_on_the_due_date_moves_it_to_the_next_working_day(
    wf: Workflow, policy: Policy, tmp_path: Path
) -> None:
    rec_id = received(wf, policy, D(2026, 11, 28))
    with wf.transaction() as session:
        load_notice(session, policy, write(tmp_path, NOTICE_2027), ADMIN)
    assert reply(wf, rec_id) == (D(2027, 1, 28), None)

    # A corrected notice: 01-28 and 01-29 become holidays and Sunday 01-31 a make-up working day.
    with wf.transaction() as session:
        result = load_notice(session, policy, write(tmp_path, HOLIDAY_ON_THE_DUE_DATE), ADMIN)
    assert result.recomputed == 1
    assert reply(wf, rec_id) == (D(2027, 1, 31), None)

    # Without the make-up day, the weekend follows and the period ends on Monday 02-01.
    without = HOLIDAY_ON_THE_DUE_DATE.replace("  - {name: 测试调休, date: 2027-01-31}\n", "")
    with wf.transaction() as session:
        load_notice(session, policy, write(tmp_path, without), ADMIN)
        assert work_calendar(session).is_workday(D(2027, 1, 31)) is False
    assert reply(wf, rec_id) == (D(2027, 2, 1), None)
    with wf.sessions() as session:
        recomputed = session.scalars(
            select(Audit.after)
            .where(Audit.entity == "recommendation", Audit.action == "重算期限")
            .order_by(Audit.id)
        ).all()
    assert [a["reply_due"] for a in recomputed if a] == ["2027-01-28", "2027-01-31", "2027-02-01"]


def test_loading_recomputes_open_transfers_too(wf: Workflow, policy: Policy, tmp_path: Path) -> None:
    with wf.transaction() as session:
        calendar = work_calendar(session)
        case = Case(number="某检案〔2026〕1号", title="案件", state="办理中", owner="检察官甲")
        session.add(case)
        session.flush()
        sent = [
            transfers.create(
                session,
                policy,
                calendar,
                "检察官甲",
                target="某某县公安局",
                standard="立案追诉标准",
                internal=False,
                case_id=case.id,
                sent_on=D(2026, 12, 31),
            )
            for _ in range(2)
        ]
        assert sent[0].feedback_due == D(2027, 2, 1)  # 30 days: Sat 01-30 → Mon 02-01 on weekends only
        assert sent[0].calendar_warning is not None
        transfers.move(session, sent[1].id, "已反馈", "某某县公安局", on=D(2027, 1, 5), text="已立案")
        ids = [t.id for t in sent]

    holiday = NOTICE_2027.replace(
        "  - {name: 春节, from",
        "  - {name: 测试假日, from: 2027-02-01, to: 2027-02-02}\n  - {name: 春节, from",
    )
    with wf.transaction() as session:
        assert load_notice(session, policy, write(tmp_path, holiday), ADMIN).recomputed == 1
    with wf.sessions() as session:
        open_one, answered = (session.get(Transfer, i) for i in ids)
        assert open_one is not None and answered is not None
        assert (open_one.feedback_due, open_one.calendar_warning) == (D(2027, 2, 3), None)
        assert (
            answered.feedback_due == D(2027, 2, 1) and answered.calendar_warning is not None
        )  # answered: kept


def test_a_day_listed_by_two_notices_is_taken_from_the_later_one(
    wf: Workflow, policy: Policy, tmp_path: Path
) -> None:
    spanning = "year: 2027\nholidays:\n  - {name: 元旦, from: 2027-12-31, to: 2028-01-01}\n"
    following = "year: 2028\nholidays:\n  - {name: 元旦（新）, from: 2028-01-01, to: 2028-01-03}\n"
    with wf.transaction() as session:
        load_notice(session, policy, write(tmp_path, spanning, "2027.yaml"), ADMIN)
    with wf.transaction() as session:
        load_notice(session, policy, write(tmp_path, following, "2028.yaml"), ADMIN)
    with wf.sessions() as session:
        days = {(d.day, d.year, d.name) for d in session.scalars(select(CalendarDay))}
    assert days == {
        (D(2027, 12, 31), 2027, "元旦"),
        (D(2028, 1, 1), 2028, "元旦（新）"),
        (D(2028, 1, 2), 2028, "元旦（新）"),
        (D(2028, 1, 3), 2028, "元旦（新）"),
    }


def test_calendar_show_before_and_after_loading(db_url: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    before = runner.invoke(app, ["calendar", "show", "2027", "--db", db_url, "--home", str(home)])
    assert before.exit_code == 0, before.output
    assert "2027 年没有官方节假日数据" in before.output

    path = write(tmp_path, NOTICE_2027)
    loaded = runner.invoke(
        app, ["calendar", "load", str(path), "--db", db_url, "--home", str(home), "-u", ADMIN]
    )
    assert loaded.exit_code == 0, loaded.output
    assert "已导入 2027 年节假日安排（11 天）；重算期限 0 项" in loaded.output

    after = runner.invoke(app, ["calendar", "show", "2027", "--db", db_url, "--home", str(home)])
    assert after.exit_code == 0, after.output
    assert "没有官方节假日数据" not in after.output and "已导入" in after.output
    lines = [line for line in after.output.splitlines() if "2027-" in line]
    shown = {line.split("│")[1].strip(): line.split("│")[3].strip() for line in lines}
    # weekday holidays and the weekend make-up day; holidays that fall on a weekend are not listed
    assert shown == {
        "2027-01-01": "放假",
        "2027-02-08": "放假",
        "2027-02-09": "放假",
        "2027-02-10": "放假",
        "2027-02-11": "放假",
        "2027-02-12": "放假",
        "2027-02-20": "调休上班",
    }

    bad = write(tmp_path, NOTICE_2027.replace("from: 2027-02-06", "from: 2027-02-30"), "坏.yaml")
    refused = runner.invoke(app, ["calendar", "load", str(bad), "--db", db_url, "--home", str(home)])
    assert refused.exit_code == 1
    assert "坏.yaml" in refused.output and "holidays 第 2 项" in refused.output
