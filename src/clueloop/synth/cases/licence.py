"""Model 8, expired-license-still-operating: 许可证过期仍经营."""

from __future__ import annotations

from datetime import date, timedelta

from clueloop.synth import records as rec
from clueloop.synth.dirt import wrong_check
from clueloop.synth.people import Org
from clueloop.synth.words import FIREWORKS, HAZCHEM, LICENCE_GOODS, ORDINARY_GOODS
from clueloop.synth.world import Cell, Exact, World

MODEL = "expired-license-still-operating"


def plant(w: World) -> None:
    rng, pop = w.rng, w.pop

    def days(n: int) -> timedelta:
        return timedelta(days=n)

    def shop(licence: str = HAZCHEM, *, start: date | None = None, end: Cell = None) -> tuple[Org, date]:
        """An organisation with one licence; returns it and the licence's 有效期止 (or as_of)."""
        org = pop.org(trade=("石油销售", "有限公司") if licence == HAZCHEM else ("烟花爆竹经营", "部"))
        expiry = end if isinstance(end, date) else w.day(-rng.randint(60, 300))
        rec.business_license(
            w, org=org, licence=licence, start=start or expiry - days(1095), end=end or expiry
        )
        return org, expiry

    def sell(
        org: Org, on: date, goods: str | None = None, licence: str = HAZCHEM, seller_id: Cell = None
    ) -> None:
        goods = goods or rng.choice(LICENCE_GOODS[licence])
        if seller_id is None:
            rec.sales_invoice(w, seller=org, goods=goods, issued=on)
        else:
            rec.sales_invoice(w, seller=org, goods=goods, issued=on, seller_id=seller_id)

    def case(
        name: str, org: Org, lead: bool, condition: str, twin: str | None = None, licence: str = HAZCHEM
    ) -> None:
        w.expect(name, MODEL, lead=lead, key=(org.uscc, licence), condition=condition, twin=twin)

    base = "licence_invoice_day_after_expiry"
    org, expiry = shop()
    sell(org, expiry - days(30))
    sell(org, expiry + days(1))
    case(base, org, True, "危险化学品经营许可证有效期止次日开具汽油等发票")
    org, expiry = shop()
    sell(org, expiry)
    case("licence_invoice_on_expiry_day", org, False, "开票日期 = 有效期止（仍覆盖）", base)
    org, start = shop(start=w.day(-200), end=w.day(800))
    sell(org, w.day(-201))
    case(
        "licence_invoice_before_first_licence",
        org,
        False,
        "开票日期早于第一张许可证的有效期起，不是“过期后”",
        base,
    )
    org, expiry = shop()
    rec.business_license(w, org=org, licence=HAZCHEM, start=expiry + days(1), end=expiry + days(1096))
    sell(org, expiry + days(20))
    case(
        "licence_renewed_covers_invoice",
        org,
        False,
        "换发的新证（有效期起 = 旧证止 + 1）覆盖开票日期",
        "licence_renewal_gap",
    )
    org, expiry = shop()
    rec.business_license(w, org=org, licence=HAZCHEM, start=expiry + days(30), end=expiry + days(1125))
    sell(org, expiry + days(10))
    case("licence_renewal_gap", org, True, "新证有效期起晚于开票日期：空档期内开票")
    org, expiry = shop()
    sell(org, expiry + days(15), rng.choice(ORDINARY_GOODS))
    case("licence_goods_without_keyword", org, False, "过期后开票，但商品名称不含该类型关键词", base)
    org, expiry = shop()
    sell(org, expiry + days(15), "鞭炮")
    case(
        "licence_goods_of_another_type",
        org,
        False,
        "危化许可证过期后销售鞭炮（烟花爆竹关键词），类型不对",
        base,
    )
    org, expiry = shop(FIREWORKS)
    sell(org, expiry + days(40), "鞭炮", FIREWORKS)
    case("licence_fireworks_bianpao", org, True, "烟花爆竹经营许可证过期后销售“鞭炮”", licence=FIREWORKS)
    org, _ = shop(start=w.day(-2000), end="长期")
    sell(org, w.day(-10))
    case("licence_long_term", org, False, "有效期止 = 长期：无终止日", base)

    org, _ = shop(start=w.day(-1000), end=w.day(700))
    fw_expiry = w.day(-100)
    rec.business_license(w, org=org, licence=FIREWORKS, start=fw_expiry - days(1095), end=fw_expiry)
    sell(org, w.day(-50))
    sell(org, w.day(-50), "组合烟花", FIREWORKS)
    case(
        "licence_two_types_fireworks_expired",
        org,
        True,
        "同一企业：烟花爆竹证过期后销售烟花",
        licence=FIREWORKS,
    )
    case("licence_two_types_hazchem_valid", org, False, "同一企业：危化证有效，销售汽油不是线索", base)

    org, expiry = shop()
    sell(org, expiry + days(5), seller_id=wrong_check(org.uscc))
    case("licence_seller_tax_id_wrong_check_character", org, False, "销售方税号校验位错误：不匹配", base)
    org, expiry = shop()
    sell(org, expiry + days(5), seller_id=Exact(org.uscc.lower()))
    case("licence_seller_tax_id_lower_case", org, True, "销售方税号小写，规范化后匹配")
    org, expiry = shop("危险化学品经营许可")
    sell(org, expiry + days(5), "92#汽油")
    case(
        "licence_type_not_in_goods_table",
        org,
        False,
        "许可类型“危险化学品经营许可”不在商品表中（须完全相同）",
        base,
        licence="危险化学品经营许可",
    )
