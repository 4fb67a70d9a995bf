"""Model 5, penalty-over-criminal-threshold: 以罚代刑，行政处罚达到刑事立案追诉标准未移送."""

from __future__ import annotations

from datetime import date, timedelta

from clueloop.synth import records as rec
from clueloop.synth.dirt import fifteen, wrong_check
from clueloop.synth.people import Org, Person
from clueloop.synth.world import Cell, Exact, Row, World

MODEL = "penalty-over-criminal-threshold"
BUSINESS, FAKE_GOODS, FARMLAND, MINING, DRUNK = (
    "非法经营",
    "生产销售伪劣产品",
    "非法占用农用地",
    "非法采矿",
    "醉酒驾驶机动车",
)
CRIME = {
    BUSINESS: "非法经营罪",
    FAKE_GOODS: "生产、销售伪劣产品罪",
    FARMLAND: "非法占用农用地罪",
    MINING: "非法采矿罪",
}


def plant(w: World) -> None:
    rng, pop = w.rng, w.pop

    def penalty(
        offence: str,
        *,
        amount: Cell = None,
        quantity: Cell = None,
        unit: str | None = None,
        party: Person | Org | None = None,
        decided: date | None = None,
    ) -> Row:
        party = party or pop.person(born_19xx=True)
        decided = decided or w.day(-rng.randint(30, 300))
        return rec.admin_penalty(
            w, party=party, offence=offence, decided=decided, amount=amount, quantity=quantity, unit=unit
        )

    def case(name: str, row: Row, lead: bool, condition: str, twin: str | None = None) -> None:
        key = (str(row["决定书文号"]),)
        w.expect(name, MODEL, lead=lead, key=key, condition=condition, twin=twin)

    base = "threshold_illegal_business_not_transferred"
    case(base, penalty(BUSINESS, amount=60000.0), True, "非法经营，涉案金额 60000 ≥ 50000，无移送、无立案")
    case(
        "threshold_amount_exactly_equal",
        penalty(FAKE_GOODS, amount=50000.0),
        True,
        "涉案金额 = 阈值 50000（≥）",
    )
    case(
        "threshold_amount_one_cent_below",
        penalty(FAKE_GOODS, amount=49999.99),
        False,
        "涉案金额 49999.99 < 50000",
        "threshold_amount_exactly_equal",
    )
    case(
        "threshold_offence_text_differs",
        penalty("生产、销售伪劣产品", amount=200000.0),
        False,
        "违法行为类型“生产、销售伪劣产品”与表中“生产销售伪劣产品”不完全相同",
        "threshold_offence_with_surrounding_spaces",
    )
    case(
        "threshold_offence_with_surrounding_spaces",
        penalty(Exact(f"  {BUSINESS} "), amount=80000.0),
        True,
        "违法行为类型去除首尾空白后与表中相同",
    )
    case(
        "threshold_ordinary_offence_large_amount",
        penalty("虚假宣传", amount=900000.0),
        False,
        "违法行为类型不在标准表中",
        base,
    )
    case(
        "threshold_farmland_area",
        penalty(FARMLAND, quantity=Exact("12.5亩"), unit="亩"),
        True,
        "非法占用农用地，涉案数量 12.5 亩 ≥ 10",
    )
    case(
        "threshold_farmland_below",
        penalty(FARMLAND, quantity=9.9, unit="亩"),
        False,
        "涉案数量 9.9 亩 < 10",
        "threshold_farmland_area",
    )
    case(
        "threshold_drunk_driving_exactly_80",
        penalty(DRUNK, quantity=80.0, unit="mg/100ml"),
        True,
        "醉酒驾驶，血液酒精含量 80 mg/100ml = 阈值",
    )
    case(
        "threshold_drunk_driving_79",
        penalty(DRUNK, quantity=Exact("79mg/100ml"), unit="mg/100ml"),
        False,
        "血液酒精含量 79 < 80",
        "threshold_drunk_driving_exactly_80",
    )
    case(
        "threshold_mining_company",
        penalty(MINING, amount=120000.0, party=pop.org(trade=("矿业", "有限公司"))),
        True,
        "单位（统一社会信用代码）非法采矿 120000 ≥ 100000",
    )
    row = penalty(BUSINESS, amount=70000.0)
    row["证件号码"] = wrong_check(str(row["证件号码"]))
    case("threshold_party_id_wrong_check_character", row, False, "当事人证件号码校验位错误：不产生线索", base)

    # Transfers and criminal cases that suppress, or do not.
    row = penalty(BUSINESS, amount=90000.0)
    decided = _day(row)
    rec.case_transfer(
        w,
        party=pop.person(),
        transferred=decided - timedelta(days=500),
        linked=row["决定书文号"],
        crime=CRIME[BUSINESS],
    )
    case(
        "threshold_transfer_linked_by_decision_number_any_date",
        row,
        False,
        "移送记录的关联处罚决定书文号 = 本文号，不限日期（此处在窗口之外，当事人号码也不同）",
        "threshold_same_party_transfer_outside_window",
    )
    for name, offset, lead, condition in (
        (
            "threshold_same_party_transfer_outside_window",
            -366,
            True,
            "同一当事人移送日期 = 处罚日 − 366，在窗口外",
        ),
        (
            "threshold_same_party_transfer_on_window_start",
            -365,
            False,
            "同一当事人移送日期 = 处罚日 − 365（窗口含起点）",
        ),
    ):
        party = pop.person(born_19xx=True)
        row = penalty(FAKE_GOODS, amount=150000.0, party=party)
        rec.case_transfer(
            w,
            party=party,
            transferred=_day(row) + timedelta(days=offset),
            linked=f"杭西市监罚处〔{_day(row).year - 2}〕{9000 + pop.serial('old_decision')}号",
            crime=CRIME[FAKE_GOODS],
            party_id=Exact(fifteen(party.id)),
        )
        case(name, row, lead, condition, None if lead else "threshold_same_party_transfer_outside_window")
    for name, transferred, lead, condition in (
        (
            "threshold_same_party_transfer_after_as_of",
            w.day(1),
            True,
            "同一当事人移送日期 = as_of + 1，在窗口外",
        ),
        (
            "threshold_same_party_transfer_on_as_of",
            w.day(0),
            False,
            "同一当事人移送日期 = as_of（窗口含终点）",
        ),
    ):
        party = pop.person()
        row = penalty(BUSINESS, amount=55000.0, party=party)
        rec.case_transfer(w, party=party, transferred=transferred, linked=None, crime=CRIME[BUSINESS])
        case(name, row, lead, condition, None if lead else "threshold_same_party_transfer_after_as_of")
    for name, offset, lead, condition in (
        (
            "threshold_same_party_criminal_case_before_window",
            -366,
            True,
            "同一当事人刑事立案日期 = 处罚日 − 366",
        ),
        ("threshold_same_party_criminal_case_in_window", 20, False, "同一当事人在窗口内被刑事立案"),
    ):
        party = pop.person()
        row = penalty(FARMLAND, quantity=30.0, unit="亩", party=party)
        rec.criminal_case(w, party=party, filed=_day(row) + timedelta(days=offset), crime=CRIME[FARMLAND])
        case(name, row, lead, condition, None if lead else "threshold_same_party_criminal_case_before_window")


def _day(row: Row) -> date:
    value = row["处罚决定日期"]
    assert isinstance(value, date)
    return value
