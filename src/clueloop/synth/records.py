"""One builder per dataset kind: a realistic row from the few values a case cares about.

Every builder fills all canonical columns of its kind (agency, numbers, texts) and adds the row to the
world. An ID argument left at ``SAME`` is the subject's own clean ID; pass any text (a wrong check
character, an :class:`~clueloop.synth.world.Exact` 15-digit form, ``None``) to write that instead.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Final

from clueloop.synth import words
from clueloop.synth.people import Org, Person, Region, School, city_of
from clueloop.synth.world import Cell, Row, World


class _Same:
    def __repr__(self) -> str:
        return "SAME"


SAME: Final = _Same()
IdArg = Cell | _Same


def _id(value: IdArg, own: str) -> Cell:
    return own if isinstance(value, _Same) else value


def _party_id(party: Person | Org) -> str:
    return party.id if isinstance(party, Person) else party.uscc


def _short(region: Region) -> str:
    """杭州市西湖区 → 杭西, the way 文号 abbreviate their organ."""
    return city_of(region)[:1] + region.name.split("市")[-1][:1]


# --- 行刑衔接 ---------------------------------------------------------------------------------------


def admin_penalty(
    w: World,
    *,
    party: Person | Org,
    offence: str,
    decided: date,
    amount: Cell = None,
    quantity: Cell = None,
    unit: str | None = None,
    party_id: IdArg = SAME,
) -> Row:
    rng = w.rng
    region = party.region
    number = f"{_short(region)}市监罚处〔{decided.year}〕{w.pop.serial('admin_penalty')}号"
    person = isinstance(party, Person)
    return w.add(
        "admin_penalty",
        {
            "决定书文号": number,
            "执法机关": f"{city_of(region)}市{region.name.split('市')[-1] or ''}市场监督管理局",
            "当事人类型": "自然人" if person else "法人",
            "当事人名称": party.name,
            "证件号码": _id(party_id, _party_id(party)),
            "违法行为类型": offence,
            "违法事实": f"经查，当事人于{decided.year}年{max(decided.month - 2, 1)}月起{offence}。",
            "处罚种类": rng.choice(words.PUNISHMENTS),
            "罚款金额": float(rng.randint(10, 2000) * 100),
            "涉案金额": amount,
            "涉案数量": quantity,
            "计量单位": unit,
            "处罚决定日期": decided,
            "地址": party.address if isinstance(party, Org) else w.pop.address(region),
        },
    )


def case_transfer(
    w: World,
    *,
    party: Person | Org,
    transferred: date,
    linked: Cell,
    crime: str,
    party_id: IdArg = SAME,
) -> Row:
    region = party.region
    return w.add(
        "case_transfer",
        {
            "移送文号": f"{_short(region)}市监移〔{transferred.year}〕{w.pop.serial('case_transfer')}号",
            "移送机关": f"{city_of(region)}市市场监督管理局",
            "当事人名称": party.name,
            "证件号码": _id(party_id, _party_id(party)),
            "涉嫌罪名": crime,
            "移送日期": transferred,
            "接收机关": f"{city_of(region)}市公安局",
            "关联处罚决定书文号": linked,
        },
    )


def criminal_case(w: World, *, party: Person | Org, filed: date, crime: str, party_id: IdArg = SAME) -> Row:
    n = w.pop.serial("criminal_case")
    return w.add(
        "criminal_case",
        {
            "案件编号": f"A{party.region.code}{filed.year}{n:07d}",
            "案件名称": f"{party.name}{crime[:-1]}案",
            "罪名": crime,
            "嫌疑人姓名": party.name,
            "证件号码": _id(party_id, _party_id(party)),
            "立案日期": filed,
            "办案单位": f"{city_of(party.region)}市公安局{party.region.name.split('市')[-1]}分局",
        },
    )


def criminal_judgment(
    w: World,
    *,
    defendant: Person | Org,
    judged: date,
    crime: str,
    case_no: str | None = None,
    defendant_id: IdArg = SAME,
) -> Row:
    region = defendant.region
    case_no = case_no or judgment_number(w, region, judged)
    return w.add(
        "criminal_judgment",
        {
            "案号": case_no,
            "审判法院": f"{city_of(region)}市{region.name.split('市')[-1]}人民法院",
            "被告人姓名": defendant.name,
            "证件号码": _id(defendant_id, _party_id(defendant)),
            "罪名": crime,
            "判决日期": judged,
            "判处刑罚": w.rng.choice(words.SENTENCES),
        },
    )


def judgment_number(w: World, region: Region, judged: date) -> str:
    return f"（{judged.year}）浙{region.code[2:6]}刑初{w.pop.serial('judgment')}号"


def pil_case(w: World, *, party: Person | Org, filed: date, domain: str, party_id: IdArg = SAME) -> Row:
    n = w.pop.serial("pil_case")
    return w.add(
        "pil_case",
        {
            "案件编号": f"{_short(party.region)}检公益受〔{filed.year}〕{n}号",
            "领域": domain,
            "被监督对象名称": party.name,
            "证件号码": _id(party_id, _party_id(party)),
            "立案日期": filed,
            "办案检察院": f"{city_of(party.region)}市{party.region.name.split('市')[-1]}人民检察院",
        },
    )


def public_security_penalty(
    w: World, *, person: Person, decided: date, offence: str, person_id: IdArg = SAME
) -> Row:
    region = person.region
    n = w.pop.serial("public_security_penalty")
    return w.add(
        "public_security_penalty",
        {
            "决定书文号": f"{_short(region)}公(治)行罚决字〔{decided.year}〕{n}号",
            "被处罚人姓名": person.name,
            "证件号码": _id(person_id, person.id),
            "违法行为": offence,
            "处罚种类": w.rng.choice(words.PS_PUNISHMENTS),
            "决定日期": decided,
            "办案单位": f"{city_of(region)}市公安局{region.name.split('市')[-1]}分局",
        },
    )


def postal_violation(
    w: World,
    *,
    sender: Person,
    item: str,
    seized: date,
    decision: IdArg = SAME,
    sender_id: IdArg = SAME,
) -> Row:
    n = w.pop.serial("postal_violation")
    number = f"浙邮管罚〔{seized.year}〕{n}号"
    return w.add(
        "postal_violation",
        {
            "记录编号": f"YZ{seized:%Y%m}{n:05d}",
            "快递企业": w.rng.choice(words.EXPRESS),
            "寄件人姓名": sender.name,
            "寄件人证件号码": _id(sender_id, sender.id),
            "寄件人电话": sender.phone,
            "禁寄物品名称": item,
            "数量": str(w.rng.randint(1, 20)),
            "查获日期": seized,
            "行政处罚决定书文号": _id(decision, number),
        },
    )


# --- 民事执行监督 ------------------------------------------------------------------------------------


def dishonest_debtor(
    w: World,
    *,
    debtor: Person | Org,
    published: date,
    performance: str,
    revoked: date | None = None,
    debtor_id: IdArg = SAME,
) -> Row:
    region = debtor.region
    filed = published - timedelta(days=w.rng.randint(60, 400))
    return w.add(
        "dishonest_debtor",
        {
            "执行案号": f"（{filed.year}）浙{region.code[2:6]}执{w.pop.serial('enforcement')}号",
            "被执行人姓名": debtor.name,
            "证件号码": _id(debtor_id, _party_id(debtor)),
            "执行法院": f"{city_of(region)}市{region.name.split('市')[-1]}人民法院",
            "立案日期": filed,
            "发布日期": published,
            "履行情况": performance,
            "执行标的金额": float(w.rng.randint(5, 5000) * 1000),
            "撤销日期": revoked,
        },
    )


def student_enrollment(
    w: World,
    *,
    student: Person,
    school: School,
    enrolled: date,
    left: date | None,
    guardian1: Person | None,
    guardian2: Person | None = None,
    guardian1_id: IdArg = SAME,
    guardian2_id: IdArg = SAME,
) -> Row:
    return w.add(
        "student_enrollment",
        {
            "学籍号": "G" + student.id,
            "学生姓名": student.name,
            "学生证件号码": student.id,
            "学校名称": school.name,
            "学校标识码": school.code,
            "办学性质": "民办" if school.private else "公办",
            "入学日期": enrolled,
            "离校日期": left,
            "监护人一姓名": guardian1.name if guardian1 else None,
            "监护人一证件号码": _id(guardian1_id, guardian1.id) if guardian1 else None,
            "监护人二姓名": guardian2.name if guardian2 else None,
            "监护人二证件号码": _id(guardian2_id, guardian2.id) if guardian2 else None,
        },
    )


def school_fee(w: World, *, school: School, year: int, fee: float) -> Row:
    return w.add(
        "school_fee",
        {"学校标识码": school.code, "学校名称": school.name, "学年": f"{year}-{year + 1}学年", "学费": fee},
    )


# --- 刑事执行监督 ------------------------------------------------------------------------------------


def community_correction(
    w: World, *, person: Person, start: date, end: date, region: Cell, person_id: IdArg = SAME
) -> Row:
    home = person.region
    return w.add(
        "community_correction",
        {
            "姓名": person.name,
            "证件号码": _id(person_id, person.id),
            "罪名": w.rng.choice(words.CORRECTION_CRIMES),
            "矫正类别": w.rng.choice(words.CORRECTION_TYPES),
            "矫正开始日期": start,
            "矫正结束日期": end,
            "执行地区划代码": region,
            "矫正机构": f"{city_of(home)}市{home.name.split('市')[-1]}司法局社区矫正中心",
        },
    )


def correction_leave(w: World, *, person: Person, start: date, end: date, destination: Cell) -> Row:
    return w.add(
        "correction_leave",
        {
            "证件号码": person.id,
            "姓名": person.name,
            "外出开始日期": start,
            "外出结束日期": end,
            "目的地区划代码": destination,
            "审批机关": f"{person.region.name.split('市')[-1]}司法局",
        },
    )


def driver_license(
    w: World,
    *,
    person: Person,
    first: date,
    until: Cell,
    status: str = "正常",
    changed: date | None = None,
    licence_class: str | None = None,
) -> Row:
    return w.add(
        "driver_license",
        {
            "证件号码": person.id,
            "姓名": person.name,
            "准驾车型": licence_class or w.rng.choice(words.LICENCE_CLASSES),
            "状态": status,
            "初次领证日期": first,
            "有效期止": until,
            "状态变更日期": changed,
        },
    )


def traffic_violation(
    w: World,
    *,
    driver: Person | None,
    when: datetime,
    region: Cell,
    plate: str | None = None,
    driver_id: IdArg = SAME,
) -> Row:
    n = w.pop.serial("traffic_violation")
    place_region = str(region)[:6]
    return w.add(
        "traffic_violation",
        {
            "记录编号": f"{place_region}{when:%y%m%d}{n:07d}",
            "号牌号码": plate,
            "驾驶人姓名": driver.name if driver else None,
            "驾驶人证件号码": _id(driver_id, driver.id) if driver else None,
            "违法时间": when,
            "违法地点": f"{w.rng.choice(('文三路', '延安路', '中山北路', 'G60沪昆高速', 'G15沈海高速'))}"
            f"{w.rng.randint(1, 300)}号附近",
            "违法地区划代码": region,
            "违法行为": w.rng.choice(words.TRAFFIC_OFFENCES),
            "采集方式": w.rng.choice(words.CAPTURE),
        },
    )


def vehicle_registration(w: World, *, owner: Person | Org, plate: str, registered: date) -> Row:
    return w.add(
        "vehicle_registration",
        {
            "号牌号码": plate,
            "号牌种类": w.rng.choice(words.PLATE_TYPES),
            "所有人": owner.name,
            "所有人证件号码": _party_id(owner),
            "注册日期": registered,
        },
    )


# --- 公益诉讼 ---------------------------------------------------------------------------------------


def hotline_ticket(w: World, *, when: datetime, content: str, community: Cell, address: str) -> Row:
    n = w.pop.serial("hotline_ticket")
    done = when + timedelta(days=w.rng.randint(1, 15), hours=w.rng.randint(0, 8))
    return w.add(
        "hotline_ticket",
        {
            "工单编号": f"GD{when:%Y%m%d}{n:06d}",
            "来电时间": when,
            "诉求内容": content,
            "事发地址": address,
            "所属街道": w.rng.choice(words.STREETS),
            "所属小区": community,
            "承办单位": w.rng.choice(words.HANDLERS),
            "办结时间": done if done.date() <= w.as_of else None,
        },
    )


def fire_inspection(w: World, *, place: str, address: str, inspected: date) -> Row:
    n = w.pop.serial("fire_inspection")
    return w.add(
        "fire_inspection",
        {
            "检查编号": f"杭消检字〔{inspected.year}〕第{n}号",
            "检查场所": place,
            "场所地址": address,
            "检查日期": inspected,
            "发现问题": w.rng.choice(words.FIRE_PROBLEMS),
            "处理措施": w.rng.choice(words.FIRE_MEASURES),
        },
    )


def safety_inspection(
    w: World,
    *,
    org: Org,
    major: str,
    deadline: date,
    reviewed: date | None,
    conclusion: str | None,
    uscc: IdArg = SAME,
) -> Row:
    n = w.pop.serial("safety_inspection")
    inspected = deadline - timedelta(days=w.rng.randint(15, 60))
    hazards = words.HAZARDS_MAJOR if major == "是" else words.HAZARDS_MINOR
    return w.add(
        "safety_inspection",
        {
            "检查编号": f"（{_short(org.region)}）应急检〔{inspected.year}〕{n}号",
            "企业名称": org.name,
            "统一社会信用代码": _id(uscc, org.uscc),
            "检查日期": inspected,
            "隐患描述": w.rng.choice(hazards),
            "是否重大隐患": major,
            "整改期限": deadline,
            "复查日期": reviewed,
            "复查结论": conclusion,
        },
    )


def business_license(w: World, *, org: Org, licence: str, start: date | None, end: Cell) -> Row:
    n = w.pop.serial("business_license")
    year = start.year if start else w.as_of.year - 3
    prefix = {"危险化学品经营许可证": "WH安经", "烟花爆竹经营许可证": "YH经"}.get(licence, "JY")
    return w.add(
        "business_license",
        {
            "许可证编号": f"（浙）{prefix}字〔{year}〕{n:06d}",
            "许可类型": licence,
            "企业名称": org.name,
            "统一社会信用代码": org.uscc,
            "有效期起": start,
            "有效期止": end,
        },
    )


def sales_invoice(w: World, *, seller: Org, goods: str, issued: date, seller_id: IdArg = SAME) -> Row:
    n = w.pop.serial("sales_invoice")
    return w.add(
        "sales_invoice",
        {
            "发票号码": f"{issued:%y}33{n:016d}",
            "销售方名称": seller.name,
            "销售方税号": _id(seller_id, seller.uscc),
            "购买方名称": w.rng.choice(
                ("个人", "杭州市某某物业管理有限公司", "某某建设集团有限公司", "散客")
            ),
            "商品名称": goods,
            "金额": w.rng.randint(1_000, 5_000_000) / 100,
            "开票日期": issued,
        },
    )
