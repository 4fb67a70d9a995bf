"""Ingestion end to end on real files, a real lake and real DuckDB."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from clueloop.ingest.errors import IngestError
from clueloop.ingest.lake import Lake
from clueloop.ingest.service import ingest_file

from .conftest import make_id, snapshot

HEADER_GBK = [
    "处罚决定书文号",
    "处罚机关",
    "当事人",
    "身份证号",
    "违法类型",
    "罚款金额(元)",
    "涉案金额",
    "处罚日期",
]


def _penalty_rows() -> list[list[str]]:
    id18 = make_id("330106", "19850312", "123")
    id15 = id18[:6] + id18[8:17]  # the same person's old 15-digit number
    fullwidth = "".join(
        chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in make_id("110105", "19900101", "234")
    )
    lower_x = make_id("110105", "19491231", "002")  # check character X
    return [
        HEADER_GBK,
        [
            "杭西市监罚〔2026〕1号",
            "杭州市西湖区市场监督管理局",
            "张三",
            id18,
            "非法经营",
            "1,000",
            "5万元",
            "2026年3月5日",
        ],
        [
            "杭西市监罚〔2026〕2号",
            "杭州市西湖区市场监督管理局",
            "张三",
            id15,
            "非法经营",
            "2000元",
            "60000",
            "2026/3/6",
        ],
        [
            "杭西市监罚〔2026〕3号",
            "杭州市西湖区市场监督管理局",
            "李四",
            fullwidth,
            "非法经营",
            "300",
            "",
            "20260307",
        ],
        [
            "杭西市监罚〔2026〕4号",
            "杭州市西湖区市场监督管理局",
            "王五",
            lower_x.lower(),
            "非法经营",
            "",
            "",
            "46000",
        ],
        [
            "杭西市监罚〔2026〕5号",
            "杭州市西湖区市场监督管理局",
            "赵六",
            id18[:-1] + "0",
            "非法经营",
            "x",
            "",
            "2026-13-01",
        ],
        [
            "杭西市监罚〔2026〕6号",
            "杭州市西湖区市场监督管理局",
            "钱七",
            "12345",
            "非法经营",
            "",
            "",
            "2026-03-09",
        ],
    ]


def test_gbk_file_with_synonym_headers_and_dirty_ids(lake: Lake, write_csv: Callable[..., Path]) -> None:
    path = write_csv("处罚.csv", _penalty_rows(), encoding="gbk")
    result = ingest_file(lake, path, "admin_penalty")
    assert result.status == "loaded"
    m = result.batch.manifest
    assert m["encoding"] == "gb18030"
    assert m["mapping"]["身份证号"] == "证件号码"
    assert m["mapping"]["罚款金额(元)"] == "罚款金额"
    con = lake.connect()
    rows = con.execute(
        'SELECT _source_row, "证件号码", "证件号码__ok", "证件号码__reason", "罚款金额", "涉案金额", '
        '"处罚决定日期", "处罚决定日期__reason" FROM admin_penalty ORDER BY _source_row'
    ).fetchall()
    by_row = {r[0]: r[1:] for r in rows}
    id18 = make_id("330106", "19850312", "123")
    # rows 2 and 3: the same person's 18- and 15-digit numbers normalise to one value
    assert by_row[2][0] == by_row[3][0] == id18
    assert by_row[4][0] == make_id("110105", "19900101", "234")  # full-width digits
    assert by_row[5][0] == make_id("110105", "19491231", "002") and by_row[5][0].endswith("X")
    assert by_row[6][:3] == (None, False, "check")
    assert by_row[7][:3] == (None, False, "length")
    assert by_row[2][3:5] == (1000.0, 50000.0)
    assert by_row[3][3] == 2000.0
    assert by_row[2][5] == dt.date(2026, 3, 5)
    assert by_row[4][5] == dt.date(2026, 3, 7)
    assert by_row[5][5] == dt.date(2025, 12, 9)  # Excel serial 46000
    assert by_row[6][5:] == (None, "date")
    report = result.report
    ids = next(c for c in report["columns"] if c["name"] == "证件号码")
    assert ids["invalid"] == 2
    assert ids["reasons"]["check"] == {"count": 1, "rows": [6]}
    assert ids["reasons"]["length"] == {"count": 1, "rows": [7]}
    amounts = next(c for c in report["columns"] if c["name"] == "罚款金额")
    assert amounts["reasons"]["format"]["rows"] == [6]
    assert report["rows"] == 6  # bad rows are flagged and counted, never dropped


def test_raw_values_and_lineage_are_kept(lake: Lake, write_csv: Callable[..., Path]) -> None:
    rows = _penalty_rows()
    path = write_csv("p.csv", rows)
    result = ingest_file(lake, path, "admin_penalty")
    con = lake.connect()
    got = con.execute(
        'SELECT _batch_id, _source_file, _source_row, "证件号码__raw" FROM admin_penalty ORDER BY _source_row'
    ).fetchall()
    assert [g[3] for g in got] == [r[3] for r in rows[1:]]
    assert {g[0] for g in got} == {result.batch.batch_id}
    assert {g[1] for g in got} == {"p.csv"}
    assert [g[2] for g in got] == [2, 3, 4, 5, 6, 7]


def test_same_content_twice_is_a_noop(lake: Lake, write_csv: Callable[..., Path], home: Path) -> None:
    path = write_csv("p.csv", _penalty_rows())
    first = ingest_file(lake, path, "admin_penalty")
    before = snapshot(home)
    copy = path.with_name("copy.csv")
    copy.write_bytes(path.read_bytes())
    second = ingest_file(lake, copy, "admin_penalty")
    assert second.status == "duplicate"
    assert second.batch.batch_id == first.batch.batch_id
    assert snapshot(home) == before
    assert lake.connect().execute("SELECT count(*) FROM admin_penalty").fetchone() == (6,)


def test_missing_required_column_names_each_and_leaves_lake_unchanged(
    lake: Lake, write_csv: Callable[..., Path], home: Path
) -> None:
    ingest_file(lake, write_csv("ok.csv", _penalty_rows()), "admin_penalty")
    before = snapshot(home)
    rows = [[c for i, c in enumerate(r) if i not in (3, 7)] for r in _penalty_rows()]
    with pytest.raises(IngestError) as info:
        ingest_file(lake, write_csv("bad.csv", rows), "admin_penalty")
    text = str(info.value)
    assert "bad.csv" in text
    assert "证件号码" in text and "处罚决定日期" in text
    assert "处罚决定书文号" in text  # the headers that were found are listed
    assert snapshot(home) == before
    assert not (home / "tmp").exists() or not any((home / "tmp").iterdir())


def test_mapping_file_maps_unknown_headers(
    lake: Lake, write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    rows = _penalty_rows()
    rows[0] = ["文号X", "机关X", "对象", "号码X", "类别X", "罚款", "涉案", "日子"]
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "文号X: 决定书文号\n机关X: 执法机关\n对象: 当事人名称\n"
        "号码X: 证件号码\n类别X: 违法行为类型\n日子: 处罚决定日期\n",
        encoding="utf-8",
    )
    from clueloop.ingest.headers import load_mapping

    result = ingest_file(lake, write_csv("m.csv", rows), "admin_penalty", mapping=load_mapping(mapping))
    assert result.batch.manifest["mapping"]["号码X"] == "证件号码"
    assert result.batch.manifest["mapping"]["罚款"] == "罚款金额"  # synonyms still apply beside the mapping


def test_mapping_to_unknown_column_is_refused(lake: Lake, write_csv: Callable[..., Path]) -> None:
    with pytest.raises(IngestError, match="证件号码"):
        ingest_file(
            lake, write_csv("m.csv", _penalty_rows()), "admin_penalty", mapping={"身份证号": "证件号"}
        )


def test_extra_columns_are_kept(lake: Lake, write_csv: Callable[..., Path]) -> None:
    rows = [r + [f"备注{i}"] for i, r in enumerate(_penalty_rows())]
    rows[0][-1] = "备注"
    result = ingest_file(lake, write_csv("x.csv", rows), "admin_penalty")
    assert result.batch.manifest["extras"] == {"备注": "备注"}
    got = lake.connect().execute('SELECT "备注" FROM admin_penalty ORDER BY _source_row').fetchall()
    assert [g[0] for g in got] == [f"备注{i}" for i in range(1, 7)]


def test_corrupt_xlsx_fails_clearly_and_leaves_lake_unchanged(
    lake: Lake, write_csv: Callable[..., Path], home: Path, tmp_path: Path
) -> None:
    ingest_file(lake, write_csv("ok.csv", _penalty_rows()), "admin_penalty")
    before = snapshot(home)
    good = tmp_path / "good.xlsx"
    _write_xlsx(good, _penalty_rows())
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(IngestError, match="broken.xlsx"):
        ingest_file(lake, broken, "admin_penalty")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(bytes(range(256)) * 50)
    with pytest.raises(IngestError, match="junk.xlsx"):
        ingest_file(lake, junk, "admin_penalty")
    assert snapshot(home) == before


def test_zip_bomb_is_refused_before_inflating(lake: Lake, home: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(64):  # 64 MiB of zeros compress to about 64 KiB
                member.write(chunk)
    assert bomb.stat().st_size < 1 << 20
    with pytest.raises(IngestError, match="压缩炸弹"):
        ingest_file(lake, bomb, "admin_penalty")
    assert snapshot(home) == {}


def test_binary_junk_is_refused(lake: Lake, tmp_path: Path) -> None:
    junk = tmp_path / "data.csv"
    junk.write_bytes(b"\x00\x01\x02garbage" * 1000)
    with pytest.raises(IngestError, match="二进制"):
        ingest_file(lake, junk, "admin_penalty")


def test_utf8_decode_error_names_the_row_and_column(lake: Lake, tmp_path: Path, home: Path) -> None:
    body = _penalty_rows()[1:] * 3000  # past the 1 MiB sampled to open the file
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([HEADER_GBK, *body])
    data = text.getvalue().encode("utf-8")
    broken = data + "杭西市监罚〔2026〕9号,机关,".encode() + b"\xff\xfe" + b",,,,,\n"
    path = tmp_path / "broken.csv"
    path.write_bytes(broken)
    assert len(data) > 1 << 20
    with pytest.raises(IngestError) as info:
        ingest_file(lake, path, "admin_penalty", encoding="utf-8")
    assert info.value.row == len(body) + 2
    assert info.value.column == HEADER_GBK[2]
    assert "UTF-8" in str(info.value) and "broken.csv" in str(info.value)
    assert snapshot(home) == {}


def test_gbk_decode_error_names_the_line(lake: Lake, tmp_path: Path, home: Path) -> None:
    lines = [",".join(HEADER_GBK)] + [",".join(r) for r in _penalty_rows()[1:]]
    data = "\n".join(lines).encode("gbk") + b"\n"
    broken = data + "杭西市监罚〔2026〕9号,机关,某人,".encode("gbk") + b"\x81\x20bad\n"
    path = tmp_path / "broken.csv"
    path.write_bytes(broken)
    with pytest.raises(IngestError) as info:
        ingest_file(lake, path, "admin_penalty")
    assert info.value.row == 8
    assert "GB18030" in str(info.value)
    assert snapshot(home) == {}


def test_ragged_row_names_its_row(lake: Lake, write_csv: Callable[..., Path]) -> None:
    rows = _penalty_rows()
    rows[3] = rows[3] + ["多余", "字段"]
    with pytest.raises(IngestError) as info:
        ingest_file(lake, write_csv("r.csv", rows), "admin_penalty")
    assert info.value.row == 4
    assert "10 个字段" in str(info.value)


def test_interrupted_import_leaves_no_partial_batch(
    lake: Lake, write_csv: Callable[..., Path], home: Path
) -> None:
    ingest_file(lake, write_csv("ok.csv", _penalty_rows()), "admin_penalty")
    before = snapshot(home)

    def interrupt(phase: str, rows: int, done: int, total: int) -> None:
        raise KeyboardInterrupt

    rows = _penalty_rows()
    rows[1][0] = "另一个文号"
    with pytest.raises(KeyboardInterrupt):
        ingest_file(lake, write_csv("other.csv", rows), "admin_penalty", progress=interrupt)
    assert snapshot(home) == before
    assert not any((home / "tmp").glob("*"))


def test_xlsx_with_title_row_and_several_sheets(lake: Lake, tmp_path: Path) -> None:
    path = tmp_path / "处罚.xlsx"
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "说明"
    notes.append(["本表由某局导出"])
    data = book.create_sheet("数据")
    data.append(["2026年行政处罚决定公示"])
    data.append([])
    rows = _penalty_rows()
    data.append(rows[0])
    data.append([*rows[1][:7], dt.datetime(2026, 3, 5)])
    data.append([*rows[2][:5], 2000, 60000.0, dt.datetime(2026, 3, 6, 10, 30)])
    data.append([*rows[3][:3], 110105199001012345, *rows[3][4:]])  # an ID typed as a number
    book.save(path)
    result = ingest_file(lake, path, "admin_penalty")
    m = result.batch.manifest
    assert m["sheet"] == "数据" and m["header_row"] == 3
    got = (
        lake.connect()
        .execute(
            'SELECT _source_row, "处罚决定日期", "罚款金额", "证件号码__raw", "证件号码__reason" '
            "FROM admin_penalty ORDER BY 1"
        )
        .fetchall()
    )
    assert [g[0] for g in got] == [4, 5, 6]
    assert got[0][1] == dt.date(2026, 3, 5) and got[1][1] == dt.date(2026, 3, 6)
    assert got[1][2] == 2000.0
    assert got[2][3].startswith("1.10105199") and "e+17" in got[2][3]  # precision lost in Excel
    assert got[2][4] == "characters"


def _write_xlsx(path: Path, rows: list[list[str]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_xls_jsonl_parquet_and_bom(lake: Lake, tmp_path: Path, write_csv: Callable[..., Path]) -> None:
    import xlwt

    rows = _penalty_rows()
    xls = tmp_path / "p.xls"
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    for r, row in enumerate(rows[:3]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(xls))
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text(
        "\n".join(json.dumps(dict(zip(rows[0], r, strict=True)), ensure_ascii=False) for r in rows[1:4])
        + "\n",
        encoding="utf-8",
    )
    parquet = tmp_path / "p.parquet"
    pq.write_table(pa.table({h: [r[i] for r in rows[1:3]] for i, h in enumerate(rows[0])}), parquet)
    bom = write_csv("bom.csv", rows[:2], encoding="utf-8-sig")
    counts = {}
    for path in (xls, jsonl, parquet, bom):
        result = ingest_file(lake, path, "admin_penalty")
        counts[path.suffix] = result.batch.rows
        assert result.batch.manifest["mapping"]["身份证号"] == "证件号码"
    assert counts == {".xls": 2, ".jsonl": 3, ".parquet": 2, ".csv": 1}
    ids = (
        lake.connect()
        .execute(
            'SELECT DISTINCT "证件号码" FROM admin_penalty '
            "WHERE _source_file IN ('p.xls', 'p.jsonl', 'p.parquet')"
        )
        .fetchall()
    )
    assert {i[0] for i in ids} >= {make_id("330106", "19850312", "123"), make_id("110105", "19900101", "234")}
    assert lake.connect().execute(
        "SELECT _source_row FROM admin_penalty WHERE _source_file = 'p.jsonl' ORDER BY 1"
    ).fetchall() == [(1,), (2,), (3,)]


def test_views_exist_for_kinds_never_loaded(lake: Lake) -> None:
    con = lake.connect()
    assert con.execute("SELECT count(*) FROM sales_invoice").fetchone() == (0,)
    cols = [d[0] for d in con.execute("SELECT * FROM sales_invoice").description]
    assert "开票日期" in cols and "开票日期__raw" in cols and "_source_row" in cols


def test_read_ahead_keeps_order_and_stops_its_thread() -> None:
    import itertools
    import threading

    from clueloop.ingest.service import _read_ahead

    assert list(_read_ahead(iter(range(10)), 2)) == list(range(10))  # type: ignore[arg-type]
    endless = _read_ahead(itertools.count(), 2)  # type: ignore[arg-type]
    assert next(endless) == 0
    endless.close()  # as after a failed COPY: the producer must not wait forever
    assert not any(t.name == "ingest-read-ahead" for t in threading.enumerate())
