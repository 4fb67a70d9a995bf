"""Errors of ingestion: each names the file, and where it can, the row and the column."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file that cannot be loaded. The lake is left as it was."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.row = row
        self.column = column
        self.message = message
        self.hint = hint
        self.byte: int | None = None  # offset of the first undecodable byte, for a decoding error
        super().__init__(self.describe())

    def describe(self) -> str:
        where = [f"文件 {self.path.name}"]
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column is not None:
            where.append(f"列“{self.column}”")
        text = "，".join(where) + f"：{self.message}"
        if self.hint:
            text += f"\n提示：{self.hint}"
        return text
