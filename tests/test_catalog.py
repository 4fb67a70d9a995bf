"""The dataset kinds declared in ``catalog/kinds`` match DOMAIN.md ("Dataset kinds"), the contract."""

from __future__ import annotations

import pytest

from clueloop.catalog import Kind, Role, get_kind, kind_names, load_kinds
from clueloop.catalog.registry import UnknownKindError

# Canonical headers, in order, exactly as DOMAIN.md lists them (notes in parentheses dropped).
EXPECTED_COLUMNS: dict[str, list[str]] = {
    "admin_penalty": [
        "决定书文号",
        "执法机关",
        "当事人类型",
        "当事人名称",
        "证件号码",
        "违法行为类型",
        "违法事实",
        "处罚种类",
        "罚款金额",
        "涉案金额",
        "涉案数量",
        "计量单位",
        "处罚决定日期",
        "地址",
    ],
    "case_transfer": [
        "移送文号",
        "移送机关",
        "当事人名称",
        "证件号码",
        "涉嫌罪名",
        "移送日期",
        "接收机关",
        "关联处罚决定书文号",
    ],
    "criminal_case": ["案件编号", "案件名称", "罪名", "嫌疑人姓名", "证件号码", "立案日期", "办案单位"],
    "criminal_judgment": ["案号", "审判法院", "被告人姓名", "证件号码", "罪名", "判决日期", "判处刑罚"],
    "pil_case": ["案件编号", "领域", "被监督对象名称", "证件号码", "立案日期", "办案检察院"],
    "public_security_penalty": [
        "决定书文号",
        "被处罚人姓名",
        "证件号码",
        "违法行为",
        "处罚种类",
        "决定日期",
        "办案单位",
    ],
    "postal_violation": [
        "记录编号",
        "快递企业",
        "寄件人姓名",
        "寄件人证件号码",
        "寄件人电话",
        "禁寄物品名称",
        "数量",
        "查获日期",
        "行政处罚决定书文号",
    ],
    "dishonest_debtor": [
        "执行案号",
        "被执行人姓名",
        "证件号码",
        "执行法院",
        "立案日期",
        "发布日期",
        "履行情况",
        "执行标的金额",
        "撤销日期",
    ],
    "student_enrollment": [
        "学籍号",
        "学生姓名",
        "学生证件号码",
        "学校名称",
        "学校标识码",
        "办学性质",
        "入学日期",
        "离校日期",
        "监护人一姓名",
        "监护人一证件号码",
        "监护人二姓名",
        "监护人二证件号码",
    ],
    "school_fee": ["学校标识码", "学校名称", "学年", "学费"],
    "community_correction": [
        "姓名",
        "证件号码",
        "罪名",
        "矫正类别",
        "矫正开始日期",
        "矫正结束日期",
        "执行地区划代码",
        "矫正机构",
    ],
    "correction_leave": ["证件号码", "姓名", "外出开始日期", "外出结束日期", "目的地区划代码", "审批机关"],
    "driver_license": ["证件号码", "姓名", "准驾车型", "状态", "初次领证日期", "有效期止", "状态变更日期"],
    "traffic_violation": [
        "记录编号",
        "号牌号码",
        "驾驶人姓名",
        "驾驶人证件号码",
        "违法时间",
        "违法地点",
        "违法地区划代码",
        "违法行为",
        "采集方式",
    ],
    "vehicle_registration": ["号牌号码", "号牌种类", "所有人", "所有人证件号码", "注册日期"],
    "hotline_ticket": [
        "工单编号",
        "来电时间",
        "诉求内容",
        "事发地址",
        "所属街道",
        "所属小区",
        "承办单位",
        "办结时间",
    ],
    "fire_inspection": ["检查编号", "检查场所", "场所地址", "检查日期", "发现问题", "处理措施"],
    "safety_inspection": [
        "检查编号",
        "企业名称",
        "统一社会信用代码",
        "检查日期",
        "隐患描述",
        "是否重大隐患",
        "整改期限",
        "复查日期",
        "复查结论",
    ],
    "business_license": ["许可证编号", "许可类型", "企业名称", "统一社会信用代码", "有效期起", "有效期止"],
    "sales_invoice": ["发票号码", "销售方名称", "销售方税号", "购买方名称", "商品名称", "金额", "开票日期"],
}

EXPECTED_TITLES = {
    "admin_penalty": "行政处罚决定",
    "case_transfer": "行政执法机关移送涉嫌犯罪案件",
    "criminal_case": "刑事立案",
    "criminal_judgment": "刑事判决",
    "pil_case": "公益诉讼案件",
    "public_security_penalty": "治安管理处罚",
    "postal_violation": "寄递禁寄物品查处记录",
    "dishonest_debtor": "失信被执行人",
    "student_enrollment": "学籍",
    "school_fee": "学校收费标准",
    "community_correction": "社区矫正对象",
    "correction_leave": "社区矫正外出审批",
    "driver_license": "机动车驾驶证",
    "traffic_violation": "交通违法记录",
    "vehicle_registration": "机动车登记",
    "hotline_ticket": "12345热线工单",
    "fire_inspection": "消防监督检查",
    "safety_inspection": "安全生产执法检查",
    "business_license": "行政许可",
    "sales_invoice": "销售发票",
}

# Every enum column and its allowed values, as DOMAIN.md lists them (是否重大隐患 is a flag, not an enum).
EXPECTED_ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("admin_penalty", "当事人类型"): ("自然人", "法人", "非法人组织"),
    ("dishonest_debtor", "履行情况"): ("全部未履行", "部分履行", "全部履行"),
    ("student_enrollment", "办学性质"): ("公办", "民办"),
    ("community_correction", "矫正类别"): ("缓刑", "假释", "管制", "暂予监外执行"),
    ("driver_license", "状态"): ("正常", "暂扣", "吊销", "注销", "停止使用"),
    ("safety_inspection", "复查结论"): ("已整改", "未整改"),
}

# "Mixed ID columns" of DOMAIN.md: 证件号码 may hold a 公民身份号码 or a USCC.
MIXED_ID_KINDS = [
    "admin_penalty",
    "case_transfer",
    "criminal_case",
    "criminal_judgment",
    "pil_case",
    "dishonest_debtor",
]

PERSON_ID_COLUMNS = [
    ("public_security_penalty", "证件号码"),
    ("postal_violation", "寄件人证件号码"),
    ("student_enrollment", "学生证件号码"),
    ("student_enrollment", "监护人一证件号码"),
    ("student_enrollment", "监护人二证件号码"),
    ("community_correction", "证件号码"),
    ("correction_leave", "证件号码"),
    ("driver_license", "证件号码"),
    ("traffic_violation", "驾驶人证件号码"),
]

ORG_ID_COLUMNS = [
    ("safety_inspection", "统一社会信用代码"),
    ("business_license", "统一社会信用代码"),
    ("sales_invoice", "销售方税号"),
]

# Columns the nine built-in models join or filter on: an export without them is useless to every model.
MODEL_INPUTS = [
    ("postal_violation", "寄件人证件号码"),
    ("postal_violation", "禁寄物品名称"),
    ("postal_violation", "查获日期"),
    ("postal_violation", "行政处罚决定书文号"),
    ("public_security_penalty", "证件号码"),
    ("public_security_penalty", "决定日期"),
    ("dishonest_debtor", "证件号码"),
    ("dishonest_debtor", "履行情况"),
    ("dishonest_debtor", "发布日期"),
    ("student_enrollment", "学生证件号码"),
    ("student_enrollment", "学校标识码"),
    ("student_enrollment", "办学性质"),
    ("student_enrollment", "入学日期"),
    ("school_fee", "学校标识码"),
    ("school_fee", "学费"),
    ("community_correction", "证件号码"),
    ("community_correction", "矫正开始日期"),
    ("community_correction", "矫正结束日期"),
    ("correction_leave", "证件号码"),
    ("correction_leave", "外出开始日期"),
    ("correction_leave", "外出结束日期"),
    ("correction_leave", "目的地区划代码"),
    ("driver_license", "证件号码"),
    ("driver_license", "初次领证日期"),
    ("driver_license", "有效期止"),
    ("driver_license", "状态"),
    ("traffic_violation", "驾驶人证件号码"),
    ("traffic_violation", "违法时间"),
    ("criminal_judgment", "证件号码"),
    ("criminal_judgment", "罪名"),
    ("criminal_judgment", "判决日期"),
    ("pil_case", "证件号码"),
    ("pil_case", "立案日期"),
    ("criminal_case", "证件号码"),
    ("criminal_case", "立案日期"),
    ("hotline_ticket", "来电时间"),
    ("hotline_ticket", "诉求内容"),
    ("hotline_ticket", "所属小区"),
    ("fire_inspection", "检查日期"),
    ("safety_inspection", "是否重大隐患"),
    ("safety_inspection", "整改期限"),
    ("business_license", "许可类型"),
    ("business_license", "统一社会信用代码"),
    ("business_license", "有效期止"),
    ("sales_invoice", "销售方税号"),
    ("sales_invoice", "商品名称"),
    ("sales_invoice", "开票日期"),
]


def all_kinds() -> list[Kind]:
    return list(load_kinds().values())


def test_exactly_the_twenty_kinds_of_domain() -> None:
    assert sorted(load_kinds()) == sorted(EXPECTED_COLUMNS)
    assert len(load_kinds()) == 20
    assert sorted(kind_names()) == sorted(EXPECTED_COLUMNS)


@pytest.mark.parametrize("name", sorted(EXPECTED_COLUMNS))
def test_canonical_columns_in_domain_order(name: str) -> None:
    assert [c.name for c in get_kind(name).columns] == EXPECTED_COLUMNS[name]


@pytest.mark.parametrize("name", sorted(EXPECTED_TITLES))
def test_title_and_description(name: str) -> None:
    kind = get_kind(name)
    assert kind.kind == name
    assert kind.title == EXPECTED_TITLES[name]
    assert kind.description.strip()


def test_enum_columns_and_their_values() -> None:
    found = {
        (kind.kind, c.name): c.values for kind in all_kinds() for c in kind.columns if c.role is Role.ENUM
    }
    assert found == EXPECTED_ENUMS


def test_major_hazard_is_a_flag() -> None:
    assert get_kind("safety_inspection").column("是否重大隐患").role is Role.FLAG


@pytest.mark.parametrize("name", MIXED_ID_KINDS)
def test_mixed_id_columns_are_party_id(name: str) -> None:
    assert get_kind(name).column("证件号码").role is Role.PARTY_ID


def test_party_id_only_where_domain_mixes_ids() -> None:
    party = {(k.kind, c.name) for k in all_kinds() for c in k.columns if c.role is Role.PARTY_ID}
    # owners of vehicles may be companies, hence 所有人证件号码 is mixed too
    assert party == {(k, "证件号码") for k in MIXED_ID_KINDS} | {("vehicle_registration", "所有人证件号码")}


@pytest.mark.parametrize(("name", "column"), PERSON_ID_COLUMNS)
def test_person_id_columns(name: str, column: str) -> None:
    assert get_kind(name).column(column).role is Role.PERSON_ID


@pytest.mark.parametrize(("name", "column"), ORG_ID_COLUMNS)
def test_org_id_columns(name: str, column: str) -> None:
    assert get_kind(name).column(column).role is Role.ORG_ID


def test_roles_the_models_depend_on() -> None:
    assert get_kind("traffic_violation").column("违法时间").role is Role.DATETIME
    assert get_kind("hotline_ticket").column("来电时间").role is Role.DATETIME
    assert get_kind("hotline_ticket").column("所属小区").role is Role.COMMUNITY
    assert get_kind("criminal_judgment").column("罪名").role is Role.CODE
    assert get_kind("business_license").column("许可类型").role is Role.CODE
    assert get_kind("admin_penalty").column("违法行为类型").role is Role.CODE
    assert get_kind("school_fee").column("学费").role is Role.AMOUNT
    assert get_kind("driver_license").column("有效期止").role is Role.DATE
    for name, column in [
        ("postal_violation", "禁寄物品名称"),
        ("hotline_ticket", "诉求内容"),
        ("fire_inspection", "检查场所"),
        ("fire_inspection", "场所地址"),
        ("sales_invoice", "商品名称"),
    ]:
        assert get_kind(name).column(column).role is Role.TEXT, (name, column)
    for name, column in [
        ("community_correction", "执行地区划代码"),
        ("correction_leave", "目的地区划代码"),
        ("traffic_violation", "违法地区划代码"),
    ]:
        assert get_kind(name).column(column).role is Role.REGION, (name, column)


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda k: k.kind)
def test_no_header_names_two_columns(kind: Kind) -> None:
    owner: dict[str, str] = {}
    for c in kind.columns:
        for label in (c.name, *c.synonyms):
            # compare the way a header matcher would: ignoring case and surrounding white space
            folded = label.strip().casefold()
            assert owner.setdefault(folded, c.name) == c.name, f"{kind.kind}: {label} names two columns"


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda k: k.kind)
def test_synonyms_are_clean(kind: Kind) -> None:
    for c in kind.columns:
        assert c.name not in c.synonyms, (kind.kind, c.name)
        assert len(set(c.synonyms)) == len(c.synonyms), (kind.kind, c.name)
        for s in c.synonyms:
            assert s and s == s.strip(), (kind.kind, c.name, s)


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda k: k.kind)
def test_key_columns_are_required(kind: Kind) -> None:
    assert kind.key, kind.kind
    for name in kind.key:
        assert kind.column(name).required, (kind.kind, name)


@pytest.mark.parametrize(("name", "column"), MODEL_INPUTS)
def test_model_inputs_are_required(name: str, column: str) -> None:
    assert get_kind(name).column(column).required


def test_optional_columns_stay_optional() -> None:
    # an export without these must still load: the models work without them or they are often absent
    for name, column in [
        ("traffic_violation", "号牌号码"),
        ("student_enrollment", "离校日期"),
        ("student_enrollment", "监护人二证件号码"),
        ("dishonest_debtor", "撤销日期"),
        ("case_transfer", "关联处罚决定书文号"),
        ("hotline_ticket", "办结时间"),
    ]:
        assert not get_kind(name).column(column).required, (name, column)


def test_common_synonyms_resolve() -> None:
    assert "身份证号" in get_kind("public_security_penalty").column("证件号码").synonyms
    assert "违法日期" in get_kind("traffic_violation").column("违法时间").synonyms
    enrollment = get_kind("student_enrollment")
    assert "身份证号" in enrollment.column("学生证件号码").synonyms
    assert "监护人1身份证号" in enrollment.column("监护人一证件号码").synonyms
    assert "第二监护人证件号码" in enrollment.column("监护人二证件号码").synonyms


def test_unknown_kind() -> None:
    with pytest.raises(UnknownKindError):
        get_kind("no_such_kind")
