"""Hypothesis strategies for dirty agency values."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import strategies as st

from clueloop.normalize.idcard import id_check_char
from clueloop.normalize.uscc import USCC_CHARSET, uscc_check_char

FULL_WIDTH_DIGITS = {str(d): chr(0xFF10 + d) for d in range(10)}
SPACES = [" ", "\u3000", "\xa0", "\t", "\u200b", "\ufeff"]
DASHES = ["-", "－", "—", "‐"]

# Characters that dirty data is made of: digits in both widths, separators, letters, CJK, dots, units.
DIRT_ALPHABET = (
    "0123456789０１２３４５６７８９xXｘＸ -－—.·・'\u3000\xa0\u200b\t\n"
    "abcAOIZ年月日号时分秒T:/,元万千亿¥￥整亩件小区花园苑張三买提艾力•有限責任公司（）()【】是否无√×+#转"
)
junk = st.text(alphabet=DIRT_ALPHABET, max_size=24) | st.text(max_size=12)


@st.composite
def id_bodies(draw: st.DrawFn, *, min_year: int = 1900, max_year: int = 2020) -> str:
    """The first 17 digits of a valid 18-digit ID."""
    region = draw(st.integers(110000, 659999))
    birth = draw(st.dates(date(min_year, 1, 1), date(max_year, 12, 31)))
    sequence = draw(st.integers(0, 999))
    return f"{region}{birth:%Y%m%d}{sequence:03d}"


def valid_ids() -> st.SearchStrategy[str]:
    return id_bodies().map(lambda body: body + id_check_char(body))


def ids_ending_in_x() -> st.SearchStrategy[str]:
    return id_bodies().filter(lambda body: id_check_char(body) == "X").map(lambda body: body + "X")


def early_ids() -> st.SearchStrategy[str]:
    """IDs of people born 1700–1899: 1800 is the earliest birth year accepted."""
    return id_bodies(min_year=1700, max_year=1899).map(lambda body: body + id_check_char(body))


@st.composite
def old_ids(draw: st.DrawFn) -> tuple[str, str]:
    """A 15-digit ID (born in the 1900s) and its 18-digit upgrade."""
    body = draw(id_bodies(min_year=1900, max_year=1999))
    return body[:6] + body[8:], body + id_check_char(body)


def valid_usccs() -> st.SearchStrategy[str]:
    first17 = st.text(alphabet=USCC_CHARSET, min_size=17, max_size=17)
    return first17.map(lambda s: s + uscc_check_char(s))


@st.composite
def dirty(draw: st.DrawFn, clean: str) -> str:
    """``clean`` as an agency might export it: lower case, full-width digits, spaces and dashes inside."""
    chars = []
    for c in clean:
        if c.isdigit() and draw(st.booleans()):
            c = FULL_WIDTH_DIGITS[c]
        elif c.isalpha() and c.isascii() and draw(st.booleans()):
            c = c.lower()
        chars.append(c)
        if draw(st.integers(0, 5)) == 0:
            chars.append(draw(st.sampled_from(SPACES + DASHES)))
    s = "".join(chars)
    if clean.isdigit() and draw(st.booleans()):
        s = draw(st.sampled_from(["'", ""])) + clean + draw(st.sampled_from([".0", ".00", ""]))
    pad = st.text(alphabet=" \u3000\xa0\t\n", max_size=2)
    return draw(pad) + s + draw(pad)


def dirty_ids() -> st.SearchStrategy[str]:
    return st.one_of(valid_ids(), ids_ending_in_x()).flatmap(dirty)


DATE_FORMATS = [
    "{y}-{m:02d}-{d:02d}",
    "{y}/{m}/{d}",
    "{y}.{m}.{d}",
    "{y}年{m}月{d}日",
    "{y}年{m:02d}月{d:02d}号",
    "{y}{m:02d}{d:02d}",
    "{y}-{m}-{d}",
]
TIME_FORMATS = [
    "",
    " {H:02d}:{M:02d}",
    " {H:02d}:{M:02d}:{S:02d}",
    "T{H:02d}:{M:02d}:{S:02d}",
    " {H}:{M:02d}:{S:02d}.000",
    " {H:02d}:{M:02d}:{S:02d}.{us:06d}",
    " {H}时{M}分",
    "{H:02d}时{M:02d}分{S:02d}秒",
    " {H:02d}{M:02d}{S:02d}",
]


@st.composite
def date_texts(draw: st.DrawFn) -> str:
    """A date (sometimes impossible, like 2021-02-30) with an optional time, in one of many formats."""
    if draw(st.integers(0, 3)) == 0:
        serial = draw(st.integers(0, 99999))
        fraction = draw(
            st.sampled_from(["", ".5", ".354166666", ".99999999", ".0"])
            | st.integers(0, 10**12).map(lambda f: f".{f}")
        )
        return f"{serial}{fraction}"
    if draw(st.integers(0, 9)) == 0:
        return draw(
            st.sampled_from(["长期", "长期有效", "永久", "无期限", "無", "/", "0000-01-01", "2021-3"])
        )
    moment = draw(st.datetimes(datetime(1000, 1, 1), datetime(9999, 12, 31)))
    y, m, d = moment.year, moment.month, moment.day
    if draw(st.integers(0, 7)) == 0:  # impossible dates and times
        d = draw(st.integers(0, 35))
        m = draw(st.integers(0, 13))
    H, M, S = moment.hour, moment.minute, moment.second  # noqa: N806
    if draw(st.integers(0, 15)) == 0:
        H = draw(st.integers(0, 25))  # noqa: N806
    text = draw(st.sampled_from(DATE_FORMATS)).format(y=y, m=m, d=d)
    text += draw(st.sampled_from(TIME_FORMATS)).format(H=H, M=M, S=S, us=moment.microsecond)
    if draw(st.booleans()):
        text = "".join(FULL_WIDTH_DIGITS.get(c, c) if draw(st.booleans()) else c for c in text)
    return text


def date_values() -> st.SearchStrategy[str]:
    return date_texts()


@st.composite
def amount_texts(draw: st.DrawFn) -> str:
    cents = draw(st.integers(-(10**12), 10**12))
    number = draw(
        st.sampled_from(
            [
                f"{cents / 100:.2f}",
                f"{cents // 100}",
                f"{cents / 100:,.2f}",
                f"{cents / 100:.10f}",
                f"{abs(cents)}.{cents % 7}",
                f".{abs(cents)}",
                f"{cents}" + "9" * draw(st.integers(0, 30)),
            ]
        )
    )
    prefix = draw(st.sampled_from(["", "¥", "￥", "人民币", "RMB "]))
    suffix = draw(
        st.sampled_from(
            ["", "元", "元整", "万元", "万", "千元", "亿元", "千万", "百万元", "亩", "mg/100ml", "件", "千克"]
        )
    )
    text = prefix + number + suffix
    if draw(st.booleans()):
        text = "".join(FULL_WIDTH_DIGITS.get(c, c) for c in text)
    return text


def plate_texts() -> st.SearchStrategy[str]:
    province = st.sampled_from("京沪浙粤川藏使A")
    letter = st.sampled_from("ABCDFHIOZ")
    serial = st.text(alphabet="0123456789ABDFHJKOI", min_size=3, max_size=7)
    suffix = st.sampled_from(["", "挂", "学", "警", "港", "澳", "D", "F"])
    sep = st.sampled_from(["", "·", " ", "-", "•", "・"])
    return st.builds(
        lambda p, letter_, sp, s, x: p + letter_ + sp + s + x, province, letter, sep, serial, suffix
    ).flatmap(lambda s: st.sampled_from([s, s.lower(), s.replace("A", "Ａ")]))


@st.composite
def phone_texts(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        length = draw(st.sampled_from([9, 9, 9, 8, 10]))
        number = (
            "1"
            + draw(st.sampled_from("3456789120"))
            + draw(st.text("0123456789", min_size=length, max_size=length))
        )
        prefix = draw(st.sampled_from(["", "+86", "+86 ", "0086", "86", "(+86)"]))
        body = number if draw(st.booleans()) else f"{number[:3]}-{number[3:7]}-{number[7:]}"
    else:
        area = draw(st.sampled_from(["010", "021", "0571", "0755", "0898", "571", "0012"]))
        local = draw(st.text("0123456789", min_size=6, max_size=9))
        prefix = draw(st.sampled_from(["", "+86 ", "0086-", "("]))
        body = area + draw(st.sampled_from(["-", " ", ")", "", "—"])) + local
    extension = draw(st.sampled_from(["", "", "", "-123", "转8001", " ext.12", "#9", "x5", "分机12"]))
    return prefix + body + extension


@st.composite
def region_texts(draw: st.DrawFn) -> str:
    digits = draw(st.text("0123456789", min_size=4, max_size=13))
    return draw(st.sampled_from(["", "'", " "])) + digits + draw(st.sampled_from(["", ".0", " "]))


def flag_texts() -> st.SearchStrategy[str]:
    words = [
        "是",
        "否",
        "Y",
        "n",
        "Yes",
        "NO",
        "true",
        "False",
        "1",
        "0",
        "√",
        "×",
        "有",
        "无",
        "对",
        "x",
        "是否",
        "-",
    ]
    return st.sampled_from(words).flatmap(
        lambda w: st.sampled_from([w, f" {w} ", w.upper(), w.translate(FULL)])
    )


FULL = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "YNyesnotrufal10"})

NAME_PARTS = [
    "张三",
    "買買提",
    "艾力",
    "李",
    "王小明",
    "John",
    "Smith",
    "有限責任公司",
    "（分公司）",
    "加工厂",
    "合作社",
    "金都花园",
    "小区",
    "苑",
]
NAME_SEPARATORS = ["", " ", "\u3000", "·", "•", "・", ".", "．", "‧", "\n", "\u200b", "  "]


@st.composite
def name_texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(NAME_PARTS), min_size=1, max_size=4))
    out = draw(st.sampled_from(NAME_SEPARATORS + [""]))
    for part in parts:
        out += part + draw(st.sampled_from(NAME_SEPARATORS))
    return out


def any_text() -> st.SearchStrategy[str]:
    """Values of every kind, so each role also sees the others' data."""
    return st.one_of(
        junk,
        valid_ids(),
        dirty_ids(),
        old_ids().map(lambda pair: pair[0]),
        valid_usccs().flatmap(dirty),
        date_texts(),
        amount_texts(),
        plate_texts(),
        phone_texts(),
        region_texts(),
        flag_texts(),
        name_texts(),
    )
