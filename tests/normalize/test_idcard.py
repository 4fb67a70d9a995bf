from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clueloop.normalize import IdDetails, id_check_char, id_details, normalize_person_id
from clueloop.normalize.idcard import ID_WEIGHTS

from .strategies import dirty, dirty_ids, id_bodies, junk, old_ids, valid_ids

# Both examples printed in GB 11643-1999.
STANDARD_EXAMPLES = ["11010519491231002X", "440524188001010014"]


def test_weights_are_those_of_the_standard() -> None:
    assert ID_WEIGHTS == (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@pytest.mark.parametrize("number", STANDARD_EXAMPLES)
def test_standard_examples(number: str) -> None:
    assert id_check_char(number[:17]) == number[17]
    assert normalize_person_id(number) == (number, None, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11010519491231002x", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),
        (" 110105 19491231 002X\u3000", "11010519491231002X"),
        ("110105-19491231-002X", "11010519491231002X"),
        ("110105.19491231.002X", "11010519491231002X"),
        ("1101\u200b0519491231002X", "11010519491231002X"),
        ("\xa011010519491231002X\xa0", "11010519491231002X"),
        ("'11010519491231002X", "11010519491231002X"),
        ("'440524188001010014", "440524188001010014"),
        ("440524188001010014.0", "440524188001010014"),
        # 15-digit: 19 inserted after the region code, check character computed
        ("110105491231002", "11010519491231002X"),
        ("110105491231002.0", "11010519491231002X"),
    ],
)
def test_dirty_values_normalise(raw: str, expected: str) -> None:
    assert normalize_person_id(raw) == (expected, None, None)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("1.10101E+17", "characters"),  # Excel scientific notation: digits lost
        ("11010519491231002Y", "characters"),
        ("1101051949123100X2", "characters"),
        ("11010549123100X", "characters"),  # 15-digit numbers are all digits
        ("11010519491231002", "length"),
        ("1101051949123100212", "length"),
        ("12345", "length"),
        ("110105194902300021", "date"),  # 1949-02-30
        ("110105194913010021", "date"),
        ("110105179901010021", "date"),  # before 1800
        ("110105490230002", "date"),
        ("110105194912310021", "check"),
        ("440524188001010015", "check"),
    ],
)
def test_invalid_values(raw: str, reason: str) -> None:
    assert normalize_person_id(raw) == (None, reason, None)


@pytest.mark.parametrize(
    "raw", [None, "", "   ", "\u3000", "无", "/", "-", "—", "NULL", "null", "None", "nan", "'", " - "]
)
def test_empty_is_not_invalid(raw: str | None) -> None:
    assert normalize_person_id(raw) == (None, None, None)


def test_id_details() -> None:
    assert id_details("11010519491231002X") == IdDetails(date(1949, 12, 31), "女", "110105")
    assert id_details("440524188001010014") == IdDetails(date(1880, 1, 1), "男", "440524")


@pytest.mark.parametrize("bad", ["11010519491231002x", "110105491231002", "110105194912310021", ""])
def test_id_details_needs_a_normalised_id(bad: str) -> None:
    with pytest.raises(ValueError):
        id_details(bad)


@pytest.mark.parametrize(
    "bad", ["1101051949123100", "1101051949123100X", "１１０１０５１９４９１２３１００２"]
)
def test_id_check_char_needs_17_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        id_check_char(bad)


@given(valid_ids())
def test_valid_ids_are_fixed_points(number: str) -> None:
    assert normalize_person_id(number) == (number, None, None)


@given(valid_ids().flatmap(lambda n: st.tuples(st.just(n), dirty(n))))
def test_dirty_id_normalises_to_the_clean_id(pair: tuple[str, str]) -> None:
    clean, raw = pair
    assert normalize_person_id(raw) == (clean, None, None)


@given(dirty_ids())
def test_normalising_twice_is_normalising_once(raw: str) -> None:
    once = normalize_person_id(raw)
    assert once.value is not None
    assert normalize_person_id(once.value) == once


@given(old_ids())
def test_15_and_18_digit_forms_agree(pair: tuple[str, str]) -> None:
    old, new = pair
    assert normalize_person_id(old) == normalize_person_id(new) == (new, None, None)


@given(id_bodies(min_year=1800, max_year=2099), st.integers(0, 999))
def test_id_details_round_trip(body: str, _: int) -> None:
    number = body + id_check_char(body)
    details = id_details(number)
    assert details.birth_date == date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    assert details.region_code == body[:6]
    assert details.sex == ("男" if int(body[16]) % 2 else "女")


@given(valid_ids(), st.integers(0, 17), st.integers(1, 10))
def test_any_single_character_change_is_detected(number: str, position: int, shift: int) -> None:
    alphabet = "0123456789X" if position == 17 else "0123456789"
    old = alphabet.index(number[position])
    changed = number[:position] + alphabet[(old + shift) % len(alphabet)] + number[position + 1 :]
    if changed == number:
        return
    result = normalize_person_id(changed)
    assert result.value is None
    assert result.reason in ("check", "date")


@given(junk)
@settings(max_examples=300)
def test_total_and_idempotent(raw: str) -> None:
    result = normalize_person_id(raw)
    assert (result.value is None) or (result.reason is None)
    assert result.reason in (None, "characters", "length", "date", "check")
    if result.value is not None:
        assert len(result.value) == 18
        assert normalize_person_id(result.value) == result
