"""The SQL form (DuckDB macros) against the scalar functions."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import duckdb
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clueloop.catalog.model import Role
from clueloop.normalize import (
    normalize_amount,
    normalize_code,
    normalize_community,
    normalize_date,
    normalize_datetime,
    normalize_enum,
    normalize_flag,
    normalize_number,
    normalize_org_name,
    normalize_party_id,
    normalize_party_name,
    normalize_person_id,
    normalize_person_name,
    normalize_phone,
    normalize_plate,
    normalize_region,
    normalize_text,
    normalize_uscc,
    sql,
)
from clueloop.normalize._chars import BLANK, FLAG_PLACEHOLDERS, PLACEHOLDERS
from clueloop.normalize.batch import normalize_text_array
from clueloop.normalize.flag import NO_VALUES, YES_VALUES

from .conftest import run_sql
from .samples import samples
from .strategies import (
    DIRT_ALPHABET,
    amount_texts,
    any_text,
    date_texts,
    dirty,
    dirty_ids,
    early_ids,
    flag_texts,
    junk,
    name_texts,
    old_ids,
    phone_texts,
    plate_texts,
    region_texts,
    valid_ids,
    valid_usccs,
)

SCALAR: dict[str, Callable[[str | None], Any]] = {
    "person_id": normalize_person_id,
    "org_id": normalize_uscc,
    "party_id": normalize_party_id,
    "person_name": normalize_person_name,
    "org_name": normalize_org_name,
    "party_name": normalize_party_name,
    "date": normalize_date,
    "datetime": normalize_datetime,
    "amount": normalize_amount,
    "number": normalize_number,
    "plate": normalize_plate,
    "phone": normalize_phone,
    "region": normalize_region,
    "community": normalize_community,
    "text": normalize_text,
    "code": normalize_code,
    "enum": normalize_enum,
    "flag": normalize_flag,
}

_ids = st.one_of(
    valid_ids(), dirty_ids(), early_ids().flatmap(dirty), old_ids().map(lambda pair: pair[0]).flatmap(dirty)
)
_codes = valid_usccs().flatmap(dirty)
_names = st.one_of(name_texts(), st.text(max_size=16))
ROLE_VALUES: dict[str, st.SearchStrategy[str]] = {
    "person_id": _ids,
    "org_id": _codes,
    "party_id": st.one_of(_ids, _codes),
    "person_name": _names,
    "org_name": _names,
    "party_name": _names,
    "date": date_texts(),
    "datetime": date_texts(),
    "amount": amount_texts(),
    "number": amount_texts(),
    "plate": plate_texts(),
    "phone": phone_texts(),
    "region": region_texts(),
    "community": _names,
    "text": _names,
    "code": _names,
    "enum": _names,
    "flag": flag_texts(),
}
EMPTY_VALUES = [None, "", " ", "\u3000", "\n", " \ufeff ", *PLACEHOLDERS, "ＮＵＬＬ", "／"]
# Edge cases every role sees, besides the generated values.
CURATED = [
    *("11010519491231002x", "110105491231002", " 1101 0519 4912 3100 2X ", "'110105194912310021.0"),
    *("1.10101E+17", "440524188001010014", "110105179901010021", "110105180001010011"),
    *("110105194902290021", "11010549123100X", "12345678901234567?"),
    *("91350100M000100Y43", "91350100m000100y43", "9135 0100-M000 100Y43", "91350100M000100Y44"),
    *("2021-03-05", "2021/3/5", "2021.3.5", "2021年3月5日", "2021年03月05号", "20210305"),
    *(
        "2021-03-05 08:30",
        "2021-03-05T08:30:00",
        "2021/3/5 8:30:00",
        "2021年3月5日 8时30分",
        "2021年3月5日8时",
    ),
    *("20210305083000", "2021-03-05 24:00", "2021-03-05 24:00:00", "2021/3/5 24:00", "2021-03-05 23:59:60"),
    *("2021-03-05 08:30:00.1234567", "0000-01-01", "0000/1/1", "0001-01-01", "0001/1/1", "0999/12/31"),
    *("1000-02-29", "2000-02-29", "1900-02-29", "9999-12-31 23:59:59.999999", "44197", "44197.354166666"),
    *("0", "1", "59", "60", "61", "99999", "00060", "长期", "長期有效", "无期限"),
    *("1,234.50", "１２３４", "¥1,234", "￥1234元", "5万元", "0.07万", "3千元", "2亿元", "-¥200", "+5"),
    *("1234.5元整", "12.5亩", "80mg/100ml", "1,200件", "3千克", "3千米", "1" + "0" * 400, ".5", "12.", "-0"),
    *("浙A·12345", "浙a-12345", "浙AD12345", "浙A12345D", "浙A1234挂", "浙AO1234", "粤Z1234港"),
    *("+86 138 1234 5678", "8613812345678", "0086-13812345678", "(0571)88886666", "0571-8888-6666 转 123"),
    *("010-12345678-1", "+86 571 88886666", "12345", "330106", "330106001001", "'330106.0", "33010"),
    *YES_VALUES,
    *NO_VALUES,
    *("Y", "F", "TRUE", "是否", "买买提 • 艾力", "John.Smith", "杭州某某有限責任公司（分公司）"),
    *("金都花园 小区", "小区", "a\nb", "a\r\nb  c", "A\u0301 ´"),
]


def test_one_function_per_role() -> None:
    assert set(sql.SQL_FUNCTIONS) == set(sql.SQL_VALUE_TYPES) == {role.value for role in Role} == set(SCALAR)
    assert all(name == f"cl_{role}" for role, name in sql.SQL_FUNCTIONS.items())


def test_install_twice_and_on_several_connections() -> None:
    for _ in range(2):
        con = duckdb.connect()
        sql.install(con)
        sql.install(con)
        assert con.execute("SELECT cl_person_id('11010519491231002x').value").fetchall() == [
            ("11010519491231002X",)
        ]
        assert con.execute("SELECT cl_person_name('張 三').value").fetchall() == [("张三",)]
        con.close()


@pytest.mark.parametrize("role", sorted(sql.SQL_FUNCTIONS))
def test_result_types(con: duckdb.DuckDBPyConnection, role: str) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE typed AS SELECT {sql.SQL_FUNCTIONS[role]}('x') AS r")
    [(column_type,)] = con.execute(
        "SELECT data_type FROM information_schema.columns WHERE table_name = 'typed'"
    ).fetchall()
    fields = [f'"value" {sql.SQL_VALUE_TYPES[role]}', "reason VARCHAR"]
    if role in sql.SQL_KINDED_ROLES:
        fields.append("kind VARCHAR")
    assert column_type == f"STRUCT({', '.join(fields)})"


@pytest.mark.parametrize("role", sorted(sql.SQL_FUNCTIONS))
def test_empty_values(con: duckdb.DuckDBPyConnection, role: str) -> None:
    values = [v for v in EMPTY_VALUES if role != "flag" or v not in PLACEHOLDERS or v in FLAG_PLACEHOLDERS]
    if role == "code":  # codes only trim white space
        values = [v for v in values if v is None or v.strip(BLANK) in ("", *PLACEHOLDERS)]
    assert run_sql(con, role, values) == [(None, None, None)] * len(values)


@pytest.mark.parametrize("role", sorted(sql.SQL_FUNCTIONS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_sql_agrees_with_scalar(con: duckdb.DuckDBPyConnection, role: str, data: st.DataObject) -> None:
    own = ROLE_VALUES[role]
    values = data.draw(
        st.lists(st.one_of(own, own, own, any_text(), junk, st.none()), min_size=5, max_size=50)
    )
    assert run_sql(con, role, values) == [tuple(SCALAR[role](v)) for v in values]


@pytest.mark.parametrize("role", sorted(sql.SQL_FUNCTIONS))
def test_sql_agrees_on_many_random_values(con: duckdb.DuckDBPyConnection, role: str) -> None:
    values = samples(role, 4000)
    expected = [tuple(SCALAR[role](v)) for v in values]
    got = run_sql(con, role, values)
    differences = [(v, e, g) for v, e, g in zip(values, expected, got, strict=True) if e != g]
    assert not differences, differences[:5]


@pytest.mark.parametrize("role", sorted(sql.SQL_FUNCTIONS))
def test_sql_agrees_on_edge_cases(con: duckdb.DuckDBPyConnection, role: str) -> None:
    assert run_sql(con, role, CURATED) == [tuple(SCALAR[role](v)) for v in CURATED]


def test_sql_agrees_over_many_chunks(con: duckdb.DuckDBPyConnection) -> None:
    """More rows than a DuckDB vector (2048), with line feeds and nulls inside text values."""
    rng = random.Random(7)
    values: list[str | None] = [
        None if rng.random() < 0.05 else "".join(rng.choices(DIRT_ALPHABET, k=rng.randint(0, 14)))
        for _ in range(5000)
    ]
    for role in ("person_name", "party_name", "text", "community", "person_id", "date", "amount"):
        assert run_sql(con, role, values) == [tuple(SCALAR[role](v)) for v in values], role


def test_inside_a_case_expression(con: duckdb.DuckDBPyConnection) -> None:
    """Outside the top level of a SELECT list the macros are slower, never different."""
    rows = con.execute(
        "SELECT CASE WHEN v IS NULL THEN NULL ELSE cl_person_id(v).value END, "
        "CASE WHEN v IS NULL THEN NULL ELSE cl_date(v).reason END "
        "FROM (VALUES ('110105491231002'), ('2021-02-30'), (NULL)) t(v)"
    ).fetchall()
    assert rows == [("11010519491231002X", "format"), (None, "date"), (None, None)]


def test_text_array_keeps_rows_aligned() -> None:
    values = pa.array(["a\nb", None, "", "張\n三", "无", "x\r\ny", "\n"], pa.string())
    out = normalize_text_array("person_name", values).to_pylist()
    assert out == ["ab", None, None, "张三", None, "xy", None]


def test_text_udf_with_several_modes(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT cl__text(m, v) FROM (VALUES ('text', '張 三'), ('person_name', '張 三'), (NULL, 'x')) t(m, v)"
    ).fetchall()
    assert rows == [("张 三",), ("张三",), (None,)]


def test_unknown_text_mode() -> None:
    with pytest.raises(ValueError, match="unknown text mode"):
        normalize_text_array("plate", pa.array(["x"]))
