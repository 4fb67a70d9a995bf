"""Model 6, criminal-case-pil-lead: 刑事案件涉公益损害未启动公益诉讼."""

from __future__ import annotations

from datetime import date, timedelta

from clueloop.synth import records as rec
from clueloop.synth.dirt import wrong_check
from clueloop.synth.people import Org, Person
from clueloop.synth.world import Exact, Row, World

MODEL = "criminal-case-pil-lead"


def plant(w: World) -> None:
    rng, pop = w.rng, w.pop

    def judgment(crime: str, party: Person | Org | None = None, case_no: str | None = None) -> Row:
        return rec.criminal_judgment(
            w,
            defendant=party or pop.person(),
            judged=w.day(-rng.randint(20, 400)),
            crime=crime,
            case_no=case_no,
        )

    def case(name: str, row: Row, lead: bool, condition: str, twin: str | None = None) -> None:
        key = (str(row["案号"]), str(row["证件号码"]))
        w.expect(name, MODEL, lead=lead, key=key, condition=condition, twin=twin)

    base = "pil_pollution_without_pil_case"
    case(base, judgment("污染环境罪"), True, "污染环境罪（生态环境和资源保护），被告人无公益诉讼立案")

    for name, offset, lead, condition in (
        ("pil_case_366_days_before_judgment", -366, True, "公益诉讼立案日期 = 判决日期 − 366，早于窗口"),
        (
            "pil_case_365_days_before_judgment",
            -365,
            False,
            "公益诉讼立案日期 = 判决日期 − 365（≥ 判决日期 − 365）",
        ),
    ):
        person = pop.person()
        row = judgment("非法捕捞水产品罪", person)
        judged = row["判决日期"]
        assert isinstance(judged, date)
        rec.pil_case(w, party=person, filed=judged + timedelta(days=offset), domain="生态环境和资源保护")
        case(name, row, lead, condition, None if lead else "pil_case_366_days_before_judgment")

    person = pop.person()
    row = judgment("生产、销售有毒、有害食品罪", person)
    judged = row["判决日期"]
    assert isinstance(judged, date)
    rec.pil_case(w, party=person, filed=judged + timedelta(days=40), domain="国有财产保护")
    case("pil_case_of_any_domain_suppresses", row, False, "判决后立案的公益诉讼案件，领域不同也算", base)

    case(
        "pil_crime_not_in_table",
        judgment(rng.choice(("盗窃罪", "诈骗罪", "危险驾驶罪"))),
        False,
        "罪名不在对照表中",
        base,
    )
    case(
        "pil_crime_text_differs",
        judgment("生产销售伪劣产品罪"),
        False,
        "罪名“生产销售伪劣产品罪”与表中“生产、销售伪劣产品罪”不完全相同",
        "pil_crime_with_surrounding_spaces",
    )
    case(
        "pil_crime_with_surrounding_spaces",
        judgment(Exact(" 生产、销售伪劣产品罪  ")),
        True,
        "罪名去除首尾空白后与表中相同",
    )

    # Co-defendants of one judgment: one lead per (案号, 被告人).
    first, second = pop.person(), pop.person()
    row = judgment("滥伐林木罪", first)
    case("pil_co_defendant_without_pil_case", row, True, "共同被告人之一无公益诉讼立案")
    judged = row["判决日期"]
    assert isinstance(judged, date)
    row = rec.criminal_judgment(
        w, defendant=second, judged=judged, crime="滥伐林木罪", case_no=str(row["案号"])
    )
    rec.pil_case(w, party=second, filed=judged + timedelta(days=10), domain="生态环境和资源保护")
    case(
        "pil_co_defendant_with_pil_case",
        row,
        False,
        "同案另一被告人已有公益诉讼立案",
        "pil_co_defendant_without_pil_case",
    )

    case(
        "pil_company_defendant",
        judgment("污染环境罪", pop.org(trade=("化工", "有限公司"))),
        True,
        "被告单位（统一社会信用代码）",
    )
    case(
        "pil_personal_information", judgment("侵犯公民个人信息罪"), True, "侵犯公民个人信息罪（个人信息保护）"
    )
    row = judgment("重大责任事故罪")
    key = (str(row["案号"]), str(row["证件号码"]))
    row["证件号码"] = wrong_check(key[1])
    w.expect(
        "pil_defendant_id_wrong_check_character",
        MODEL,
        lead=False,
        key=key,
        condition="被告人证件号码校验位错误：不产生线索",
        twin=base,
    )
