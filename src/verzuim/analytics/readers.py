"""Turn an uploaded CSV or XLSX file into a header and numbered rows of raw cells.

Dutch HR systems export with ``;`` or ``,`` (sometimes tab) separators, in UTF-8 with or
without a BOM, or in Windows-1252; the reader accepts all of them so the user never has to
re-save a file before importing it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

Cell = str | int | float | dt.date | dt.datetime | None
XLSX_MAGIC = b"PK\x03\x04"
SEPARATORS = (";", ",", "\t", "|")


class UnreadableFile(ValueError):
    """The file is not a CSV or XLSX we can read at all (not a validation problem per row)."""


@dataclass
class RawTable:
    """A file's header and its rows; ``line`` is the 1-based line or sheet row of each row."""

    name: str
    header: list[str]
    rows: Iterator[tuple[int, list[Cell]]]
    total_rows: int


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not) first: it is strict, so a Windows-1252 file fails it reliably."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(data).best()
        if best is None:
            raise UnreadableFile("the file is not text in a known encoding") from None
        return str(best)


def sniff_separator(header_line: str) -> str:
    """The separator that splits the header into the most fields (quotes respected)."""
    best, best_count = ",", 0
    for sep in SEPARATORS:
        fields = next(csv.reader([header_line], delimiter=sep), [])
        if len(fields) > best_count:
            best, best_count = sep, len(fields)
    return best


def read_csv_text(name: str, text: str) -> RawTable:
    lines = text.splitlines()
    first_line = lines[0] if lines else ""
    if not first_line.strip():
        raise UnreadableFile("the first line (the column names) is empty")
    sep = sniff_separator(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        header = [h.strip() for h in next(reader)]
    except (csv.Error, StopIteration) as exc:
        raise UnreadableFile(f"the column names cannot be read ({exc})") from None
    total = max(len(lines) - 1, 0)

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        start = reader.line_num + 1
        try:
            for cells in reader:
                if any(c.strip() for c in cells):
                    yield start, list(cells)
                start = reader.line_num + 1
        except csv.Error as exc:
            raise UnreadableFile(f"line {start} cannot be read as CSV ({exc})") from None

    return RawTable(name=name, header=header, rows=rows(), total_rows=total)


def read_xlsx(name: str, data: bytes) -> RawTable:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged zip
        raise UnreadableFile(f"the Excel file cannot be opened ({exc.__class__.__name__})") from exc
    sheet = book.worksheets[0]
    it = sheet.iter_rows(values_only=True)
    try:
        first = next(it)
    except StopIteration:
        raise UnreadableFile("the first sheet is empty") from None
    header = ["" if h is None else str(h).strip() for h in first]
    total = max((sheet.max_row or 1) - 1, 0)

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        for number, values in enumerate(it, start=2):
            cells: list[Cell] = [_xlsx_cell(v) for v in values]
            if any(c not in (None, "") for c in cells):
                yield number, cells
        book.close()

    return RawTable(name=name, header=header, rows=rows(), total_rows=total)


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | dt.date):
        return value
    return str(value)


def read_table(name: str, data: bytes) -> RawTable:
    """Pick the reader by content, not by file name: users rename exports."""
    if data.startswith(XLSX_MAGIC):
        return read_xlsx(name, data)
    if not data.strip():
        raise UnreadableFile("the file is empty")
    if b"\x00" in data[:4096]:
        raise UnreadableFile("the file is binary, not CSV or XLSX")
    return read_csv_text(name, decode(data))


def read_path(path: Path) -> RawTable:
    return read_table(path.name, path.read_bytes())
