"""Model 3, correction-unlicensed-driving: 社区矫正对象无证驾驶."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from clueloop.synth import records as rec
from clueloop.synth.dirt import fifteen, wrong_check
from clueloop.synth.people import HOME_REGIONS, Person
from clueloop.synth.world import Cell, Exact, Row, World

MODEL = "correction-unlicensed-driving"


@dataclass
class Subject:
    person: Person
    start: date
    end: date
    when: datetime  # of the traffic violation
    violation: Row

    @property
    def day(self) -> date:
        return self.when.date()


def _subject(
    w: World,
    *,
    when: datetime | None = None,
    start: date | None = None,
    end: date | None = None,
    born_19xx: bool = False,
    region: str | None = None,
) -> Subject:
    """A correction subject and one traffic violation in the prefecture where the correction is carried
    out (so model 4 has nothing to say about it)."""
    rng = w.rng
    person = w.pop.person(region=rng.choice(HOME_REGIONS), born_19xx=born_19xx)
    start = start or w.day(-rng.randint(200, 500))
    end = end or w.day(rng.randint(30, 400))
    when = when or w.at(rng.randint((start - w.as_of).days + 1, -1))
    region = region or person.region.code
    rec.community_correction(w, person=person, start=start, end=end, region=region)
    plate = w.pop.plate(person.region)
    rec.vehicle_registration(w, owner=person, plate=plate, registered=start - timedelta(days=900))
    violation = rec.traffic_violation(w, driver=person, when=when, region=region, plate=plate)
    return Subject(person, start, end, when, violation)


def plant(w: World) -> None:
    def case(name: str, s: Subject, lead: bool, condition: str, twin: str | None = None) -> None:
        w.expect(name, MODEL, lead=lead, key=(s.person.id,), condition=condition, twin=twin)

    def licence(
        s: Subject, first: date, until: Cell, status: str = "正常", changed: date | None = None
    ) -> None:
        rec.driver_license(w, person=s.person, first=first, until=until, status=status, changed=changed)

    def days(n: int) -> timedelta:
        return timedelta(days=n)

    base = "unlicensed_never_licensed"
    case(base, _subject(w), True, "矫正期间驾车违法，名下从无驾驶证")

    s = _subject(w)
    rec.driver_license(
        w, person=s.person, first=s.day - days(3000), until=s.day + days(2000), licence_class="D"
    )
    case(
        "unlicensed_valid_licence_of_any_class",
        s,
        False,
        "违法时持有正常、在有效期内的驾驶证（准驾车型 D 也算）",
        base,
    )

    s = _subject(w)
    licence(s, s.day - days(3000), s.day - days(1))
    case("unlicensed_licence_expired_day_before", s, True, "有效期止 = 违法日 − 1")
    s = _subject(w)
    licence(s, s.day - days(3000), s.day)
    case(
        "unlicensed_licence_expires_on_violation_day",
        s,
        False,
        "有效期止 = 违法日（含当日）",
        "unlicensed_licence_expired_day_before",
    )
    s = _subject(w)
    licence(s, s.day - days(5000), "长期")
    case(
        "unlicensed_licence_valid_long_term",
        s,
        False,
        "有效期止 = 长期：无终止日",
        "unlicensed_licence_expired_day_before",
    )

    s = _subject(w)
    licence(s, s.day + days(1), s.day + days(2200))
    case("unlicensed_licence_first_issued_day_after", s, True, "初次领证日期 = 违法日 + 1")
    s = _subject(w)
    licence(s, s.day, s.day + days(2200))
    case(
        "unlicensed_licence_first_issued_on_violation_day",
        s,
        False,
        "初次领证日期 = 违法日（含当日）",
        "unlicensed_licence_first_issued_day_after",
    )

    s = _subject(w)
    licence(s, s.day - days(3000), s.day + days(2000), "吊销", s.day - days(100))
    case("unlicensed_licence_revoked_before_violation", s, True, "状态 = 吊销，状态变更日期早于违法日")
    s = _subject(w)
    licence(s, s.day - days(3000), s.day + days(2000), "吊销", s.day)
    case("unlicensed_licence_revoked_on_violation_day", s, True, "状态变更日期 = 违法日（≤ t 即无效）")
    s = _subject(w)
    licence(s, s.day - days(3000), s.day + days(2000), "吊销", s.day + days(1))
    case(
        "unlicensed_licence_revoked_day_after_violation",
        s,
        False,
        "状态变更日期 = 违法日 + 1：违法时尚有效",
        "unlicensed_licence_revoked_on_violation_day",
    )
    s = _subject(w)
    licence(s, s.day - days(3000), s.day + days(2000), "吊销", None)
    case(
        "unlicensed_licence_revoked_without_change_date",
        s,
        True,
        "状态 = 吊销且状态变更日期为空：任何时候都无效",
    )
    s = _subject(w)
    licence(s, s.day - days(3000), s.day + days(2000), "暂扣", s.day - days(20))
    case("unlicensed_licence_suspended", s, True, "状态 = 暂扣（不是正常）")
    s = _subject(w)
    licence(s, s.day - days(6000), s.day + days(2000), "注销", s.day - days(800))
    licence(s, s.day - days(400), s.day + days(2800))
    case("unlicensed_relicensed_after_cancellation", s, False, "旧证注销后重新领证：任一驾驶证有效即可", base)

    s = _subject(w)
    s.violation["驾驶人姓名"] = s.violation["驾驶人证件号码"] = None
    case(
        "unlicensed_violation_without_driver_id",
        s,
        False,
        "驾驶人证件号码为空：不推定车辆所有人为驾驶人",
        base,
    )
    person_start = w.day(-300)
    s = _subject(w, start=person_start, when=_moment(person_start - days(1), 23, 40))
    case(
        "unlicensed_violation_day_before_correction",
        s,
        False,
        "违法日 = 矫正开始日期 − 1",
        "unlicensed_violation_on_start_day",
    )
    s = _subject(w, start=person_start, when=_moment(person_start, 0, 5))
    case("unlicensed_violation_on_start_day", s, True, "违法日 = 矫正开始日期（含）")
    end = w.day(-20)
    s = _subject(w, end=end, when=_moment(end, 23, 50))
    case("unlicensed_violation_on_end_day", s, True, "违法日 = 矫正结束日期（含，按日历日比较 23:50）")
    s = _subject(w, end=end, when=_moment(end + days(1), 0, 10))
    case(
        "unlicensed_violation_day_after_end",
        s,
        False,
        "违法日 = 矫正结束日期 + 1",
        "unlicensed_violation_on_end_day",
    )

    s = _subject(w)
    s.violation["驾驶人证件号码"] = wrong_check(s.person.id)
    case(
        "unlicensed_driver_id_wrong_check_character",
        s,
        False,
        "驾驶人证件号码校验位错误：不匹配矫正对象",
        base,
    )
    s = _subject(w, born_19xx=True)
    s.violation["驾驶人证件号码"] = Exact(fifteen(s.person.id))
    case("unlicensed_driver_id_15_digits", s, True, "驾驶人证件号码为 15 位旧号码，升位后匹配")


def _moment(d: date, hour: int, minute: int) -> datetime:
    return datetime(d.year, d.month, d.day, hour, minute)
