"""Model 2, debtor-child-private-school: 失信被执行人子女就读高收费民办学校."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from clueloop.synth import records as rec
from clueloop.synth.dirt import wrong_check
from clueloop.synth.people import Person, School
from clueloop.synth.world import Row, World

MODEL = "debtor-child-private-school"


@dataclass
class Family:
    debtor: Person
    child: Person
    school: School
    published: date
    entry: Row  # the dishonest_debtor row


def _family(
    w: World,
    *,
    performance: str = "全部未履行",
    private: bool = True,
    fees: tuple[float, ...] = (36000.0,),
    published: date | None = None,
    revoked: date | None = None,
    enrolled: date | None = None,
    left: date | None = None,
    as_guardian: int = 1,
) -> Family:
    """A listed debtor, a child at a school with the given yearly fees, and the enrolment."""
    rng, pop = w.rng, w.pop
    debtor = pop.person(age=(32, 55))
    child = pop.child(region=debtor.region)
    other = pop.person(age=(32, 55), region=debtor.region)
    school = pop.school(private=private)
    published = published or w.day(-rng.randint(120, 700))
    entry = rec.dishonest_debtor(
        w, debtor=debtor, published=published, performance=performance, revoked=revoked
    )
    enrolled = enrolled or published - timedelta(days=rng.randint(30, 900))
    first, second = (debtor, other) if as_guardian == 1 else (other, debtor)
    rec.student_enrollment(
        w, student=child, school=school, enrolled=enrolled, left=left, guardian1=first, guardian2=second
    )
    year = w.as_of.year - len(fees)
    for fee in fees:
        rec.school_fee(w, school=school, year=year, fee=fee)
        year += 1
    return Family(debtor, child, school, published, entry)


def plant(w: World) -> None:
    def case(name: str, f: Family, lead: bool, condition: str, twin: str | None = None) -> None:
        w.expect(name, MODEL, lead=lead, key=(f.debtor.id, f.child.id), condition=condition, twin=twin)

    base = "debtor_child_at_high_fee_private_school"
    case(base, _family(w), True, "未履行的失信被执行人为监护人一，子女就读学费 ≥ 20000 的民办学校，期间重叠")

    case(
        "debtor_partially_performed",
        _family(w, performance="部分履行"),
        True,
        "履行情况 = 部分履行（不是全部履行）",
    )
    case(
        "debtor_fully_performed",
        _family(w, performance="全部履行"),
        False,
        "履行情况 = 全部履行",
        "debtor_partially_performed",
    )
    case(
        "debtor_child_at_public_school",
        _family(w, private=False, fees=(30000.0,)),
        False,
        "办学性质 = 公办",
        base,
    )
    case("debtor_fee_exactly_threshold", _family(w, fees=(20000.0,)), True, "学费 = 20000（≥ fee_threshold）")
    case(
        "debtor_fee_below_threshold",
        _family(w, fees=(19999.0, 19999.0)),
        False,
        "各学年学费均为 19999 < fee_threshold",
        "debtor_fee_exactly_threshold",
    )
    case(
        "debtor_fee_reached_in_another_school_year",
        _family(w, fees=(22000.0, 18000.0)),
        True,
        "任一学年（非最近学年）的学费 ≥ 阈值即可",
    )

    published = w.day(-w.rng.randint(200, 600))
    case(
        "debtor_child_left_on_listing_day",
        _family(w, published=published, left=published),
        True,
        "离校日期 = 发布日期（≥ 发布日期，重叠）",
    )
    published = w.day(-w.rng.randint(200, 600))
    case(
        "debtor_child_left_day_before_listing",
        _family(w, published=published, left=published - timedelta(days=1)),
        False,
        "离校日期 = 发布日期 − 1：就读在失信之前结束",
        "debtor_child_left_on_listing_day",
    )

    published = w.day(-w.rng.randint(300, 700))
    revoked = published + timedelta(days=w.rng.randint(60, 200))
    case(
        "debtor_child_enrolled_on_revocation_day",
        _family(w, published=published, revoked=revoked, enrolled=revoked),
        True,
        "入学日期 = 撤销日期（≤ 撤销日期）",
    )
    published = w.day(-w.rng.randint(300, 700))
    revoked = published + timedelta(days=w.rng.randint(60, 200))
    case(
        "debtor_child_enrolled_day_after_revocation",
        _family(w, published=published, revoked=revoked, enrolled=revoked + timedelta(days=1)),
        False,
        "入学日期 = 撤销日期 + 1：入学时已不在失信名单",
        "debtor_child_enrolled_on_revocation_day",
    )
    case(
        "debtor_child_enrolled_on_as_of",
        _family(w, enrolled=w.as_of),
        True,
        "未撤销时以运行日期为界：入学日期 = as_of",
    )
    case(
        "debtor_child_enrolled_day_after_as_of",
        _family(w, enrolled=w.day(1)),
        False,
        "未撤销时以运行日期为界：入学日期 = as_of + 1",
        "debtor_child_enrolled_on_as_of",
    )

    case("debtor_is_guardian_two", _family(w, as_guardian=2), True, "被执行人是监护人二")

    f = _family(w, performance="部分履行")
    rec.dishonest_debtor(
        w, debtor=f.debtor, published=f.published - timedelta(days=500), performance="全部履行"
    )
    case("debtor_several_entries_one_qualifies", f, True, "同一人多条失信记录，任一条满足即可")

    f = _family(w)
    f.entry["证件号码"] = wrong_check(f.debtor.id)
    case("debtor_id_wrong_check_character", f, False, "失信记录的证件号码校验位错误：无效号码不匹配", base)

    f = _family(w)
    sibling = w.pop.child(region=f.debtor.region)
    rec.student_enrollment(
        w, student=sibling, school=f.school, enrolled=f.published, left=None, guardian1=f.debtor
    )
    case("debtor_two_children_first", f, True, "每个（被执行人，学生）一条线索：第一个子女")
    w.expect(
        "debtor_two_children_second",
        MODEL,
        lead=True,
        key=(f.debtor.id, sibling.id),
        condition="每个（被执行人，学生）一条线索：第二个子女",
    )
