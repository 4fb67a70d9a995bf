"""The column form (memo of distinct values, vectorised fast paths) against the scalar functions."""

from __future__ import annotations

import random
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clueloop.normalize import columns, fast
from clueloop.normalize.columns import SCALAR_FUNCTIONS, ColumnNormaliser, decides_every_row

from .samples import samples
from .strategies import DIRT_ALPHABET, any_text, junk
from .test_sql import CURATED, EMPTY_VALUES, ROLE_VALUES, SCALAR

ROLES = sorted(SCALAR_FUNCTIONS)


def _rows(normaliser: ColumnNormaliser, values: list[str | None]) -> list[tuple[Any, ...]]:
    struct = normaliser(pa.array(values, pa.string()))
    names = [f.name for f in normaliser.type]
    out = []
    for row in struct.to_pylist():
        if row is None:  # left to the SQL form
            out.append(("sql",))
        else:
            out.append((row["value"], row["reason"], row.get("kind") if "kind" in names else None))
    return out


def _expected(role: str, values: list[str | None]) -> list[tuple[Any, ...]]:
    return [tuple(SCALAR[role](v)) for v in values]


def _agrees(role: str, got: list[tuple[Any, ...]], expected: list[tuple[Any, ...]]) -> None:
    if decides_every_row(role):
        differences = [(i, e, g) for i, (e, g) in enumerate(zip(expected, got, strict=True)) if e != g]
    else:
        differences = [
            (i, e, g) for i, (e, g) in enumerate(zip(expected, got, strict=True)) if g != ("sql",) and e != g
        ]
    assert not differences, differences[:5]


def test_scalar_functions_match_the_sql_roles() -> None:
    assert SCALAR_FUNCTIONS == SCALAR


@pytest.mark.parametrize("role", ROLES)
def test_curated_and_empty_values(role: str) -> None:
    values = [*CURATED, *EMPTY_VALUES]
    _agrees(role, _rows(ColumnNormaliser(role), values), _expected(role, values))


@pytest.mark.parametrize("role", ROLES)
def test_many_random_values_with_and_without_memo(role: str) -> None:
    """Few distinct values keep the memo (the scalar path on each); many drop it (the fast paths)."""
    values: list[str | None] = list(samples(role, 3000))
    repeated = [values[i % 40] for i in range(3000)]
    for batch in (repeated, values, repeated[::-1], values[::-1]):
        normaliser = ColumnNormaliser(role)
        _agrees(role, _rows(normaliser, batch), _expected(role, batch))


@pytest.mark.parametrize("role", ROLES)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_column_agrees_with_scalar(role: str, data: st.DataObject) -> None:
    own = ROLE_VALUES[role]
    values = data.draw(
        st.lists(st.one_of(own, own, own, any_text(), junk, st.none()), min_size=5, max_size=80)
    )
    normaliser = ColumnNormaliser(role)
    normaliser.memo = None  # the fast paths on every value, not the scalar function on distinct ones
    _agrees(role, _rows(normaliser, values), _expected(role, values))


def test_memo_carries_over_batches_and_is_dropped_for_distinct_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    normaliser = ColumnNormaliser("date")
    first = ["2021-03-05", "2021/3/5", None, "2021-02-30"] * 50
    assert _rows(normaliser, first) == _expected("date", first)
    assert normaliser.memo is not None and len(normaliser.memo[0]) == 3
    calls: list[str] = []
    monkeypatch.setitem(columns.SCALAR_FUNCTIONS, "date", lambda v: calls.append(v) or SCALAR["date"](v))
    assert _rows(normaliser, first[::-1]) == _expected("date", first[::-1])
    assert calls == []  # every value known
    distinct = [f"2020-01-{d:02d}" for d in range(1, 29)]
    _rows(normaliser, distinct)
    assert normaliser.memo is None
    assert _rows(normaliser, distinct) == [("sql",)] * len(distinct)  # the SQL form takes them


def test_text_over_many_values_with_line_feeds() -> None:
    rng = random.Random(3)
    values: list[str | None] = [
        None
        if rng.random() < 0.05
        else "".join(rng.choices(DIRT_ALPHABET + "，。ａＢ", k=rng.randint(0, 20)))
        for _ in range(3000)
    ]
    for mode in ("text", "person_name", "org_name", "party_name", "community", "enum"):
        got = fast.normalize_text_column(mode, pa.array(values, pa.string())).to_pylist()
        assert got == [SCALAR[mode](v).value for v in values], mode


def test_fold_full_width_keeps_nulls_and_slices() -> None:
    values = pa.array(["ａ１，", None, "x", "", "全角：ＡＢ"] * 3, pa.string()).slice(2, 10)
    expected = [
        None
        if v is None
        else v.translate(
            str.maketrans("".join(map(chr, range(0xFF01, 0xFF5F))), "".join(map(chr, range(0x21, 0x7F))))
        )
        for v in values.to_pylist()
    ]
    assert fast.fold_full_width(values).to_pylist() == expected


@pytest.mark.parametrize("role", ["person_id", "org_id", "party_id"])
def test_id_fast_path_decides_clean_values_only(role: str) -> None:
    values = ["11010519491231002X", "11010519491231002x", "110105194912310021", "91350100M000100Y43", None]
    partial = fast.normalize_id_column(role, pa.array(values, pa.string()))
    assert partial.done.tolist() == [True, False, True, True, False]


DIRTY_IDS = [
    "11010519491231002x",  # lower-case x
    "１１０１０５１９４９１２３１００２Ｘ",  # full-width
    "110105 19491231 002X",  # spaces
    "110105-19491231-002X",  # hyphens
    " 110105491231002 ",  # 15 digits, upgraded
    "110105491231002",
    "110105991332002",  # 15 digits, no such date
    "11010549123100X",  # 15 with X
    "11010519491231002x1",  # length
    "110105 19491231 0021",  # check
    "１１０１０５１９４９１２３１００２１",
    "11010518001301002x",  # date
    "-",
    "--",
    " - ",
    "x",
    "91350100M000100Y43",
    None,
]
WAN_AMOUNTS = [
    "12.34万元",
    "0.07万",
    "5.万元",
    "5万元",
    "0.1万元",
    "999999999.99万元",
    "1,2万元",
    "1.2.3万元",
]
WAN_AMOUNTS += ["1234567890123456万", "万元", ".5万元", "-3万元", "12.34万元整", None]


@pytest.mark.parametrize(
    ("role", "values"), [("person_id", DIRTY_IDS), ("party_id", DIRTY_IDS), ("amount", WAN_AMOUNTS)]
)
def test_dirty_fast_paths_agree_with_scalar(role: str, values: list[str | None]) -> None:
    """Dirty IDs and 万 amounts taken by the fast paths, invalid values and their reasons by the scalar
    function, give the scalar function's results."""
    batch = values * 3
    normaliser = ColumnNormaliser(role)
    normaliser.memo = None
    _agrees(role, _rows(normaliser, batch), _expected(role, batch))


def test_dirty_fast_paths_decide_valid_values_only() -> None:
    ids = fast.normalize_dirty_person_id(pa.array(DIRTY_IDS, pa.string()))
    assert ids.done.tolist() == [SCALAR["person_id"](v).value is not None for v in DIRTY_IDS]
    assert ids.value.to_pylist()[4] == "11010519491231002X"
    amounts = fast.normalize_wan_amount(pa.array(WAN_AMOUNTS, pa.string()))
    assert amounts.done.tolist()[:8] == [True] * 6 + [False] * 2
    assert amounts.value.to_pylist()[:2] == [123400.0, 700.0]
