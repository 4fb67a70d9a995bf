"""Model 7, fire-hazard-complaints-unhandled: 消防隐患投诉未处置（电动自行车飞线充电等）."""

from __future__ import annotations

from datetime import date, datetime

from clueloop.synth import records as rec
from clueloop.synth.people import HOME_REGIONS, ROADS
from clueloop.synth.words import FIRE_COMPLAINTS, ORDINARY_COMPLAINTS
from clueloop.synth.world import Cell, Exact, World

MODEL = "fire-hazard-complaints-unhandled"
WINDOW = 180


def plant(w: World) -> None:
    rng, pop = w.rng, w.pop

    def address(name: str) -> str:
        region = rng.choice(HOME_REGIONS)
        return f"{region.name}{rng.choice(ROADS)}{rng.randint(1, 500)}号{name}"

    def tickets(
        name: str, moments: list[datetime], written: list[Cell] | None = None, fire: bool = True
    ) -> None:
        where = address(name)
        for i, when in enumerate(moments):
            template = rng.choice(FIRE_COMPLAINTS if fire else ORDINARY_COMPLAINTS)
            community = written[i] if written else name
            content = template.format(n=rng.randint(1, 30))
            rec.hotline_ticket(w, when=when, content=content, community=community, address=where)

    def inspect(name: str, on: date, *, by_address: bool = False) -> None:
        if by_address:
            place, where = f"{rng.choice(('便利店', '小吃店', '快递驿站'))}", address(name) + "底商"
        else:
            place, where = f"{name}物业服务中心", address(name)
        rec.fire_inspection(w, place=place, address=where, inspected=on)

    def case(name: str, community: str, lead: bool, condition: str, twin: str | None = None) -> None:
        w.expect(name, MODEL, lead=lead, key=(community,), condition=condition, twin=twin)

    base = "fire_three_complaints_without_inspection"
    name = pop.community()
    tickets(name, [w.at(-150), w.at(-90), w.at(-20)])
    case(base, name, True, "窗口内 3 件消防隐患投诉（= min_tickets），首次投诉以来无消防检查")
    name = pop.community()
    tickets(name, [w.at(-150), w.at(-20)])
    case("fire_two_complaints", name, False, "窗口内只有 2 件投诉 < min_tickets", base)
    name = pop.community()
    tickets(name, [w.at(-WINDOW, 23, 30), w.at(-60), w.at(-10)])
    case(
        "fire_ticket_exactly_window_days_old",
        name,
        False,
        "一件投诉在 as_of − 180 当日（23:30），窗口为 (as_of − 180, as_of]，只计 2 件",
        "fire_ticket_window_minus_one_days_old",
    )
    name = pop.community()
    tickets(name, [w.at(-WINDOW + 1, 0, 10), w.at(-60), w.at(-10)])
    case(
        "fire_ticket_window_minus_one_days_old", name, True, "最早一件在 as_of − 179（00:10），3 件都在窗口内"
    )
    name = pop.community()
    tickets(name, [w.at(-WINDOW - 40), w.at(-90), w.at(-30), w.at(1)])
    case(
        "fire_ticket_after_as_of_not_counted",
        name,
        False,
        "窗口外一件、as_of 之后一件，窗口内只有 2 件",
        base,
    )

    name = pop.community()
    tickets(
        name,
        [w.at(-120), w.at(-80), w.at(-15)],
        [Exact(f"{name}小区"), Exact(name), Exact(f"{name[:2]} {name[2:]}")],
    )
    case(
        "fire_xiaoqu_suffix_and_spaces_grouped",
        name,
        True,
        "“X小区”“X”“X 含空格”规范化为同一小区（去空白与末尾小区）",
    )
    stem = pop.community_stem()
    tickets(
        stem + "花园",
        [w.at(-100), w.at(-50), w.at(-5)],
        [Exact(f"{stem}花园"), Exact(f"{stem}花园"), Exact(f"{stem}小区")],
    )
    case(
        "fire_huayuan_is_part_of_the_name",
        stem + "花园",
        False,
        "“花园”是名称的一部分：X花园 2 件、X小区 1 件不合并",
        base,
    )
    case("fire_huayuan_stem_alone", stem, False, "“X小区”规范化为“X”，只有 1 件", base)

    for name_, inspected, lead, condition, twin in (
        (
            "fire_inspection_after_first_complaint",
            -60,
            False,
            "首次投诉后、as_of 前有消防检查（检查场所含小区名）",
            base,
        ),
        (
            "fire_inspection_on_first_complaint_day",
            -150,
            False,
            "检查日期 = 首次投诉日（含）",
            "fire_inspection_day_before_first_complaint",
        ),
        (
            "fire_inspection_day_before_first_complaint",
            -151,
            True,
            "检查日期 = 首次投诉日 − 1：不算处置",
            None,
        ),
        ("fire_inspection_after_as_of", 1, True, "检查日期 = as_of + 1：不在 [首次投诉日, as_of] 内", None),
        ("fire_inspection_on_as_of", 0, False, "检查日期 = as_of（含）", "fire_inspection_after_as_of"),
    ):
        name = pop.community()
        tickets(name, [w.at(-150, 9, 0), w.at(-90), w.at(-20)])
        inspect(name, w.day(inspected))
        case(name_, name, lead, condition, twin)
    name = pop.community()
    tickets(name, [w.at(-150), w.at(-90), w.at(-20)])
    inspect(name, w.day(-30), by_address=True)
    case("fire_inspection_address_contains_name", name, False, "检查场所不含小区名，但场所地址包含", base)
    name = pop.community()
    tickets(name, [w.at(-WINDOW - 60), w.at(-100), w.at(-50), w.at(-10)])
    inspect(name, w.day(-WINDOW - 20))
    case(
        "fire_first_complaint_is_earliest_inside_window",
        name,
        True,
        "窗口外的投诉之后有检查，但早于窗口内最早投诉：不算处置",
    )

    name = pop.community()
    tickets(name, [w.at(-100), w.at(-60), w.at(-30), w.at(-3)], fire=False)
    case("fire_complaints_without_keywords", name, False, "4 件投诉，诉求内容均不含关键词", base)
    name = pop.community()
    tickets(name, [w.at(-100), w.at(-60), w.at(-30)], [None, Exact(""), Exact(" ")])
    case(
        "fire_complaints_without_xiaoqu",
        name,
        False,
        "所属小区为空的工单不分组（小区名只在事发地址中）",
        base,
    )
