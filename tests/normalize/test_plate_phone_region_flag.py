from __future__ import annotations

import pytest
from hypothesis import given

from clueloop.normalize import (
    normalize_flag,
    normalize_phone,
    normalize_plate,
    normalize_region,
    region_prefix4,
)

from .strategies import phone_texts, plate_texts, region_texts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("浙A·12345", "浙A12345"),
        ("浙A 12345", "浙A12345"),
        ("浙A12345", "浙A12345"),
        ("浙a-12345", "浙A12345"),
        ("浙Ａ１２３４５", "浙A12345"),
        ("浙AD12345", "浙AD12345"),  # new energy, small
        ("浙A12345D", "浙A12345D"),  # new energy, large
        ("浙A1234挂", "浙A1234挂"),
        ("粤Z1234港", "粤Z1234港"),
        ("京A•B1234", "京AB1234"),
    ],
)
def test_plates(raw: str, expected: str) -> None:
    assert normalize_plate(raw) == (expected, None, None)


@pytest.mark.parametrize(
    "raw", ["浙AO1234", "浙A1234", "浙A123456", "A12345", "浙1A2345", "美A12345", "浙AZ12345"]
)
def test_invalid_plates(raw: str) -> None:
    assert normalize_plate(raw) == (None, "format", None)


@pytest.mark.parametrize(
    ("raw", "expected", "kind"),
    [
        ("13812345678", "13812345678", "mobile"),
        ("+86 138 1234 5678", "13812345678", "mobile"),
        ("0086-138-1234-5678", "13812345678", "mobile"),
        ("8613812345678", "13812345678", "mobile"),
        ("(+86)13812345678", "13812345678", "mobile"),
        ("１３８１２３４５６７８", "13812345678", "mobile"),
        ("0571-88886666", "057188886666", "landline"),
        ("(0571)88886666", "057188886666", "landline"),
        ("（0571）8888 6666", "057188886666", "landline"),
        ("010-6552-9988", "01065529988", "landline"),
        ("0571-8888666 转 123", "05718888666", "landline"),
        ("0571-88886666-123", "057188886666", "landline"),
        ("0571-88886666 ext.12", "057188886666", "landline"),
        ("+86 571 88886666", "057188886666", "landline"),
    ],
)
def test_phones(raw: str, expected: str, kind: str) -> None:
    assert normalize_phone(raw) == (expected, None, kind)


@pytest.mark.parametrize(
    "raw", ["12345", "88886666", "1381234567", "138123456789", "12812345678", "4008001234", "电话"]
)
def test_invalid_phones(raw: str) -> None:
    assert normalize_phone(raw) == (None, "format", None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("330106", "330106"),
        ("３３０１０６", "330106"),
        ("330106001", "330106001"),
        ("330106001001", "330106001001"),
        ("'330106", "330106"),
        ("330106.0", "330106"),
        (" 330106 ", "330106"),
    ],
)
def test_regions(raw: str, expected: str) -> None:
    assert normalize_region(raw) == (expected, None, None)


@pytest.mark.parametrize("raw", ["33010", "3301060", "33010600100", "330106.5", "浙江省", "330 106"])
def test_invalid_regions(raw: str) -> None:
    assert normalize_region(raw) == (None, "format", None)


def test_region_prefix4() -> None:
    assert region_prefix4("330106") == "3301"
    assert region_prefix4("330106001001") == "3301"
    assert region_prefix4(None) is None
    assert region_prefix4("33") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(yes, "是") for yes in ("是", "Y", "yes", "TRUE", "1", "√", "有", "Ｙ")]
    + [(no, "否") for no in ("否", "n", "No", "false", "0", "×", "无", " 否 ")],
)
def test_flags(raw: str, expected: str) -> None:
    assert normalize_flag(raw) == (expected, None, None)


@pytest.mark.parametrize(
    ("raw", "expected"), [("maybe", "format"), ("是否", "format"), ("", None), ("-", None), (None, None)]
)
def test_other_flags(raw: str | None, expected: str | None) -> None:
    assert normalize_flag(raw) == (None, expected, None)


@given(plate_texts())
def test_plates_idempotent(raw: str) -> None:
    once = normalize_plate(raw)
    if once.value is not None:
        assert normalize_plate(once.value) == once


@given(phone_texts())
def test_phones_idempotent(raw: str) -> None:
    once = normalize_phone(raw)
    assert (once.value is None) == (once.kind is None)
    if once.value is not None:
        assert normalize_phone(once.value) == once
        assert once.value.isascii() and once.value.isdigit()


@given(region_texts())
def test_regions_idempotent(raw: str) -> None:
    once = normalize_region(raw)
    if once.value is not None:
        assert normalize_region(once.value) == once
