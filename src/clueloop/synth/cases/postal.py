"""Model 1, postal-sender-not-referred: 寄递禁寄物品违规人员未移送公安."""

from __future__ import annotations

from datetime import timedelta

from clueloop.synth import records as rec
from clueloop.synth.dirt import fifteen, wrong_check
from clueloop.synth.words import DANGEROUS_ITEMS, HARMLESS_ITEMS, POSTAL_OFFENCE, PS_OFFENCES
from clueloop.synth.world import Exact, World

MODEL = "postal-sender-not-referred"
BASE = "postal_dangerous_item_not_referred"


def plant(w: World) -> None:
    rng, pop = w.rng, w.pop

    def case(name: str, lead: bool, key: str, condition: str, twin: str | None = None) -> None:
        twin = twin or (None if lead else BASE)  # a near miss's other side is the plain lead by default
        w.expect(name, MODEL, lead=lead, key=(key,), condition=condition, twin=twin)

    def old() -> int:
        return -rng.randint(40, 300)

    p = pop.person()
    rec.postal_violation(w, sender=p, item=rng.choice(DANGEROUS_ITEMS), seized=w.day(old()))
    case(BASE, True, p.id, "危险物品、有处罚文号、查获满 30 天、无治安处罚")

    p = pop.person()
    rec.postal_violation(w, sender=p, item="一次性打火机", seized=w.day(-30))
    case("postal_seizure_exactly_30_days_old", True, p.id, "查获日期 = as_of − 30：恰满 grace_days，是线索")
    p = pop.person()
    rec.postal_violation(w, sender=p, item="一次性打火机", seized=w.day(-29))
    case(
        "postal_seizure_29_days_old",
        False,
        p.id,
        "查获日期 = as_of − 29：未满 grace_days",
        "postal_seizure_exactly_30_days_old",
    )

    p = pop.person()
    rec.postal_violation(w, sender=p, item="爆竹", seized=w.day(old()))
    case("postal_item_baozhu", True, p.id, "禁寄物品名称包含“爆竹”")
    p = pop.person()
    rec.postal_violation(w, sender=p, item="鞭炮", seized=w.day(old()))
    case("postal_item_bianpao", False, p.id, "“鞭炮”不包含“爆竹”（纯子串匹配）", "postal_item_baozhu")
    p = pop.person()
    rec.postal_violation(w, sender=p, item=rng.choice(HARMLESS_ITEMS), seized=w.day(old()))
    case("postal_item_not_dangerous", False, p.id, "禁寄物品不含任何 dangerous_items 词")

    p = pop.person()
    rec.postal_violation(w, sender=p, item="丁烷气罐", seized=w.day(old()), decision=None)
    case(
        "postal_empty_decision_number",
        False,
        p.id,
        "行政处罚决定书文号为空",
    )

    p = pop.person()
    seized = w.day(old())
    rec.postal_violation(w, sender=p, item="汽油", seized=seized)
    rec.public_security_penalty(w, person=p, decided=seized - timedelta(days=1), offence=POSTAL_OFFENCE)
    case("postal_ps_penalty_day_before_seizure", True, p.id, "治安处罚决定日期在查获日期前一天，不抵消")
    p = pop.person()
    seized = w.day(old())
    rec.postal_violation(w, sender=p, item="汽油", seized=seized)
    rec.public_security_penalty(w, person=p, decided=seized, offence=POSTAL_OFFENCE)
    case(
        "postal_ps_penalty_on_seizure_day",
        False,
        p.id,
        "治安处罚决定日期 = 查获日期（当日或之后即抵消）",
        "postal_ps_penalty_day_before_seizure",
    )
    p = pop.person()
    seized = w.day(old())
    rec.postal_violation(w, sender=p, item="医用酒精", seized=seized)
    rec.public_security_penalty(
        w, person=p, decided=seized + timedelta(days=90), offence=rng.choice(PS_OFFENCES)
    )
    case("postal_ps_penalty_for_any_offence", False, p.id, "查获后任何违法行为的治安处罚都抵消")
    p = pop.person()
    seized = w.day(old())
    rec.postal_violation(w, sender=p, item="管制刀具（弹簧刀）", seized=seized)
    rec.public_security_penalty(
        w, person=p, decided=seized + timedelta(days=10), offence=POSTAL_OFFENCE, person_id=wrong_check(p.id)
    )
    case(
        "postal_ps_penalty_with_invalid_id_does_not_suppress",
        True,
        p.id,
        "治安处罚的证件号码校验位错误，视为缺失，不能抵消",
    )
    p = pop.person()
    first, second = w.day(-200), w.day(-60)
    rec.postal_violation(w, sender=p, item="烟花", seized=first)
    rec.public_security_penalty(w, person=p, decided=w.day(-120), offence=POSTAL_OFFENCE)
    rec.postal_violation(w, sender=p, item="打火机", seized=second)
    case(
        "postal_second_seizure_after_ps_penalty",
        True,
        p.id,
        "处罚只抵消其之前或当日的查获，之后的再次查获仍是线索",
    )

    p = pop.person()
    rec.postal_violation(w, sender=p, item="卡式炉气罐", seized=w.day(old()), sender_id=wrong_check(p.id))
    case(
        "postal_sender_id_wrong_check_character", False, p.id, "寄件人证件号码校验位错误：无效号码不产生线索"
    )
    p = pop.person()
    rec.postal_violation(w, sender=p, item="卡式炉气罐", seized=w.day(old()), sender_id=None)
    case("postal_sender_id_empty", False, p.id, "寄件人证件号码为空")

    p = pop.person(born_19xx=True)
    rec.postal_violation(w, sender=p, item="打火机", seized=w.day(old()), sender_id=Exact(fifteen(p.id)))
    rec.postal_violation(
        w, sender=p, item="丁烷", seized=w.day(old()), sender_id=Exact(p.id.translate(_FULL_WIDTH).lower())
    )
    case(
        "postal_same_sender_15_digit_and_full_width_one_lead",
        True,
        p.id,
        "15 位旧号码与全角号码规范化为同一人，一人一条线索",
    )


_FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９ｘ")
