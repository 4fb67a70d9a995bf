from __future__ import annotations

import re
import sys

import duckdb

from clueloop.normalize._chars import (
    BLANK,
    FULL_WIDTH,
    HALF_WIDTH,
    WHITE_SPACE,
    char_class,
    fold_width,
    prepare,
)
from clueloop.normalize._sql import rx


def test_white_space_is_pythons_without_the_line_feed() -> None:
    every = (chr(c) for c in range(sys.maxunicode + 1))
    assert sorted(WHITE_SPACE) == sorted(c for c in every if c.isspace() and c != "\n")


def test_fold_width() -> None:
    assert fold_width("ＡＢＣ１２３ｘ（）\u3000－") == "ABC123x() -"
    assert len(FULL_WIDTH) == len(HALF_WIDTH) == 95


def test_prepare() -> None:
    assert prepare(" \u3000１２３\u200b\n") == "123"
    assert prepare("ＮＵＬＬ") is None
    assert prepare("无") is None
    assert prepare("无", ("/",)) == "无"


def test_character_classes_mean_the_same_in_python_and_duckdb() -> None:
    chars = BLANK + "]^-[\\&~|"
    pattern = char_class(chars) + "+"
    probe = "".join(chr(c) for c in range(1, 0x3100)) + "\ufeff\uff01"
    expected = "".join(re.findall(pattern, probe))
    con = duckdb.connect()
    (got,) = con.execute(
        f"SELECT array_to_string(regexp_extract_all(?, {rx(pattern)}), '')", [probe]
    ).fetchall()[0]
    assert got == expected
