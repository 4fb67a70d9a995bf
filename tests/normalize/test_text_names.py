from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clueloop.normalize import (
    normalize_code,
    normalize_community,
    normalize_enum,
    normalize_org_name,
    normalize_party_name,
    normalize_person_name,
    normalize_text,
)

from .strategies import junk, name_texts

NAME_ROLES = [normalize_person_name, normalize_org_name, normalize_party_name]
TEXT_ROLES = [normalize_text, normalize_enum, normalize_community, normalize_code, *NAME_ROLES]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  飛線充電\u3000 在樓道 ", "飞线充电 在楼道"),
        ("ＡＢＣ１２３", "ABC123"),
        ("a\n\nb\t c", "a b c"),
        ("电动车\u200b进楼", "电动车进楼"),
        ("無", None),
        ("\u3000", None),
    ],
)
def test_text(raw: str, expected: str | None) -> None:
    assert normalize_text(raw) == (expected, None, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" 行罚决字〔2021〕12号 ", "行罚决字〔2021〕12号"),
        ("\u3000A-01\xa0", "A-01"),
        ("Ａ０１", "Ａ０１"),
        ("无", None),
    ],
)
def test_code_only_trims(raw: str, expected: str | None) -> None:
    assert normalize_code(raw) == (expected, None, None)


def test_enum() -> None:
    assert normalize_enum(" 全部 未履行 ") == ("全部未履行", None, None)
    assert normalize_enum("民 辦") == ("民办", None, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("张 三", "张三"),
        ("張三", "张三"),
        ("买买提•艾力", "买买提·艾力"),
        ("买买提・艾力", "买买提·艾力"),
        ("买买提.艾力", "买买提·艾力"),
        ("买买提 ． 艾力", "买买提·艾力"),
        ("买买提‧艾力", "买买提·艾力"),
        ("买买提··艾力", "买买提·艾力"),
        ("John.Smith", "John.Smith"),
        ("张三.", "张三."),
    ],
)
def test_person_names(raw: str, expected: str) -> None:
    assert normalize_person_name(raw) == (expected, None, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("杭州 某某 有限責任公司（分公司）", "杭州某某有限公司(分公司)"),
        ("某某股份有限公司【杭州】", "某某股份有限公司(杭州)"),
        ("某某有限公司", "某某有限公司"),
    ],
)
def test_org_names(raw: str, expected: str) -> None:
    assert normalize_org_name(raw) == (expected, None, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("王 五", "王五"),
        ("阿依古丽•买买提", "阿依古丽·买买提"),
        ("杭州某某有限責任公司", "杭州某某有限公司"),
        ("某某加工厂（普通合伙）", "某某加工厂(普通合伙)"),
        ("城东农民专业合作社", "城东农民专业合作社"),
    ],
)
def test_party_names(raw: str, expected: str) -> None:
    assert normalize_party_name(raw) == (expected, None, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("金都花园小区", "金都花园"),
        ("金都花园 小区", "金都花园"),
        (" 金都 花园 ", "金都花园"),
        ("金都花园", "金都花园"),
        ("翠苑一区", "翠苑一区"),
        ("东方新村", "东方新村"),
        ("小区小区", "小区"),
        ("小区", None),
        ("无", None),
    ],
)
def test_community(raw: str, expected: str | None) -> None:
    assert normalize_community(raw) == (expected, None, None)


# normalize_community removes one trailing 小区 per call, so it is not idempotent on 金都小区小区.
@pytest.mark.parametrize("function", [f for f in TEXT_ROLES if f is not normalize_community])
@given(raw=st.one_of(junk, name_texts()))
def test_never_invalid_and_idempotent(function: object, raw: str) -> None:
    assert callable(function)
    once = function(raw)
    assert once.reason is None
    if once.value is not None:
        assert function(once.value) == once


@given(raw=st.one_of(junk, name_texts()))
def test_community_never_invalid(raw: str) -> None:
    once = normalize_community(raw)
    assert once.reason is None
    if once.value is not None:
        assert normalize_community(once.value + "小区") == once


@pytest.mark.parametrize("function", TEXT_ROLES)
def test_empty(function: object) -> None:
    assert callable(function)
    for raw in (None, "", " \u3000\n", "无", "NULL", "—"):
        assert function(raw) == (None, None, None)
