"""Seeded random dirty values, many per role, for the bulk scalar-vs-SQL comparison.

Hypothesis explores edges and shrinks failures; these plain random samples add volume, so that rarer
combinations (86 before a mobile number, an Excel fraction that rounds up) appear in every run.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from clueloop.normalize.flag import NO_VALUES, YES_VALUES
from clueloop.normalize.idcard import id_check_char
from clueloop.normalize.uscc import USCC_CHARSET, uscc_check_char

from .strategies import (
    DASHES,
    DATE_FORMATS,
    DIRT_ALPHABET,
    FULL_WIDTH_DIGITS,
    NAME_PARTS,
    NAME_SEPARATORS,
    SPACES,
    TIME_FORMATS,
)

Sample = Callable[[random.Random], str]


def _dirty(rng: random.Random, clean: str) -> str:
    out = []
    for c in clean:
        roll = rng.random()
        if c.isdigit() and roll < 0.2:
            c = FULL_WIDTH_DIGITS[c]
        elif c.isascii() and c.isalpha() and roll < 0.3:
            c = c.lower()
        out.append(c)
        if rng.random() < 0.08:
            out.append(rng.choice(SPACES + DASHES + [".", "·"]))
    s = "".join(out) if rng.random() < 0.6 else clean
    if clean.isdigit() and rng.random() < 0.2:
        s = rng.choice(["'", ""]) + s + rng.choice([".0", ".00", ""])
    return rng.choice(["", " ", "\u3000", "\t"]) + s + rng.choice(["", " ", "\xa0", "\n"])


def _id(rng: random.Random) -> str:
    birth = date(1700, 1, 1) + timedelta(days=rng.randint(0, 130_000))
    body = f"{rng.randint(110000, 659999)}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    number = body + id_check_char(body)
    roll = rng.random()
    if roll < 0.15:
        number = number[:6] + number[8:17]  # the old 15-digit form
    elif roll < 0.25:
        i = rng.randrange(18)
        number = number[:i] + rng.choice("0123456789X") + number[i + 1 :]
    elif roll < 0.3:
        number = number[: rng.randint(14, 19)]
    return _dirty(rng, number)


def _uscc(rng: random.Random) -> str:
    first17 = "".join(rng.choice(USCC_CHARSET) for _ in range(17))
    code = first17 + uscc_check_char(first17)
    if rng.random() < 0.15:
        i = rng.randrange(18)
        code = code[:i] + rng.choice(USCC_CHARSET + "IOZ") + code[i + 1 :]
    return _dirty(rng, code)


def _date(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return f"{rng.randint(0, 99999)}" + rng.choice(["", f".{rng.randint(0, 10**9)}", ".5"])
    y, m, d = (
        rng.choice([rng.randint(1000, 9999), rng.randint(0, 999)]),
        rng.randint(1, 12),
        rng.randint(1, 28),
    )
    if rng.random() < 0.1:
        m, d = rng.randint(0, 13), rng.randint(0, 32)
    text = rng.choice(DATE_FORMATS).format(y=f"{y:04d}", m=m, d=d)
    H, M, S = rng.randint(0, 24), rng.choice([0, rng.randint(0, 60)]), rng.choice([0, rng.randint(0, 60)])  # noqa: N806
    text += rng.choice(TIME_FORMATS).format(H=H, M=M, S=S, us=rng.randint(0, 999999))
    if rng.random() < 0.1:
        text = "".join(FULL_WIDTH_DIGITS.get(c, c) for c in text)
    return text


def _amount(rng: random.Random) -> str:
    cents = rng.randint(-(10**9), 10**12)
    number = rng.choice(
        [
            f"{cents / 100:.2f}",
            f"{cents}",
            f"{cents / 100:,.2f}",
            f"{cents / 10**7:.9f}",
            f".{abs(cents)}",
            "1" + "0" * 30,
        ]
    )
    prefix = rng.choice(["", "", "¥", "￥", "人民币", "RMB", "+"])
    suffix = rng.choice(
        [
            "",
            "",
            "元",
            "元整",
            "万",
            "万元",
            "千",
            "千万元",
            "百万",
            "亿元",
            "亩",
            "mg/100ml",
            "件",
            "千克",
            "x",
        ]
    )
    return prefix + number + suffix


def _plate(rng: random.Random) -> str:
    serial = "".join(rng.choice("0123456789ABDFHJKOI") for _ in range(rng.choice([4, 5, 5, 5, 6])))
    suffix = rng.choice(["", "", "", "挂", "学", "警", "港", "澳", "D", "F"])
    sep = rng.choice(["", "·", " ", "-", "•", "・"])
    plate = rng.choice("京沪浙粤川藏使A") + rng.choice("ABCDFHIOZ") + sep + serial + suffix
    return plate.lower() if rng.random() < 0.2 else plate


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.5:
        number = (
            "1"
            + rng.choice("3456789120")
            + "".join(rng.choices("0123456789", k=rng.choice([9, 9, 9, 8, 10])))
        )
        prefix = rng.choice(["", "+86", "+86 ", "0086", "86", "(+86)"])
        body = number if rng.random() < 0.5 else f"{number[:3]}-{number[3:7]}-{number[7:]}"
    else:
        area = rng.choice(["010", "021", "0571", "0755", "0898", "571", "0012"])
        local = "".join(rng.choices("0123456789", k=rng.randint(6, 9)))
        prefix = rng.choice(["", "+86 ", "0086-", "("])
        body = area + rng.choice(["-", " ", ")", "", "—"]) + local
    return (
        prefix
        + body
        + rng.choice(["", "", "", "-123", "转8001", " ext.12", "#9", "x5", "分机12", "-1234567"])
    )


def _region(rng: random.Random) -> str:
    digits = "".join(rng.choices("0123456789", k=rng.choice([6, 6, 9, 12, 5, 7, 11, 13])))
    return rng.choice(["", "'", " "]) + digits + rng.choice(["", ".0", " ", ".5"])


def _flag(rng: random.Random) -> str:
    word = rng.choice([*YES_VALUES, *NO_VALUES, "Yes", "NO", "x", "是否", "maybe"])
    return rng.choice([word, f" {word} ", word.upper(), word.lower()])


def _name(rng: random.Random) -> str:
    out = rng.choice(NAME_SEPARATORS)
    for _ in range(rng.randint(1, 4)):
        out += rng.choice(NAME_PARTS) + rng.choice(NAME_SEPARATORS)
    return out


def _junk(rng: random.Random) -> str:
    return "".join(rng.choices(DIRT_ALPHABET, k=rng.randint(0, 20)))


SAMPLES: dict[str, Sample] = {
    "person_id": _id,
    "org_id": _uscc,
    "date": _date,
    "amount": _amount,
    "plate": _plate,
    "phone": _phone,
    "region": _region,
    "flag": _flag,
    "name": _name,
    "junk": _junk,
}
ROLE_SAMPLES: dict[str, tuple[str, ...]] = {
    "person_id": ("person_id",),
    "org_id": ("org_id",),
    "party_id": ("person_id", "org_id"),
    "date": ("date",),
    "datetime": ("date",),
    "amount": ("amount",),
    "number": ("amount",),
    "plate": ("plate",),
    "phone": ("phone",),
    "region": ("region",),
    "flag": ("flag",),
}


def samples(role: str, n: int, seed: int = 0) -> list[str | None]:
    """``n`` values for ``role``: mostly its own kind of data, some of every other kind, a few nulls."""
    rng = random.Random(f"{role}-{seed}")
    own = ROLE_SAMPLES.get(role, ("name",))
    kinds = list(SAMPLES)
    out: list[str | None] = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.02:
            out.append(None)
        elif roll < 0.75:
            out.append(SAMPLES[rng.choice(own)](rng))
        else:
            out.append(SAMPLES[rng.choice(kinds)](rng))
    return out
