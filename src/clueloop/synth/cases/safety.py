"""Model 9, safety-hazard-not-reinspected: 安全生产重大隐患逾期未复查."""

from __future__ import annotations

from datetime import date, timedelta

from clueloop.synth import records as rec
from clueloop.synth.dirt import wrong_check
from clueloop.synth.people import Org
from clueloop.synth.world import Exact, Row, World

MODEL = "safety-hazard-not-reinspected"
GRACE, PENALTY_DAYS = 7, 30


def plant(w: World) -> None:
    rng, pop = w.rng, w.pop

    def inspection(
        *, major: str = "是", deadline: int, reviewed: int | None = None, conclusion: str | None = None
    ) -> tuple[Org, Row]:
        org = pop.org(trade=("化工", "有限公司"))
        row = rec.safety_inspection(
            w,
            org=org,
            major=major,
            deadline=w.day(deadline),
            reviewed=None if reviewed is None else w.day(reviewed),
            conclusion=conclusion,
        )
        return org, row

    def penalise(org: Org, on: date, offence: str = "未采取措施消除事故隐患") -> None:
        rec.admin_penalty(w, party=org, offence=offence, decided=on)

    def case(name: str, row: Row, lead: bool, condition: str, twin: str | None = None) -> None:
        w.expect(name, MODEL, lead=lead, key=(str(row["检查编号"]),), condition=condition, twin=twin)

    def days(n: int) -> timedelta:
        return timedelta(days=n)

    a = "safety_deadline_plus_8_before_as_of"
    _, row = inspection(deadline=-GRACE - 1)
    case(a, row, True, "(a) 复查日期为空，整改期限 + 7 = as_of − 1 < as_of")
    _, row = inspection(deadline=-GRACE)
    case("safety_deadline_plus_7_equals_as_of", row, False, "(a) 整改期限 + 7 = as_of，不满足严格小于", a)
    _, row = inspection(major="否", deadline=-100)
    case("safety_not_a_major_hazard", row, False, "是否重大隐患 = 否", a)
    _, row = inspection(deadline=-60, reviewed=-70, conclusion="已整改")
    case(
        "safety_reviewed_and_fixed",
        row,
        False,
        "复查结论 = 已整改",
        "safety_review_not_fixed_without_penalty",
    )
    _, row = inspection(deadline=-40)
    row["是否重大隐患"] = Exact("√")
    case("safety_major_flag_written_as_tick", row, True, "是否重大隐患写作“√”，规范化为“是”")
    org, row = inspection(deadline=-50)
    penalise(org, w.day(-30))
    case("safety_overdue_unreviewed_despite_penalty", row, True, "(a) 不看行政处罚：逾期未复查即是线索")
    org, row = inspection(deadline=-45)
    row["统一社会信用代码"] = wrong_check(org.uscc)
    case(
        "safety_company_uscc_wrong_check_character",
        row,
        False,
        "企业统一社会信用代码校验位错误：无效号码不产生线索",
        a,
    )

    b = "safety_review_not_fixed_without_penalty"
    _, row = inspection(deadline=-90, reviewed=-60, conclusion="未整改")
    case(b, row, True, "(b) 复查未整改，复查后 30 日内无行政处罚")
    for name, offset, lead, condition, twin in (
        (
            "safety_penalty_on_day_30_after_review",
            PENALTY_DAYS,
            False,
            "(b) 处罚决定日期 = 复查日期 + 30（含）",
            "safety_penalty_31_days_after_review",
        ),
        (
            "safety_penalty_31_days_after_review",
            PENALTY_DAYS + 1,
            True,
            "(b) 处罚决定日期 = 复查日期 + 31",
            None,
        ),
        ("safety_penalty_day_before_review", -1, True, "(b) 处罚决定日期 = 复查日期 − 1，不在区间内", None),
        (
            "safety_penalty_on_review_day",
            0,
            False,
            "(b) 处罚决定日期 = 复查日期（含）",
            "safety_penalty_day_before_review",
        ),
    ):
        org, row = inspection(deadline=-120, reviewed=-80, conclusion="未整改")
        penalise(org, w.day(-80) + days(offset))
        case(name, row, lead, condition, twin)
    org, row = inspection(deadline=-120, reviewed=-80, conclusion="未整改")
    penalise(org, w.day(-70), rng.choice(("虚假宣传", "未按规定公示")))
    case("safety_penalty_of_any_offence", row, False, "(b) 任何违法行为类型的行政处罚都算", b)
    _, row = inspection(deadline=-50, reviewed=-PENALTY_DAYS, conclusion="未整改")
    case("safety_review_plus_30_equals_as_of", row, True, "(b) 复查日期 + 30 = as_of（≤ as_of，分支适用）")
    _, row = inspection(deadline=-50, reviewed=-PENALTY_DAYS + 1, conclusion="未整改")
    case(
        "safety_review_plus_30_after_as_of",
        row,
        False,
        "(b) 复查日期 + 30 = as_of + 1 > as_of：尚在处罚期限内",
        "safety_review_plus_30_equals_as_of",
    )
