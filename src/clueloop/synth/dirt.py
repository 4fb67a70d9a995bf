"""How agencies make data dirty (DOMAIN.md "Dataset kinds"), split into what is harmless and what is not.

Harmless dirt changes how a value is written, never what it means after normalisation: lower-case x,
full-width digits, spaces inside ID numbers, the old 15-digit form, 2021年3月5日 for 2021-03-05, "5万元" for
50000, 金都花园小区 for 金都花园. The writer applies it at random to any cell. Dirt that changes meaning
(a wrong check character, an empty cell in a column some model reads) is planted on purpose only.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from clueloop.catalog import Role
from clueloop.normalize.idcard import ID_CHECK_CHARS, id_check_char
from clueloop.normalize.uscc import USCC_CHARSET

EXCEL_EPOCH = datetime(1899, 12, 30)
_FULL = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")

# Columns no built-in model reads: an agency may leave them empty or not export them at all.
BLANKABLE: dict[str, tuple[str, ...]] = {
    "admin_penalty": ("当事人类型", "违法事实", "处罚种类", "罚款金额", "计量单位", "地址"),
    "case_transfer": ("移送机关", "当事人名称", "涉嫌罪名", "接收机关"),
    "criminal_case": ("案件名称", "罪名", "嫌疑人姓名", "办案单位"),
    "criminal_judgment": ("审判法院", "判处刑罚"),
    "pil_case": ("领域", "被监督对象名称", "办案检察院"),
    "public_security_penalty": ("被处罚人姓名", "违法行为", "处罚种类", "办案单位"),
    "postal_violation": ("快递企业", "寄件人电话", "数量"),
    "dishonest_debtor": ("执行法院", "立案日期", "执行标的金额"),
    "student_enrollment": ("监护人一姓名", "监护人二姓名"),
    "school_fee": ("学校名称",),
    "community_correction": ("罪名", "矫正类别", "矫正机构"),
    "correction_leave": ("姓名", "审批机关"),
    "driver_license": ("姓名", "准驾车型"),
    "traffic_violation": ("号牌号码", "驾驶人姓名", "违法地点", "违法行为", "采集方式"),
    "vehicle_registration": ("所有人", "所有人证件号码", "注册日期"),
    "hotline_ticket": ("事发地址", "所属街道", "承办单位", "办结时间"),
    "fire_inspection": ("发现问题", "处理措施"),
    "safety_inspection": ("检查日期", "隐患描述"),
    "business_license": ("企业名称",),
    "sales_invoice": ("购买方名称", "金额"),
}

DATE_STYLES = ("iso", "slash", "cn", "compact", "dot", "serial")
DATETIME_STYLES = ("iso", "slash", "cn", "compact", "t", "serial", "day")
AMOUNT_STYLES = ("plain", "comma", "wan", "yuan", "currency")


# --- meaning-changing dirt, planted on purpose ----------------------------------------------------


def wrong_check(value: str) -> str:
    """The same ID number or USCC with a wrong check character: it will match nothing."""
    if value[:17].isdigit():
        right = id_check_char(value[:17])
        return value[:17] + ID_CHECK_CHARS[(ID_CHECK_CHARS.index(right) + 1) % len(ID_CHECK_CHARS)]
    return value[:17] + USCC_CHARSET[(USCC_CHARSET.index(value[17]) + 1) % len(USCC_CHARSET)]


def fifteen(pid: str) -> str:
    """The old 15-digit form of an 18-digit ID of someone born in the 1900s."""
    if not valid_person_id(pid) or pid[6:8] != "19":
        raise ValueError(f"{pid} has no 15-digit form")
    return pid[:6] + pid[8:17]


def valid_person_id(value: str) -> bool:
    return len(value) == 18 and value[:17].isdigit() and id_check_char(value[:17]) == value[17]


# --- how values are written ------------------------------------------------------------------------


def date_text(d: date, style: str) -> str:
    if style == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    if style == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "compact":
        return f"{d:%Y%m%d}"
    if style == "dot":
        return f"{d:%Y.%m.%d}"
    if style == "serial":
        return str((datetime(d.year, d.month, d.day) - EXCEL_EPOCH).days)
    return d.isoformat()


def datetime_text(t: datetime, style: str) -> str:
    if style == "slash":
        return f"{t.year}/{t.month}/{t.day} {t.hour}:{t.minute:02d}"
    if style == "cn":
        return f"{t.year}年{t.month}月{t.day}日 {t.hour}时{t.minute}分"
    if style == "compact":
        return f"{t:%Y%m%d%H%M%S}"
    if style == "t":
        return f"{t:%Y-%m-%dT%H:%M:%S}"
    if style == "serial":  # the fraction is the time of day; ten digits keep it to the second
        seconds = (t - EXCEL_EPOCH).total_seconds()
        return f"{seconds / 86400:.10f}"
    if style == "day":  # some systems export only the day
        return t.date().isoformat()
    return f"{t:%Y-%m-%d %H:%M:%S}"


def amount_text(value: float, style: str) -> str:
    """Exact in every style: the normaliser reads each back as the same number."""
    d = Decimal(repr(float(value)))
    if style == "comma":
        return f"{d:,.2f}"
    if style == "wan" and d >= 10000:
        return f"{(d / 10000).normalize():f}万元"
    if style == "yuan":
        return f"{d.normalize():f}元"
    if style == "currency":
        return f"¥{d:,.2f}"
    return f"{d.normalize():f}"


class Dirt:
    """Harmless dirt for one file: each cell is dirtied with probability ``rate``."""

    def __init__(self, rng: random.Random, rate: float) -> None:
        self.rng = rng
        self.rate = rate
        self._by_role: dict[Role, Callable[[str], str]] = {
            Role.PERSON_ID: self.person_id,
            Role.ORG_ID: self.org_id,
            Role.PARTY_ID: self.party_id,
            Role.REGION: self.region,
            Role.CODE: self.padded,
            Role.ENUM: self.padded,
            Role.TEXT: self.padded,
            Role.COMMUNITY: self.community,
            Role.FLAG: self.flag,
            Role.PERSON_NAME: self.person_name,
            Role.ORG_NAME: self.org_name,
            Role.PARTY_NAME: self.party_name,
            Role.PHONE: self.phone,
            Role.PLATE: self.plate,
        }

    def cell(self, role: Role, value: str) -> str:
        dirty = self._by_role.get(role)
        if dirty is None or self.rng.random() >= self.rate:
            return value
        return dirty(value)

    def person_id(self, s: str) -> str:
        rng = self.rng
        if s.endswith("X") and rng.random() < 0.5:  # the commonest slip of all
            return s[:17] + "x"
        choice = rng.randrange(6)
        if choice == 0 and valid_person_id(s) and s[6:8] == "19":
            return fifteen(s)
        if choice == 1:
            return s.translate(_FULL).lower()  # an input method in full-width mode
        if choice == 2:
            return s[:6].translate(_FULL) + s[6:]  # half full-width, half not
        if choice == 3:
            return f"{s[:6]} {s[6:14]} {s[14:]}"
        if choice == 4:
            return "'" + s  # Excel's text marker
        return f" {s} "

    def org_id(self, s: str) -> str:
        choice = self.rng.randrange(3)
        if choice == 0:
            return s.lower()
        if choice == 1:
            return f"{s[:8]} {s[8:]}"
        return s.translate(_FULL)

    def party_id(self, s: str) -> str:
        return self.person_id(s) if s[:17].isdigit() else self.org_id(s)

    def region(self, s: str) -> str:
        choice = self.rng.randrange(3)
        if choice == 0 and len(s) == 6:
            return s + f"{self.rng.randint(1, 20):03d}000"  # a 12-digit code of a township in it
        if choice == 1:
            return s + ".0"  # a number cell exported as float text
        return s.translate(_FULL)

    def padded(self, s: str) -> str:
        return self.rng.choice((" ", "\u3000", "")) + s + self.rng.choice((" ", "  ", "\u3000"))

    def community(self, s: str) -> str:
        choice = self.rng.randrange(3)
        if choice == 0:
            return s + "小区"
        if choice == 1 and len(s) > 2:
            return f"{s[:2]} {s[2:]}"
        return f" {s}小区 "

    def flag(self, s: str) -> str:
        variants = ("是", "Y", "√", "1", "是的") if s == "是" else ("否", "N", "×", "0", "无")
        return self.rng.choice(variants)

    def person_name(self, s: str) -> str:
        if "·" in s:
            return s.replace("·", self.rng.choice(("•", "．", "・", " · ")))
        return s[0] + "\u3000" + s[1:] if len(s) > 2 else s

    def org_name(self, s: str) -> str:
        if s.endswith("有限公司") and not s.endswith("有限责任公司"):
            return s[: -len("有限公司")] + "有限责任公司"
        return s.replace("(", "（").replace(")", "）") + self.rng.choice(("", " "))

    def party_name(self, s: str) -> str:
        return self.org_name(s) if s.endswith(("公司", "部", "店", "厂")) else self.person_name(s)

    def phone(self, s: str) -> str:
        if len(s) == 11:
            return self.rng.choice((f"{s[:3]} {s[3:7]} {s[7:]}", f"+86{s}", f"{s[:3]}-{s[3:7]}-{s[7:]}"))
        return s

    def plate(self, s: str) -> str:
        return self.rng.choice((f"{s[:2]}·{s[2:]}", f"{s[:2]} {s[2:]}", s[:1] + s[1:].lower()))
