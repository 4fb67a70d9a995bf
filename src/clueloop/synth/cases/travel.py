"""Model 4, correction-unapproved-travel: 社区矫正对象未经批准外出."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from clueloop.synth import records as rec
from clueloop.synth.people import HOME_REGIONS, Person
from clueloop.synth.world import Cell, Exact, Row, World

MODEL = "correction-unapproved-travel"
SHANGHAI_HUANGPU, SHANGHAI_XUHUI, NANJING = "310101", "310104", "320102"
XIHU, BINJIANG, JIANDE = "330106", "330108", "330182"  # 建德市: a county-level city of 杭州 (3301)


@dataclass
class Subject:
    person: Person
    start: date
    end: date
    when: datetime
    violation: Row

    @property
    def day(self) -> date:
        return self.when.date()


def _subject(
    w: World,
    *,
    place: Cell,
    home: Cell = XIHU,
    when: datetime | None = None,
    end: date | None = None,
) -> Subject:
    """A correction subject of 杭州市西湖区 with a valid licence, caught on camera at ``place``."""
    rng = w.rng
    person = w.pop.person(region=HOME_REGIONS[2])
    start = w.day(-rng.randint(200, 500))
    end = end or w.day(rng.randint(30, 400))
    when = when or w.at(rng.randint((start - w.as_of).days + 1, -1))
    rec.community_correction(w, person=person, start=start, end=end, region=home)
    rec.driver_license(w, person=person, first=start - timedelta(days=4000), until="长期")
    plate = w.pop.plate(person.region)
    violation = rec.traffic_violation(w, driver=person, when=when, region=place, plate=plate)
    return Subject(person, start, end, when, violation)


def plant(w: World) -> None:
    def case(name: str, s: Subject, lead: bool, condition: str, twin: str | None = None) -> None:
        w.expect(name, MODEL, lead=lead, key=(s.person.id,), condition=condition, twin=twin)

    def leave(s: Subject, start: date, end: date, destination: str) -> None:
        rec.correction_leave(w, person=s.person, start=start, end=end, destination=destination)

    def days(n: int) -> timedelta:
        return timedelta(days=n)

    base = "travel_other_prefecture_without_leave"
    case(base, _subject(w, place=SHANGHAI_HUANGPU), True, "执行地 3301，违法地 3101，无外出审批")
    case(
        "travel_county_level_city_same_prefecture",
        _subject(w, place=JIANDE),
        False,
        "违法地为县级市建德（330182），前四位与执行地相同",
        base,
    )
    case("travel_other_district_same_city", _subject(w, place=BINJIANG), False, "违法地为同市另一区", base)

    s = _subject(w, place=SHANGHAI_HUANGPU)
    leave(s, s.day - days(2), s.day + days(3), SHANGHAI_XUHUI)
    case("travel_covered_by_leave", s, False, "外出审批覆盖违法日，目的地前四位相同（3101）", base)
    s = _subject(w, place=SHANGHAI_HUANGPU)
    leave(s, s.day - days(2), s.day + days(3), NANJING)
    case("travel_leave_to_other_destination", s, True, "外出审批覆盖违法日，但目的地是南京（3201）")
    s = _subject(w, place=SHANGHAI_HUANGPU)
    leave(s, s.day - days(5), s.day - days(1), SHANGHAI_HUANGPU)
    case("travel_leave_ended_day_before", s, True, "外出结束日期 = 违法日 − 1")
    s = _subject(w, place=SHANGHAI_HUANGPU)
    leave(s, s.day - days(5), s.day, SHANGHAI_HUANGPU)
    case(
        "travel_leave_ends_on_violation_day",
        s,
        False,
        "外出结束日期 = 违法日（含）",
        "travel_leave_ended_day_before",
    )
    s = _subject(w, place=SHANGHAI_HUANGPU)
    leave(s, s.day + days(1), s.day + days(4), SHANGHAI_HUANGPU)
    case("travel_leave_starts_day_after", s, True, "外出开始日期 = 违法日 + 1")
    s = _subject(w, place=SHANGHAI_HUANGPU)
    leave(s, s.day, s.day + days(4), SHANGHAI_HUANGPU)
    case(
        "travel_leave_starts_on_violation_day",
        s,
        False,
        "外出开始日期 = 违法日（含）",
        "travel_leave_starts_day_after",
    )

    case(
        "travel_12_digit_codes_same_prefecture",
        _subject(w, home=Exact("330106003000"), place=Exact("330108012000")),
        False,
        "12 位区划代码按前四位比较：3301 = 3301",
        "travel_12_digit_code_other_prefecture",
    )
    case(
        "travel_12_digit_code_other_prefecture",
        _subject(w, home=Exact("330106003000"), place=Exact("310104005000")),
        True,
        "12 位区划代码按前四位比较：3301 ≠ 3101",
    )

    end = w.day(-15)
    case(
        "travel_after_correction_end",
        _subject(w, place=SHANGHAI_HUANGPU, end=end, when=w.at(-14)),
        False,
        "违法日 = 矫正结束日期 + 1：已不在矫正期内",
        "travel_on_correction_end_day",
    )
    case(
        "travel_on_correction_end_day",
        _subject(w, place=SHANGHAI_HUANGPU, end=end, when=w.at(-15, 22, 30)),
        True,
        "违法日 = 矫正结束日期（含）",
    )
    s = _subject(w, place=SHANGHAI_HUANGPU)
    s.violation["违法地区划代码"] = None
    case("travel_violation_region_missing", s, False, "违法地区划代码为空：无法判断，不产生线索", base)

    # Two correction periods: the one containing the violation supplies the 执行地 (moved to 上海).
    for name, place, lead, condition in (
        (
            "travel_second_period_region_applies",
            SHANGHAI_XUHUI,
            False,
            "违法在第二段矫正期（执行地已变更为上海），违法地上海",
        ),
        (
            "travel_back_in_first_period_region",
            BINJIANG,
            True,
            "违法在第二段矫正期（执行地上海），违法地为第一段的杭州",
        ),
    ):
        person = w.pop.person(region=HOME_REGIONS[2])
        first_start, moved = w.day(-600), w.day(-200)
        rec.community_correction(w, person=person, start=first_start, end=moved - days(1), region=XIHU)
        rec.community_correction(w, person=person, start=moved, end=w.day(300), region=SHANGHAI_HUANGPU)
        rec.driver_license(w, person=person, first=first_start - days(3000), until="长期")
        rec.traffic_violation(
            w, driver=person, when=w.at(-50), region=place, plate=w.pop.plate(person.region)
        )
        w.expect(
            name,
            MODEL,
            lead=lead,
            key=(person.id,),
            condition=condition,
            twin=None if lead else "travel_back_in_first_period_region",
        )
