from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clueloop.normalize import normalize_amount, normalize_number

from .strategies import amount_texts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,234.50", 1234.5),
        ("１２３４", 1234.0),
        ("¥1,234", 1234.0),
        ("￥1234元", 1234.0),
        ("5万元", 50000.0),
        ("1.2万", 12000.0),
        ("0.07万", 700.0),  # exactly, not 700.0000000000001
        ("3千元", 3000.0),
        ("2亿元", 200000000.0),
        ("1.5百万元", 1500000.0),
        ("3000元", 3000.0),
        ("-200", -200.0),
        ("¥-200", -200.0),
        ("+5", 5.0),
        ("1234.5元整", 1234.5),
        ("人民币 5 万元", 50000.0),
        (".5", 0.5),
        ("12.", 12.0),
    ],
)
def test_amounts(raw: str, expected: float) -> None:
    assert normalize_amount(raw) == (expected, None, None)


@pytest.mark.parametrize("raw", ["abc", "5万美元", "约5万元", "1.2.3", "5元6角", "1e5", "--5", "9" * 400])
def test_invalid_amounts(raw: str) -> None:
    assert normalize_amount(raw) == (None, "format", None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12.5亩", 12.5),
        ("80mg/100ml", 80.0),
        ("1,200件", 1200.0),
        ("3千克", 3.0),  # 千克 is a unit, not 千 × 克
        ("3千", 3000.0),
        ("5万吨", 50000.0),
        ("-3.5", -3.5),
        ("10-20", 10.0),
        ("１２．５", 12.5),
    ],
)
def test_numbers(raw: str, expected: float) -> None:
    assert normalize_number(raw) == (expected, None, None)


@pytest.mark.parametrize("raw", ["约12亩", "亩", "abc"])
def test_invalid_numbers(raw: str) -> None:
    assert normalize_number(raw) == (None, "format", None)


@pytest.mark.parametrize("raw", [None, "", "  ", "无", "-", "—", "/", "NULL"])
def test_empty(raw: str | None) -> None:
    assert normalize_amount(raw) == (None, None, None)
    assert normalize_number(raw) == (None, None, None)


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2), st.sampled_from(["", "元", "¥", "万元"]))
def test_decimal_text_reads_exactly(amount: Decimal, unit: str) -> None:
    scale = 10000 if unit == "万元" else 1
    text = f"¥{amount}" if unit == "¥" else f"{amount}{unit}"
    assert normalize_amount(text) == (float(amount * scale), None, None)


@given(amount_texts())
def test_amount_text_is_a_number_text(raw: str) -> None:
    amount = normalize_amount(raw)
    if amount.value is not None and not raw.startswith(("¥", "￥", "人民币", "RMB")):
        assert normalize_number(raw) == amount
