"""Writing rows the way agencies export them: one or more files per kind, each with its own format,
encoding, header names, date formats and dirt (all chosen from the seed).

Formats: UTF-8 CSV, UTF-8 CSV with BOM, GB18030 CSV, XLSX (native date and number cells, some with a
title row above the header) and JSON lines. Headers are canonical, synonyms from the kind's YAML, or a
mix; optional columns no model reads are sometimes left empty or not exported at all.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from clueloop.catalog import Kind, Role, get_kind
from clueloop.ingest.headers import HeaderMatcher
from clueloop.synth.dirt import (
    AMOUNT_STYLES,
    BLANKABLE,
    DATE_STYLES,
    DATETIME_STYLES,
    Dirt,
    amount_text,
    date_text,
    datetime_text,
)
from clueloop.synth.world import Cell, Exact, Row

XLSX_MAX_ROWS = 5000  # openpyxl is slow; bigger exports go out as CSV
ROWS_PER_FILE = 20_000
FORMATS = (  # (format, encoding, weight)
    ("csv", "utf-8", 3),
    ("csv", "utf-8-sig", 2),
    ("csv", "gb18030", 3),
    ("xlsx", None, 3),
    ("jsonl", "utf-8", 2),
)
AGENCIES: dict[str, tuple[str, ...]] = {
    "admin_penalty": ("市场监管局", "综合行政执法局", "农业农村局", "自然资源和规划局"),
    "case_transfer": ("市场监管局", "两法衔接平台"),
    "criminal_case": ("公安局", "公安分局"),
    "criminal_judgment": ("中级人民法院", "基层人民法院"),
    "pil_case": ("检察业务应用系统", "公益诉讼检察部"),
    "public_security_penalty": ("公安局治安支队", "公安分局"),
    "postal_violation": ("邮政管理局", "快递安全监管平台"),
    "dishonest_debtor": ("人民法院执行局", "失信名单"),
    "student_enrollment": ("教育局学籍系统", "学籍管理平台"),
    "school_fee": ("发展和改革委员会", "教育局"),
    "community_correction": ("司法局社区矫正中心", "社区矫正管理平台"),
    "correction_leave": ("司法局社区矫正中心", "外出审批台账"),
    "driver_license": ("交警支队车驾管", "驾驶人信息"),
    "traffic_violation": ("交警支队", "非现场执法平台"),
    "vehicle_registration": ("车辆管理所", "机动车信息"),
    "hotline_ticket": ("12345热线中心", "政务服务热线"),
    "fire_inspection": ("消防救援支队", "监督检查台账"),
    "safety_inspection": ("应急管理局", "执法检查台账"),
    "business_license": ("应急管理局", "行政审批局"),
    "sales_invoice": ("税务局", "电子发票平台"),
}


@dataclass(frozen=True)
class WrittenFile:
    """One export as the manifest lists it."""

    file: str
    kind: str
    format: str
    encoding: str | None
    rows: int
    headers: str  # canonical, synonyms or mixed
    title_row: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _Style:
    """What one file's exporting system does."""

    format: str
    encoding: str | None
    headers: str
    title: str | None
    dates: tuple[str, ...]
    datetimes: tuple[str, ...]
    amounts: tuple[str, ...]
    native: bool  # XLSX: dates and numbers as typed cells (else text)
    blank_rate: float


def write_tables(
    outdir: Path, tables: dict[str, list[Row]], rng: random.Random, as_of: date
) -> list[WrittenFile]:
    """Write every kind's rows (shuffled, split over files) and return the manifest entries."""
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[WrittenFile] = []
    for kind_name in sorted(tables):
        rows = list(tables[kind_name])
        rng.shuffle(rows)
        kind = get_kind(kind_name)
        count = max(1 + (rng.random() < 0.3), math.ceil(len(rows) / ROWS_PER_FILE))
        count = min(count, len(rows))
        cuts = sorted(rng.sample(range(1, len(rows)), count - 1)) if count > 1 else []
        chunks = [rows[a:b] for a, b in zip([0, *cuts], [*cuts, len(rows)], strict=True)]
        agencies = AGENCIES[kind_name]
        for i, chunk in enumerate(chunks):
            agency = agencies[i % len(agencies)]
            style = _choose_style(rng, kind, len(chunk), as_of, agency)
            name = f"{kind.title}_{agency}{'' if i < len(agencies) else i + 1}.{style.format}"
            _write_file(outdir / name, kind, chunk, style, rng)
            written.append(
                WrittenFile(
                    name,
                    kind_name,
                    style.format,
                    style.encoding,
                    len(chunk),
                    style.headers,
                    bool(style.title),
                )
            )
    return written


def _choose_style(rng: random.Random, kind: Kind, rows: int, as_of: date, agency: str) -> _Style:
    fmt, encoding, _ = rng.choices(FORMATS, [f[2] for f in FORMATS])[0]
    if fmt == "xlsx" and rows > XLSX_MAX_ROWS:
        fmt, encoding = "csv", "gb18030"
    dates = tuple(rng.sample(DATE_STYLES, rng.randint(1, 3)))
    datetimes = tuple(rng.sample(DATETIME_STYLES, rng.randint(1, 3)))
    return _Style(
        format=fmt,
        encoding=encoding,
        headers=rng.choice(("canonical", "synonyms", "mixed")),
        title=f"{as_of.year}年度{kind.title}数据导出（{agency}）"
        if fmt == "xlsx" and rng.random() < 0.5
        else None,
        dates=dates,
        datetimes=datetimes,
        amounts=tuple(rng.sample(AMOUNT_STYLES, rng.randint(1, 3))),
        native=fmt == "xlsx" and rng.random() < 0.7,
        blank_rate=rng.choice((0.0, 0.05, 0.2)),
    )


def _labels(kind: Kind) -> dict[str, list[str]]:
    """For each column, the headers (canonical first) that the ingester maps back to that column."""
    matcher = HeaderMatcher(kind)
    out: dict[str, list[str]] = {}
    for column in kind.columns:
        labels = [column.name] + [s for s in column.synonyms if s != column.name]
        out[column.name] = [
            lab for lab in labels if (hit := matcher.lookup(lab)) and hit[0].name == column.name
        ]
    return out


def _write_file(path: Path, kind: Kind, rows: list[Row], style: _Style, rng: random.Random) -> None:
    labels = _labels(kind)
    columns = list(kind.columns)
    blankable = set(BLANKABLE.get(kind.kind, ()))
    if style.headers != "canonical" and rng.random() < 0.3:  # an optional column the system never exports
        droppable = [c for c in columns if c.name in blankable and not c.required]
        if droppable:
            columns.remove(rng.choice(droppable))
    if rng.random() < 0.2:
        rng.shuffle(columns)
    headers = []
    for column in columns:
        synonym = style.headers == "synonyms" or (style.headers == "mixed" and rng.random() < 0.5)
        options = labels[column.name]
        headers.append(rng.choice(options[1:]) if synonym and len(options) > 1 else options[0])
    dirt = Dirt(rng, rng.uniform(0.1, 0.35))
    render = _Renderer(style, dirt, rng)
    cells = [
        (c.name, c.role, c.name in blankable and not c.required and style.blank_rate > 0) for c in columns
    ]
    table: list[list[Any]] = []
    for row in rows:
        out = []
        for name, role, may_blank in cells:
            value = row.get(name)
            if may_blank and rng.random() < style.blank_rate:
                value = None
            out.append(render.cell(role, value))
        table.append(out)
    if style.format == "xlsx":
        _write_xlsx(path, headers, table, style.title)
    elif style.format == "jsonl":
        with path.open("w", encoding="utf-8", newline="\n") as f:
            for out in table:
                f.write(json.dumps(dict(zip(headers, out, strict=True)), ensure_ascii=False) + "\n")
    else:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n" if rng.random() < 0.5 else "\n")
        writer.writerow(headers)
        writer.writerows(["" if v is None else v for v in out] for out in table)
        path.write_bytes(buffer.getvalue().encode(style.encoding or "utf-8"))


def _write_xlsx(path: Path, headers: list[str], table: list[list[Any]], title: str | None) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1" if title is None else "数据")
    if title:
        sheet.append([title])
    sheet.append(headers)
    for out in table:
        sheet.append(out)
    book.save(path)


class _Renderer:
    """Turns a case's value into what one file holds: text, or a typed cell in XLSX and JSON."""

    def __init__(self, style: _Style, dirt: Dirt, rng: random.Random) -> None:
        self.style = style
        self.dirt = dirt
        self.rng = rng
        self.typed = style.format == "jsonl" or style.native

    def cell(self, role: Role, value: Cell) -> Any:
        if value is None:
            return None
        if isinstance(value, Exact):
            return str(value)
        if isinstance(value, str):
            return self.dirt.cell(role, value)
        if isinstance(value, datetime):
            return self._datetime(value)
        if isinstance(value, date):
            return self._date(value)
        return self._number(role, float(value))

    def _date(self, d: date) -> Any:
        if self.style.native and self.rng.random() < 0.8:
            return d
        style = self.rng.choice(self.style.dates)
        if style == "serial" and self.style.native:
            return (datetime(d.year, d.month, d.day) - datetime(1899, 12, 30)).days
        return date_text(d, style)

    def _datetime(self, t: datetime) -> Any:
        if self.style.native and self.rng.random() < 0.8:
            return t
        return datetime_text(t, self.rng.choice(self.style.datetimes))

    def _number(self, role: Role, value: float) -> Any:
        if self.typed and self.rng.random() < 0.5:
            return int(value) if value.is_integer() else value
        if role is Role.AMOUNT:
            return amount_text(value, self.rng.choice(self.style.amounts))
        return amount_text(value, "plain")
