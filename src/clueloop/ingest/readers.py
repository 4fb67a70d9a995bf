"""Readers: turn one agency export into batches of text columns, each row with its row number in the file.

Every reader yields ``pyarrow.RecordBatch`` objects whose columns are ``c0 … cN`` (strings, positional,
so duplicate or empty headers cannot collide) plus ``_source_row`` (int64): the row a user sees when
opening the file in Excel or a text editor, the header being row 1 in a plain export.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from clueloop.ingest.errors import IngestError

BATCH_ROWS = 100_000
CSV_BLOCK_BYTES = 4 << 20
HEADER_SEARCH_ROWS = 30

# An XLSX file is a zip archive; these bound what we agree to inflate (checked on the declared sizes
# before reading; Python's zipfile then refuses to inflate past a member's declared size).
XLSX_MAX_UNCOMPRESSED = 2 << 30
XLSX_MAX_RATIO = 200
XLSX_RATIO_FLOOR = 16 << 20

Progress = Callable[[int, int], None]
"""Called with (rows read so far, bytes read so far)."""

HeaderScore = Callable[[Sequence[str | None]], int]
"""How many cells of a candidate header row name a known column."""


@dataclass
class Table:
    """One sheet of one file, ready to stream."""

    path: Path
    format: str
    headers: list[str]
    header_row: int
    encoding: str | None = None
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)
    _batches: Callable[[Progress], Iterator[pa.RecordBatch]] | None = None

    def batches(self, progress: Progress | None = None) -> Iterator[pa.RecordBatch]:
        assert self._batches is not None
        return self._batches(progress or (lambda rows, done: None))


def open_table(
    path: Path,
    *,
    score: HeaderScore,
    encoding: str | None = None,
    sheet: str | None = None,
) -> Table:
    """Open ``path``, choose its format, encoding, sheet and header row."""
    if not path.exists():
        raise IngestError(path, "文件不存在")
    if path.is_dir():
        raise IngestError(path, "这是一个文件夹，不是文件")
    with path.open("rb") as f:
        head = f.read(8)
    fmt = _detect_format(path, head)
    if fmt == "xlsx":
        return _open_xlsx(path, score, sheet)
    if fmt == "xls":
        return _open_xls(path, score, sheet)
    if fmt == "parquet":
        return _open_parquet(path)
    if fmt == "jsonl":
        return _open_jsonl(path, encoding)
    return _open_csv(path, score, encoding)


def _detect_format(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04") or suffix in {".xlsx", ".xlsm"}:
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0") or suffix == ".xls":
        return "xls"
    if head.startswith(b"PAR1") or suffix == ".parquet":
        return "parquet"
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    return "csv"


def cell_text(value: Any) -> str | None:
    """The text an agency meant by a spreadsheet or JSON cell; never loses digits silently."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _batch(columns: list[list[str | None]], rows: list[int]) -> pa.RecordBatch:
    arrays = [pa.array(col, type=pa.string()) for col in columns]
    names = [f"c{i}" for i in range(len(columns))]
    return pa.RecordBatch.from_arrays([*arrays, pa.array(rows, type=pa.int64())], [*names, "_source_row"])


def _rows_to_batches(
    rows: Iterator[tuple[int, Sequence[Any]]], width: int, progress: Progress, bytes_total: int
) -> Iterator[pa.RecordBatch]:
    """Group (row number, cells) pairs into batches; rows whose cells are all empty are skipped."""
    columns: list[list[str | None]] = [[] for _ in range(width)]
    numbers: list[int] = []
    seen = 0
    for number, cells in rows:
        texts = [cell_text(c) for c in cells[:width]]
        extra = [cell_text(c) for c in cells[width:]]
        if any(t is not None for t in extra):
            raise IngestError(
                Path(""), f"该行有 {len(cells)} 个单元格，多于表头的 {width} 列", row=number
            )  # re-raised with the path by the caller
        if all(t is None for t in texts):
            continue
        texts.extend([None] * (width - len(texts)))
        for col, text in zip(columns, texts, strict=True):
            col.append(text)
        numbers.append(number)
        if len(numbers) >= BATCH_ROWS:
            seen += len(numbers)
            progress(seen, 0)
            yield _batch(columns, numbers)
            columns, numbers = [[] for _ in range(width)], []
    if numbers:
        seen += len(numbers)
        yield _batch(columns, numbers)
    progress(seen, bytes_total)


def _pick_header(rows: Sequence[Sequence[Any]], score: HeaderScore) -> int:
    """Index of the header row: the first row naming the most known columns (title rows are skipped)."""
    best, best_score = 0, 0
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        s = score([cell_text(c) for c in row])
        if s > best_score:
            best, best_score = i, s
    if best_score == 0:
        for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            if any(cell_text(c) for c in row):
                return i
    return best


def _header_names(row: Sequence[Any]) -> list[str]:
    names = [cell_text(c) or "" for c in row]
    while names and not names[-1]:
        names.pop()
    return names


# --- CSV -------------------------------------------------------------------------------------------


def detect_encoding(head: bytes) -> str:
    """The encoding of a text export: BOM first, then strict UTF-8, else GB18030 (a superset of GBK)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


# Encodings pyarrow reads itself, checking every byte.
_ARROW_ENCODINGS = frozenset({"utf-8", "utf-8-sig"})


class _Utf8Stream(io.RawIOBase):
    """Decodes a byte stream strictly and hands pyarrow UTF-8; a bad byte becomes an error with its line."""

    def __init__(self, raw: IO[bytes], encoding: str, path: Path, on_bytes: Callable[[int], None]) -> None:
        self._raw = raw
        self._encoding = encoding
        self._decoder = codecs.getincrementaldecoder(encoding)("strict")
        self._path = path
        self._on_bytes = on_bytes
        self._buffer = b""
        self._consumed = 0
        self._lines = 0
        self._eof = False
        self._passthrough = encoding == "utf-8"

    def readable(self) -> bool:
        return True

    def _fill(self) -> None:
        chunk = self._raw.read(4 << 20)
        final = not chunk
        try:
            text = self._decoder.decode(chunk, final=final)
        except UnicodeDecodeError as exc:
            line = self._lines + chunk.count(b"\n", 0, max(exc.start, 0)) + 1
            error = IngestError(
                self._path,
                f"按 {self._encoding.upper()} 解码失败（字节 {self._consumed + max(exc.start, 0)}）："
                "文件可能已损坏，或混用了多种编码",
                row=line,
                hint="可用 --encoding 指定文件编码（如 gb18030、utf-8）",
            )
            error.byte = self._consumed + max(exc.start, 0)
            raise error from None
        self._consumed += len(chunk)
        self._lines += chunk.count(b"\n")
        self._on_bytes(self._consumed)
        if final:
            self._eof = True
        self._buffer += chunk if self._passthrough else text.encode("utf-8")

    def readinto(self, b: Any) -> int:
        # Fill the whole request: pyarrow takes each read as one block, and small blocks cost per batch.
        while len(self._buffer) < len(b) and not self._eof:
            self._fill()
        n = min(len(b), len(self._buffer))
        b[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def _sniff_delimiter(lines: list[str]) -> str:
    best, best_count = ",", 0
    for delimiter in (",", "\t", "|", ";"):
        counts = [line.count(delimiter) for line in lines if line.strip()][:10]
        if counts and min(counts) > best_count:
            best, best_count = delimiter, min(counts)
    if best_count == 0:  # title rows have no delimiter: judge by the most common count instead
        for delimiter in (",", "\t", "|", ";"):
            total = sum(line.count(delimiter) for line in lines)
            if total > best_count:
                best, best_count = delimiter, total
    return best


def _open_csv(path: Path, score: HeaderScore, encoding: str | None) -> Table:
    with path.open("rb") as f:
        head = f.read(1 << 20)
    if not head.strip():
        raise IngestError(path, "文件是空的")
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise IngestError(path, "这是二进制文件，不是 CSV/文本导出（含 NUL 字节）")
    chosen = encoding or detect_encoding(head)
    try:
        codecs.lookup(chosen)
    except LookupError:
        raise IngestError(path, f"不认识的编码 {chosen!r}") from None
    try:
        sample = codecs.getincrementaldecoder(chosen)("strict").decode(head, final=len(head) < 1 << 20)
    except UnicodeDecodeError as exc:
        line = head.count(b"\n", 0, exc.start) + 1
        raise IngestError(path, f"按 {chosen.upper()} 解码失败，文件可能不是文本导出", row=line) from None
    sample = sample.lstrip("\ufeff")
    lines = sample.splitlines()[: HEADER_SEARCH_ROWS + 5]
    delimiter = _sniff_delimiter(lines)
    records = list(csv.reader(lines[:HEADER_SEARCH_ROWS], delimiter=delimiter))
    header_index = _pick_header(records, score)
    headers = _header_names(records[header_index]) if records else []
    if not headers:
        raise IngestError(path, "找不到表头行")
    notes = [] if encoding else [f"检测到编码 {chosen.upper()}"]
    if delimiter != ",":
        notes.append(f"分隔符 {delimiter!r}")
    table = Table(path, "csv", headers, header_index + 1, encoding=chosen, notes=notes)

    def batches(progress: Progress) -> Iterator[pa.RecordBatch]:
        yield from _csv_batches(path, chosen, delimiter, header_index, headers, progress)

    table._batches = batches
    return table


def _csv_batches(
    path: Path, encoding: str, delimiter: str, header_index: int, headers: Sequence[str], progress: Progress
) -> Iterator[pa.RecordBatch]:
    width = len(headers)
    names = [f"c{i}" for i in range(width)]
    first_row = header_index + 2
    state = {"bytes": 0, "rows": 0}

    def on_bytes(done: int) -> None:
        state["bytes"] = done

    bad_rows: list[tuple[int | None, int, int]] = []

    def on_invalid(row: Any) -> str:
        bad_rows.append((row.number, row.expected_columns, row.actual_columns))
        return "error"

    read = pacsv.ReadOptions(
        block_size=CSV_BLOCK_BYTES, skip_rows=header_index + 1, column_names=names, use_threads=True
    )
    parse = pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, invalid_row_handler=on_invalid)
    convert = pacsv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.string()), null_values=[""], strings_can_be_null=True
    )
    direct = encoding in _ARROW_ENCODINGS
    with pa.OSFile(str(path)) if direct else path.open("rb") as raw:
        # UTF-8 goes to pyarrow as it is (pyarrow checks it, and skips a BOM); other encodings are decoded
        # by Python on the way.
        stream = raw if direct else _Utf8Stream(raw, encoding, path, on_bytes)
        try:
            reader = pacsv.open_csv(stream, read_options=read, parse_options=parse, convert_options=convert)
            for batch in _rebatched(reader, BATCH_ROWS):
                rows = pa.array(range(first_row + state["rows"], first_row + state["rows"] + batch.num_rows))
                state["rows"] += batch.num_rows
                if direct:
                    state["bytes"] = raw.tell()
                progress(state["rows"], state["bytes"])
                yield pa.RecordBatch.from_arrays([*batch.columns, rows], [*names, "_source_row"])
        except pa.ArrowInvalid as exc:
            if direct and "UTF8" in str(exc):
                raise _decode_error(path, encoding, delimiter, headers) from None
            raise _csv_error(path, encoding, delimiter, width, bad_rows, exc) from None


def _rebatched(batches: Iterator[pa.RecordBatch], rows: int) -> Iterator[pa.RecordBatch]:
    """Batches of at least ``rows`` rows (the last excepted): the normalisers cost per batch, and a CSV block
    is kept small because pyarrow reads up to 32 blocks ahead."""
    held: list[pa.RecordBatch] = []
    count = 0
    for batch in batches:
        held.append(batch)
        count += batch.num_rows
        if count >= rows:
            yield from pa.Table.from_batches(held).combine_chunks().to_batches()
            held, count = [], 0
    if held:
        yield from pa.Table.from_batches(held).combine_chunks().to_batches()


def _decode_error(path: Path, encoding: str, delimiter: str, headers: Sequence[str]) -> IngestError:
    """Locate the first byte that is not ``encoding`` (slow, but only on the error path): its row, by the
    strict decoder of :class:`_Utf8Stream`, and its column, by the fields before it on its line."""
    with path.open("rb") as raw:
        stream = _Utf8Stream(raw, encoding, path, lambda done: None)
        try:
            while stream.read(4 << 20):
                pass
        except IngestError as exc:
            error = exc
        else:  # pyarrow refused what Python accepts: say so rather than guess
            return IngestError(path, f"按 {encoding.upper()} 解码失败", hint="可用 --encoding 指定文件编码")
        raw.seek(0)
        head = raw.read(error.byte + 1 if error.byte is not None else 0)
    line = head[head.rfind(b"\n") + 1 : -1].decode(encoding, errors="replace").lstrip("\ufeff")
    fields = next(csv.reader([line], delimiter=delimiter), [""])
    column = headers[len(fields) - 1] if 0 < len(fields) <= len(headers) else None
    return IngestError(path, error.message, row=error.row, column=column or None, hint=error.hint)


def _csv_error(
    path: Path,
    encoding: str,
    delimiter: str,
    width: int,
    bad_rows: list[tuple[int | None, int, int]],
    exc: Exception,
) -> IngestError:
    """Locate a malformed record with Python's csv module (slow, but only on the error path)."""
    with path.open(encoding=encoding, errors="replace", newline="") as f:
        reader = csv.reader(f, delimiter=delimiter)
        header_seen = False
        for number, record in enumerate(reader, start=1):
            if not any(cell.strip() for cell in record):
                continue
            if not header_seen:
                header_seen = len(_header_names(record)) == width
                continue
            if len(record) != width:
                return IngestError(
                    path,
                    f"该行有 {len(record)} 个字段，表头有 {width} 列（分隔符 {delimiter!r}）",
                    row=number,
                    hint="检查该行是否有未加引号的分隔符或换行",
                )
    detail = f"期望 {bad_rows[0][1]} 列，实际 {bad_rows[0][2]} 列" if bad_rows else str(exc).splitlines()[0]
    return IngestError(path, f"CSV 格式错误：{detail}", row=bad_rows[0][0] if bad_rows else None)


# --- XLSX / XLS ------------------------------------------------------------------------------------


def check_xlsx_archive(path: Path) -> None:
    """Refuse a damaged archive or a zip bomb from its declared sizes, before inflating anything."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise IngestError(path, f"不是有效的 XLSX 文件（压缩结构损坏：{exc}）") from None
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise IngestError(path, "不是有效的 XLSX 文件（缺少 workbook 部件）")
    total = sum(m.file_size for m in members)
    if total > XLSX_MAX_UNCOMPRESSED:
        raise IngestError(path, f"XLSX 解压后将达 {total / 2**30:.1f} GiB，超过上限，疑似压缩炸弹，已拒绝")
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > XLSX_RATIO_FLOOR and ratio > XLSX_MAX_RATIO:
            raise IngestError(path, f"XLSX 部件 {m.filename} 压缩比 {ratio:.0f}:1，疑似压缩炸弹，已拒绝")


def _open_xlsx(path: Path, score: HeaderScore, sheet: str | None) -> Table:
    import openpyxl  # defusedxml is installed, so openpyxl parses with it

    check_xlsx_archive(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise IngestError(path, f"无法读取 XLSX：{type(exc).__name__}: {exc}") from None
    try:
        names = book.sheetnames
        if sheet is not None:
            chosen = _choose_sheet_by_name(path, names, sheet)
        else:
            chosen = _best_sheet(names, lambda n: _head_rows(book[n].iter_rows(values_only=True)), score)
        ws = book[chosen]
        ws.reset_dimensions()
        head = _head_rows(ws.iter_rows(values_only=True))
    except IngestError:
        book.close()
        raise
    except Exception as exc:
        book.close()
        raise IngestError(path, f"无法读取 XLSX：{type(exc).__name__}: {exc}") from None
    header_index = _pick_header(head, score)
    headers = _header_names(head[header_index]) if head else []
    book.close()
    if not headers:
        raise IngestError(path, f"工作表“{chosen}”是空的")
    size = path.stat().st_size

    def batches(progress: Progress) -> Iterator[pa.RecordBatch]:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            ws = book[chosen]
            ws.reset_dimensions()
            rows = enumerate(ws.iter_rows(values_only=True), start=1)
            body = ((n, r) for n, r in rows if n > header_index + 1)
            yield from _guarded(path, _rows_to_batches(body, len(headers), progress, size))
        finally:
            book.close()

    notes = [f"工作表“{chosen}”"] if len(names) > 1 else []
    table = Table(path, "xlsx", headers, header_index + 1, sheet=chosen, notes=notes)
    table._batches = batches
    return table


def _guarded(path: Path, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Name the file in errors raised while streaming a spreadsheet."""
    try:
        yield from batches
    except IngestError as exc:
        raise IngestError(path, exc.message, row=exc.row, column=exc.column, hint=exc.hint) from None
    except Exception as exc:
        raise IngestError(path, f"读取中途出错：{type(exc).__name__}: {exc}") from None


def _head_rows(rows: Iterator[Sequence[Any]]) -> list[Sequence[Any]]:
    head = []
    for i, row in enumerate(rows):
        if i >= HEADER_SEARCH_ROWS:
            break
        head.append(row)
    return head


def _choose_sheet_by_name(path: Path, names: list[str], sheet: str) -> str:
    if sheet in names:
        return sheet
    if sheet.isdigit() and 1 <= int(sheet) <= len(names):
        return names[int(sheet) - 1]
    raise IngestError(path, f"没有名为“{sheet}”的工作表；工作表有：{'、'.join(names)}")


def _best_sheet(names: list[str], head: Callable[[str], Sequence[Sequence[Any]]], score: HeaderScore) -> str:
    """The sheet whose header names the most known columns (the first sheet when none does)."""
    best, best_score = names[0], 0
    for name in names:
        rows = head(name)
        s = max((score([cell_text(c) for c in r]) for r in rows), default=0)
        if s > best_score:
            best, best_score = name, s
    return best


def _open_xls(path: Path, score: HeaderScore, sheet: str | None) -> Table:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path))
    except Exception as exc:
        raise IngestError(path, f"无法读取 XLS：{type(exc).__name__}: {exc}") from None
    names = book.sheet_names()

    def sheet_rows(name: str) -> list[list[Any]]:
        sh = book.sheet_by_name(name)
        out = []
        for r in range(sh.nrows):
            row = []
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    row.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    row.append(None)
                else:
                    row.append(cell.value)
            out.append(row)
        return out

    chosen = (
        _choose_sheet_by_name(path, names, sheet)
        if sheet
        else _best_sheet(names, lambda n: sheet_rows(n)[:HEADER_SEARCH_ROWS], score)
    )
    rows = sheet_rows(chosen)
    header_index = _pick_header(rows, score)
    headers = _header_names(rows[header_index]) if rows else []
    if not headers:
        raise IngestError(path, f"工作表“{chosen}”是空的")
    size = path.stat().st_size

    def batches(progress: Progress) -> Iterator[pa.RecordBatch]:
        body = ((n, r) for n, r in enumerate(rows, start=1) if n > header_index + 1)
        yield from _guarded(path, _rows_to_batches(body, len(headers), progress, size))

    table = Table(path, "xls", headers, header_index + 1, sheet=chosen)
    table._batches = batches
    return table


# --- JSON lines / JSON array ------------------------------------------------------------------------


def _json_records(path: Path, encoding: str) -> Iterator[tuple[int, Any]]:
    with path.open("rb") as raw:
        first = raw.read(1 << 16).lstrip(codecs.BOM_UTF8).lstrip()
    if first.startswith(b"["):
        try:
            data = json.loads(path.read_text(encoding=encoding).lstrip("\ufeff"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise IngestError(path, f"JSON 无法解析：{exc}") from None
        yield from enumerate(data, start=1)
        return
    with path.open(encoding=encoding, newline="") as f:
        try:
            for number, line in enumerate(f, start=1):
                text = line.strip().lstrip("\ufeff")
                if not text:
                    continue
                try:
                    yield number, json.loads(text)
                except json.JSONDecodeError as exc:
                    raise IngestError(path, f"不是合法的 JSON：{exc.msg}", row=number) from None
        except UnicodeDecodeError:
            raise IngestError(
                path, f"按 {encoding.upper()} 解码失败", hint="可用 --encoding 指定编码"
            ) from None


def _open_jsonl(path: Path, encoding: str | None) -> Table:
    with path.open("rb") as f:
        head = f.read(1 << 20)
    if b"\x00" in head:
        raise IngestError(path, "这是二进制文件，不是 JSON 导出")
    chosen = encoding or detect_encoding(head)
    keys: dict[str, None] = {}
    for number, record in _json_records(path, chosen):
        if not isinstance(record, dict):
            raise IngestError(path, "每一行应是一个 JSON 对象", row=number)
        keys.update(dict.fromkeys(record))
    headers = list(keys)
    if not headers:
        raise IngestError(path, "文件没有任何记录")
    size = path.stat().st_size

    def batches(progress: Progress) -> Iterator[pa.RecordBatch]:
        rows = ((n, [rec.get(k) for k in headers]) for n, rec in _json_records(path, chosen))
        yield from _guarded(path, _rows_to_batches(rows, len(headers), progress, size))

    table = Table(path, "jsonl", headers, 0, encoding=chosen)
    table._batches = batches
    return table


# --- Parquet ---------------------------------------------------------------------------------------


def _open_parquet(path: Path) -> Table:
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:
        raise IngestError(path, f"无法读取 Parquet：{exc}") from None
    headers = list(pf.schema_arrow.names)
    size = path.stat().st_size

    def batches(progress: Progress) -> Iterator[pa.RecordBatch]:
        start = 1
        for batch in pf.iter_batches(batch_size=BATCH_ROWS):
            cols = [_as_text(col) for col in batch.columns]
            rows = pa.array(range(start, start + batch.num_rows), type=pa.int64())
            start += batch.num_rows
            progress(start - 1, 0)
            yield pa.RecordBatch.from_arrays(
                [*cols, rows], [*[f"c{i}" for i in range(len(cols))], "_source_row"]
            )
        progress(start - 1, size)

    table = Table(path, "parquet", headers, 0)
    table._batches = batches
    return table


def _as_text(col: pa.Array) -> pa.Array:
    if pa.types.is_string(col.type):
        return col
    if pa.types.is_floating(col.type):
        return pa.array([cell_text(v) for v in col.to_pylist()], type=pa.string())
    try:
        return col.cast(pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pa.array([cell_text(v) for v in col.to_pylist()], type=pa.string())
