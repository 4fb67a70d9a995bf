"""Chinese numbers and dates as official documents write them: 一、二、 for enumerations, "2026年11月27日"
in running text, and the 〇-style "二〇二六年十一月二十七日" of a 检察文书's signature line."""

from __future__ import annotations

import datetime

_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 31 → 三十一 (1 to 99: enumerations, months and days)."""
    if not 1 <= n <= 99:
        raise ValueError(f"chinese_number covers 1 to 99, not {n}")
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + ("" if units == 0 else _DIGITS[units])


def chinese_date(d: datetime.date) -> str:
    """2026-11-27 → "2026年11月27日", the form of dates in a document's body."""
    return f"{d.year}年{d.month}月{d.day}日"


def chinese_date_upper(d: datetime.date) -> str:
    """2026-11-27 → "二〇二六年十一月二十七日", the form of the date under the signature (成文日期).

    The year is read digit by digit; month and day are read as numbers.
    """
    year = "".join(_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{chinese_number(d.month)}月{chinese_number(d.day)}日"
