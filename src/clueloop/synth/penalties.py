"""Generate large, dirty ``admin_penalty`` exports with DuckDB (vectorised: 10M rows in tens of seconds).

Dirt, per row at random: ID numbers in lower-case x, full-width digits, spaces or dashes, the old 15-digit
form, a wrong check character, typed as a USCC for organisations; dates in seven formats and as Excel
serials; amounts as "1,234.50", "5万元", "3000元"; traditional characters and full-width spaces in names;
empty cells. Headers are synonyms, as an agency would export them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

HEADERS = [
    "处罚决定书文号",
    "处罚机关",
    "当事人类型",
    "当事人名称",
    "身份证号码",
    "违法类型",
    "违法事实",
    "处罚种类",
    "罚款金额(元)",
    "涉案金额",
    "涉案数量",
    "计量单位",
    "处罚日期",
    "地址",
]

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def _id_check_sql(col: str) -> str:
    terms = " + ".join(f"(ascii(substr({col}, {i + 1}, 1)) - 48) * {w}" for i, w in enumerate(_ID_WEIGHTS))
    return f"substr('10X98765432', (({terms}) % 11)::INT + 1, 1)"


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def _uscc_check_sql(col: str) -> str:
    terms = " + ".join(
        f"(instr('{_USCC_CHARS}', substr({col}, {i + 1}, 1)) - 1) * {w}" for i, w in enumerate(_USCC_WEIGHTS)
    )
    return f"substr('{_USCC_CHARS}', ((31 - ({terms}) % 31) % 31)::INT + 1, 1)"


def generate(path: Path, rows: int, seed: int = 7, start: int = 0) -> Path:
    """Write ``rows`` dirty penalty decisions as a UTF-8 CSV at ``path``."""
    con = duckdb.connect()
    regions = [
        "110101",
        "110105",
        "310104",
        "330106",
        "330102",
        "440305",
        "510104",
        "420102",
        "320102",
        "370102",
    ]
    surnames = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐") + ["欧阳", "司马", "諸葛"]
    given = list("伟芳娜秀英敏静丽强磊军洋勇艷杰娟涛明超秀兰霞平刚桂英華")
    types = [
        "非法经营",
        "生产销售伪劣产品",
        "销售假冒注册商标的商品",
        "非法占用农用地",
        "未按规定公示",
        "超范围经营",
    ]
    con.execute(
        f"""
        CREATE TEMP TABLE base AS
        SELECT i,
               {regions!r}[1 + (hash(i, {seed}, 1) % {len(regions)})::INT] AS region,
               DATE '1950-01-01' + (hash(i, {seed}, 2) % 20000)::INT AS birth,
               lpad(((hash(i, {seed}, 3) % 999) + 1)::VARCHAR, 3, '0') AS seq,
               hash(i, {seed}, 4) % 1000 AS dirt,
               hash(i, {seed}, 5) % 100 AS fmt,
               DATE '2020-01-01' + (hash(i, {seed}, 6) % 2400)::INT AS decided,
               (hash(i, {seed}, 7) % 5000000) / 100.0 AS amount
        FROM range({start}, {start + rows}) t(i)
        """
    )
    first17 = "region || strftime(birth, '%Y%m%d') || seq"
    org17 = "('91' || region || 'MA2' || lpad((i % 1000000)::VARCHAR, 6, '0'))"
    con.execute(
        f"""
        COPY (
        SELECT
          '杭' || (['西','滨','上','拱'])[1 + (i % 4)::INT] || '市监罚〔' || year(decided) || '〕'
              || i || '号'
              AS "处罚决定书文号",
          '杭州市' || (['西湖区','滨江区','上城区','拱墅区'])[1 + (i % 4)::INT] || '市场监督管理局'
              AS "处罚机关",
          CASE WHEN dirt < 900 THEN '自然人' ELSE '法人' END AS "当事人类型",
          CASE WHEN dirt < 900 THEN
              {surnames!r}[1 + (hash(i, {seed}, 8) % {len(surnames)})::INT]
              || CASE WHEN dirt % 50 = 0 THEN '　' ELSE '' END
              || {given!r}[1 + (hash(i, {seed}, 9) % {len(given)})::INT]
            ELSE '杭州某某商贸有限责任公司' END AS "当事人名称",
          CASE
            WHEN dirt >= 990 THEN '91330106MA2' || lpad((i % 1000000)::VARCHAR, 6, '0') || 'Y'
            WHEN dirt >= 900 THEN {org17} || {_uscc_check_sql(org17)}
            WHEN dirt < 40 AND year(birth) < 2000 THEN region || substr(strftime(birth, '%Y%m%d'), 3) || seq
            WHEN dirt < 60 THEN lower({first17} || {_id_check_sql(first17)})
            WHEN dirt < 80 THEN translate({first17} || {_id_check_sql(first17)},
                                          '0123456789X', '０１２３４５６７８９Ｘ')
            WHEN dirt < 100 THEN region || ' ' || strftime(birth, '%Y%m%d') || ' ' || seq
                                 || {_id_check_sql(first17)}
            WHEN dirt < 115 THEN {first17} || CASE WHEN {_id_check_sql(first17)} = '0' THEN '1' ELSE '0' END
            WHEN dirt < 125 THEN ''
            ELSE {first17} || {_id_check_sql(first17)}
          END AS "身份证号码",
          {types!r}[1 + (hash(i, {seed}, 10) % {len(types)})::INT] AS "违法类型",
          '经查，当事人于' || strftime(decided - 30, '%Y年%m月%d日') || '销售不合格产品，货值金额'
              || amount::VARCHAR || '元。' AS "违法事实",
          '罚款' AS "处罚种类",
          CASE WHEN fmt < 50 THEN printf('%,.2f', amount)
               WHEN fmt < 70 THEN (amount / 10000)::DECIMAL(12, 2)::VARCHAR || '万元'
               WHEN fmt < 90 THEN amount::VARCHAR || '元'
               WHEN fmt < 97 THEN amount::VARCHAR
               ELSE '' END AS "罚款金额(元)",
          CASE WHEN fmt % 3 = 0 THEN (amount * 10)::VARCHAR ELSE '' END AS "涉案金额",
          CASE WHEN fmt % 7 = 0 THEN ((hash(i, {seed}, 11) % 300) / 10.0)::VARCHAR ELSE '' END AS "涉案数量",
          CASE WHEN fmt % 7 = 0 THEN '亩' ELSE '' END AS "计量单位",
          CASE WHEN fmt < 30 THEN strftime(decided, '%Y-%m-%d')
               WHEN fmt < 45 THEN strftime(decided, '%Y/') || month(decided) || '/' || day(decided)
               WHEN fmt < 60 THEN strftime(decided, '%Y年%m月%d日')
               WHEN fmt < 70 THEN strftime(decided, '%Y%m%d')
               WHEN fmt < 80 THEN strftime(decided, '%Y-%m-%d %H:%M:%S')
               WHEN fmt < 90 THEN (decided - DATE '1899-12-30')::VARCHAR
               WHEN fmt < 98 THEN strftime(decided, '%Y.%m.%d')
               ELSE '2021-02-30' END AS "处罚日期",
          '浙江省杭州市某某路' || (i % 999)::VARCHAR || '号' AS "地址"
        FROM base ORDER BY i
        ) TO '{str(path).replace("'", "''")}' (HEADER, DELIMITER ',')
        """
    )
    con.close()
    return path


def to_encoding(source: Path, target: Path, encoding: str) -> Path:
    """Re-encode a UTF-8 export, as an agency system writing GBK would."""
    with (
        source.open(encoding="utf-8", newline="") as src,
        target.open("w", encoding=encoding, newline="") as dst,
    ):
        while chunk := src.read(1 << 20):
            dst.write(chunk)
    return target


def to_xlsx(source: Path, target: Path, title: str | None = None) -> Path:
    """Copy a (small) CSV export into an XLSX sheet, with an optional title row above the header."""
    import csv

    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("数据")
    if title:
        sheet.append([title])
    with source.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            sheet.append(row)
    book.save(target)
    return target


def to_jsonl(source: Path, target: Path) -> Path:
    import csv
    import json

    with source.open(encoding="utf-8", newline="") as f, target.open("w", encoding="utf-8") as out:
        for record in csv.DictReader(f):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.path, args.rows, args.seed)


if __name__ == "__main__":
    main()
