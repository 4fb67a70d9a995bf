"""Masking of ID numbers and phones for display (110101********1234, 138****5678)."""

from __future__ import annotations

import re
from typing import Any

# Bounded by non-digits only: an ID inside a code (学籍号 G330106201905276353) is still masked.
_ID = re.compile(r"(?<!\d)(\d{6})(\d{8}|\d{5})(\d{3}[\dXx]|\d)(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")


def mask_id(value: str) -> str:
    """110101199003071234 → 110101********1234; 15-digit IDs keep 6 + 4 likewise."""
    if len(value) <= 10:
        return value
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    if len(value) == 11:
        return value[:3] + "****" + value[-4:]
    if len(value) > 6:
        return value[:3] + "*" * (len(value) - 6) + value[-3:]
    return value


def mask_text(text: str) -> str:
    """Mask every ID number and mobile number inside free text."""
    text = _ID.sub(lambda m: mask_id(m.group(0)), text)
    return _MOBILE.sub(lambda m: mask_phone(m.group(0)), text)


def mask_value(value: Any) -> Any:
    return mask_text(value) if isinstance(value, str) else value
