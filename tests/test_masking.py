"""Personal data is masked for display: IDs keep 6 + 4 characters, mobiles 3 + 4."""

from __future__ import annotations

from clueloop.security.masking import mask_id, mask_phone, mask_text, mask_value


def test_ids_and_phones() -> None:
    assert mask_id("110101199003071234") == "110101********1234"
    assert mask_phone("13812345678") == "138****5678"


def test_ids_inside_text_and_codes_are_masked() -> None:
    text = "学籍号：G33010820181023337X；证件 110101490101123；电话 13812345678；记录编号 3101012611120000033"
    assert mask_text(text) == (
        "学籍号：G330108********337X；证件 110101*****1123；电话 138****5678；记录编号 3101012611120000033"
    )


def test_non_text_values_pass_through() -> None:
    assert mask_value(12345) == 12345 and mask_value(None) is None
