"""Person and organisation names (当事人名称, 姓名, 企业名称)."""

from __future__ import annotations

import re

from clueloop.normalize.result import Normalized, empty
from clueloop.normalize.text import finish, one_line, text_lines, without_spaces

# Middle-dot look-alikes (before and after NFKC) written between the parts of a transliterated name.
NAME_DOTS = (
    ".\u00b7\u0387\u2022\u2024\u2027\u2219\u22c5\u30fb\u318d\u119e\ua78f\u16eb\u2e31\ufe52\uff0e\uff65"
)
NAME_DOT = "\u00b7"
_NON_ASCII_NOT_DOT = f"[^\\x00-\\x7f{re.escape(NAME_DOTS)}]"
_DOT_RUN_RE = re.compile(f"(?<={_NON_ASCII_NOT_DOT})[{re.escape(NAME_DOTS)}]+(?={_NON_ASCII_NOT_DOT})")

_BRACKETS = str.maketrans("[【〔〖{]】〕〗}", "((((()))))")
LIMITED_LIABILITY = ("有限责任公司", "有限公司")

# A party name containing one of these is an organisation (DOMAIN.md 当事人类型: 法人/非法人组织).
ORG_WORDS: tuple[str, ...] = (
    "公司", "厂", "店", "中心", "合作社", "协会", "医院", "学校", "局", "所", "部", "行", "社",
    "集团", "委员会", "政府", "大学", "学院", "幼儿园", "超市", "工作室", "门市", "酒店", "宾馆",
    "农场", "林场", "养殖场", "基金会", "个体工商户", "(普通合伙)", "(有限合伙)",
)  # fmt: skip
ORG_WORD_PATTERN = "|".join(re.escape(w) for w in ORG_WORDS)
_ORG_WORD_RE = re.compile(ORG_WORD_PATTERN)


def person_lines(text: str) -> str:
    """No white space; a run of middle-dot look-alikes between non-ASCII characters becomes one ·."""
    return _DOT_RUN_RE.sub(NAME_DOT, without_spaces(text))


def org_lines(text: str) -> str:
    """No white space, brackets as half-width (), 有限责任公司 → 有限公司."""
    return without_spaces(text).translate(_BRACKETS).replace(*LIMITED_LIABILITY)


def is_org_name(text: str) -> bool:
    return _ORG_WORD_RE.search(text) is not None


def normalize_person_name(raw: str | None) -> Normalized[str]:
    """买买提 • 艾力 → 买买提·艾力; 張 三 → 张三. Never invalid."""
    return empty() if raw is None else finish(person_lines(text_lines(one_line(raw))))


def normalize_org_name(raw: str | None) -> Normalized[str]:
    """杭州某某有限責任公司（分公司） → 杭州某某有限公司(分公司). Never invalid."""
    return empty() if raw is None else finish(org_lines(text_lines(one_line(raw))))


def normalize_party_name(raw: str | None) -> Normalized[str]:
    """Organisation rules when the name contains an organisation word, person rules otherwise."""
    if raw is None:
        return empty()
    text = text_lines(one_line(raw))
    return finish(org_lines(text) if is_org_name(text) else person_lines(text))
