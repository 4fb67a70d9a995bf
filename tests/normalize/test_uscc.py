from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clueloop.normalize import normalize_party_id, normalize_uscc, uscc_check_char
from clueloop.normalize.uscc import USCC_CHARSET

from .strategies import dirty, junk, old_ids, valid_ids, valid_usccs

EXAMPLE = "91350100M000100Y43"


def test_example() -> None:
    assert uscc_check_char(EXAMPLE[:17]) == "3"
    assert normalize_uscc(EXAMPLE) == (EXAMPLE, None, None)


@pytest.mark.parametrize(
    "raw",
    [
        "91350100m000100y43",
        " 9135 0100 M000 100Y43 ",
        "91350100-M000100Y4-3",
        "９１３５０１００Ｍ０００１００Ｙ４３",
        "'91350100M000100Y43",
    ],
)
def test_dirty_values_normalise(raw: str) -> None:
    assert normalize_uscc(raw) == (EXAMPLE, None, None)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("91350100M000100Y4", "length"),
        ("91350100M000100Y433", "length"),
        ("91350100M000I00Y43", "characters"),  # I is not in the character set
        ("91350100M000100O43", "characters"),
        ("91350100M000100Y4#", "characters"),
        ("91350100M000100Y44", "check"),
    ],
)
def test_invalid_values(raw: str, reason: str) -> None:
    assert normalize_uscc(raw) == (None, reason, None)


@pytest.mark.parametrize("raw", [None, "", " ", "无", "NULL", "—"])
def test_empty(raw: str | None) -> None:
    assert normalize_uscc(raw) == (None, None, None)


def test_check_char_needs_17_characters() -> None:
    with pytest.raises(ValueError):
        uscc_check_char("91350100M000100Y")


@given(valid_usccs().flatmap(lambda code: st.tuples(st.just(code), dirty(code))))
def test_dirty_code_normalises_to_the_clean_code(pair: tuple[str, str]) -> None:
    clean, raw = pair
    assert normalize_uscc(raw) == (clean, None, None)


@given(valid_usccs(), st.integers(0, 17), st.integers(1, 30))
def test_any_single_character_change_is_detected(code: str, position: int, shift: int) -> None:
    old = USCC_CHARSET.index(code[position])
    changed = code[:position] + USCC_CHARSET[(old + shift) % 31] + code[position + 1 :]
    assert normalize_uscc(changed) == (None, "check", None)


@given(junk)
def test_idempotent(raw: str) -> None:
    once = normalize_uscc(raw)
    if once.value is not None:
        assert normalize_uscc(once.value) == once


class TestPartyId:
    def test_person_and_org(self) -> None:
        assert normalize_party_id("11010519491231002x") == ("11010519491231002X", None, "person")
        assert normalize_party_id("110105491231002") == ("11010519491231002X", None, "person")
        assert normalize_party_id("91350100m000100y43") == (EXAMPLE, None, "org")

    @pytest.mark.parametrize(
        ("raw", "reason"),
        [
            ("110105194912310021", "check"),  # looks like a person ID: its reason
            ("11010519491231002", "length"),
            ("110105194902300021", "date"),
            ("91350100M000100Y44", "check"),  # else the USCC reason
            ("91350100M000100Y4", "length"),
            ("张三", "characters"),
        ],
    )
    def test_reasons(self, raw: str, reason: str) -> None:
        assert normalize_party_id(raw) == (None, reason, None)

    def test_empty(self) -> None:
        assert normalize_party_id(" 无 ") == (None, None, None)

    @given(st.one_of(valid_ids(), old_ids().map(lambda pair: pair[0])).flatmap(dirty))
    def test_person_ids_are_persons(self, raw: str) -> None:
        result = normalize_party_id(raw)
        assert result.kind == "person"
        assert result.value == normalize_party_id(result.value).value

    @given(valid_usccs().flatmap(dirty))
    def test_valid_usccs_are_valid(self, raw: str) -> None:
        result = normalize_party_id(raw)
        assert result.value is not None
        assert result.kind in ("org", "person")  # an all-digit USCC may pass the ID check too
