"""Turn an uploaded CSV or XLSX file into a header and numbered rows of raw cells.

Dutch HR systems export with ``;`` or ``,`` (sometimes tab) separators, in UTF-8 with or
without a BOM, in Windows-1252 or (Excel's "Unicode text") UTF-16 with a BOM; the reader
accepts all of them so the user never has to re-save a file before importing it.

It is also strict: a file that cannot be read exactly as written is refused as a whole, with
the line where it goes wrong, before anything is stored. A NUL byte anywhere, a quote that
is not closed on its own line, text after a closing quote, a line or cell beyond the limits
below, an XLSX that would unpack to more than the limit (a zip bomb): each is an
``UnreadableFile`` with a problem code of ``problems.CATALOGUE``. An XLSX sheet is read to
its last row, whatever its declared dimension says.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

Cell = str | int | float | dt.date | dt.datetime | None
XLSX_MAGIC = b"PK\x03\x04"
SEPARATORS = (";", ",", "\t", "|")

MB = 1024 * 1024
MAX_FILE_BYTES = 256 * MB  # one upload; about 2.5 million employee rows as CSV
MAX_LINE_CHARS = 10_000  # bytes in UTF-8; an HR export line is a few hundred at most
MAX_CELL_CHARS = 1_000  # a key, a unit path, a date or a number
MAX_ROWS = 5_000_000
MAX_XLSX_UNPACKED = 300 * MB  # what the parts of an XLSX may unpack to together
MAX_XLSX_PARTS = 10_000


class UnreadableFile(ValueError):
    """The file cannot be read as written (not a validation problem of one cell).

    ``code`` is a problem code of ``problems.CATALOGUE``; ``line`` and ``column`` locate it;
    ``params`` fill the message.
    """

    def __init__(
        self,
        code: str,
        line: int | None = None,
        column: str | None = None,
        value: str | None = None,
        **params: object,
    ) -> None:
        super().__init__(f"{code} at line {line}" if line else code)
        self.code, self.line, self.column, self.value = code, line, column, value
        self.params = params


@dataclass
class RawTable:
    """A file's header and its rows; ``line`` is the 1-based line or sheet row of each row."""

    name: str
    header: list[str]
    rows: Iterator[tuple[int, list[Cell]]]
    total_rows: int
    kind: str = "csv"
    # CSV only: the whole text (checked for NUL bytes, line lengths and the row limit) and
    # its separator, for a native reader (analytics/bulk.py) that reads it in one go.
    text: str | None = None
    sep: str = ","
    data: bytes | None = None  # the same text as UTF-8 bytes, when they are at hand


def _line_of(data: bytes | str, position: int) -> int:
    if isinstance(data, bytes):
        return data.count(b"\n", 0, position) + 1
    return data.count("\n", 0, position) + 1


def _column(header: list[str], index: int) -> str:
    """The column as the user named it; by position when it has no name."""
    name = header[index].strip() if index < len(header) else ""
    return name or f"#{index + 1}"


def _looks_utf16(data: bytes) -> bool:
    """Text in UTF-16 without a BOM: every other byte of an ASCII-heavy start is zero."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    half = len(sample) // 2
    return sample[1::2].count(0) > 0.4 * half or sample[0::2].count(0) > 0.4 * half


def decode(data: bytes) -> str:
    """UTF-16 with a BOM, else UTF-8 (BOM or not; strict, so Windows-1252 fails it reliably),
    else Windows-1252. A NUL byte is refused in every encoding: no text file has one."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile("unreadable", detail="the UTF-16 text is damaged") from None
        nul = text.find("\x00")
        if nul >= 0:
            raise UnreadableFile("nul_byte", _line_of(text, nul))
        return text
    nul = data.find(b"\x00")
    if nul >= 0:
        if _looks_utf16(data):
            raise UnreadableFile("utf16")
        raise UnreadableFile("nul_byte", _line_of(data, nul))
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            line = _line_of(data, exc.start + 3)
            raise UnreadableFile("unreadable", line, detail="not valid UTF-8") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(data).best()
        if best is None:
            raise UnreadableFile("unreadable", detail="not text in a known encoding") from None
        return str(best)


def sniff_separator(header_line: str) -> str:
    """The separator that splits the header into the most fields (quotes respected)."""
    best, best_count = ",", 0
    for sep in SEPARATORS:
        try:
            fields = next(csv.reader([header_line], delimiter=sep), [])
        except csv.Error:
            continue
        if len(fields) > best_count:
            best, best_count = sep, len(fields)
    return best


def check_text(text: str) -> None:
    """Limits on the whole text before any row is read: the first line (the column names)
    and the row count. Longer lines further on are refused by the CSV reader (bulk.py)."""
    newline = text.find("\n")
    first = len(text) if newline < 0 else newline
    if first > MAX_LINE_CHARS:
        raise UnreadableFile("line_too_long", 1, length=first, limit=MAX_LINE_CHARS)
    if text.count("\n") > MAX_ROWS + 1:
        raise UnreadableFile("too_many_rows", limit=MAX_ROWS)


def _too_long(cells: list[str]) -> int | None:
    for i, cell in enumerate(cells):
        if len(cell) > MAX_CELL_CHARS:
            return i
    return None


def read_csv_text(name: str, text: str) -> RawTable:
    check_text(text)
    newline = text.find("\n")
    first_line = text if newline < 0 else text[:newline]
    if not first_line.strip():
        raise UnreadableFile("unreadable", 1, detail="the first line (the column names) is empty")
    sep = sniff_separator(first_line.rstrip("\r"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    header: list[str] = []

    def record() -> tuple[int, list[str]] | None:
        """The next record with the line it starts on; one record must be one line."""
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return None
        except csv.Error as exc:
            if "end of data" in str(exc) or "unexpected end" in str(exc):
                raise UnreadableFile("unclosed_quote", start, end="") from None
            raise UnreadableFile("bad_quoting", reader.line_num, detail=str(exc)) from None
        if reader.line_num != start:
            raise UnreadableFile("unclosed_quote", start, end=reader.line_num)
        wide = _too_long(cells)
        if wide is not None:
            raise UnreadableFile(
                "cell_too_long", start, _column(header, wide), length=len(cells[wide]),
                limit=MAX_CELL_CHARS,
            )  # fmt: skip
        return start, cells

    first = record()
    if first is None:
        raise UnreadableFile("unreadable", 1, detail="the column names cannot be read")
    header.extend(h.strip() for h in first[1])
    total = max(text.count("\n") - (1 if text.endswith("\n") else 0), 0)

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        while (found := record()) is not None:
            line, cells = found
            if any(c.strip() for c in cells):
                yield line, list(cells)

    return RawTable(name=name, header=header, rows=rows(), total_rows=total, text=text, sep=sep)


def check_zip(data: bytes) -> None:
    """Refuse an XLSX whose parts would unpack to more than the limit, before unpacking.

    The sizes are the ones the archive declares; Python's zipfile never inflates a part
    beyond its declared size (it fails instead), so a lying archive cannot get past either.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableFile("unreadable", detail=f"the Excel file is damaged ({exc})") from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_XLSX_PARTS:
            raise UnreadableFile("xlsx_too_large", size=len(parts), limit=MAX_XLSX_PARTS)
        unpacked = sum(p.file_size for p in parts)
        if unpacked > MAX_XLSX_UNPACKED:
            raise UnreadableFile(
                "xlsx_too_large", size=unpacked // MB, limit=MAX_XLSX_UNPACKED // MB
            )


def read_xlsx(name: str, data: bytes) -> RawTable:
    import openpyxl

    check_zip(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged zip
        detail = f"the Excel file cannot be opened ({exc.__class__.__name__})"
        raise UnreadableFile("unreadable", detail=detail) from exc
    sheet = book.worksheets[0]
    declared = sheet.max_row or 1
    # The declared dimension (<dimension ref="A1:F10"/>) may be wrong or stale: read to the
    # last row that is really there.
    reset = getattr(sheet, "reset_dimensions", None)
    if reset is not None:
        reset()
    it = sheet.iter_rows(values_only=True)
    try:
        first = next(it)
    except StopIteration:
        book.close()
        raise UnreadableFile("unreadable", detail="the first sheet is empty") from None
    except Exception as exc:
        book.close()
        raise UnreadableFile("unreadable", 1, detail=f"row 1 ({exc.__class__.__name__})") from exc
    header = ["" if h is None else str(h).strip() for h in first]
    for i, h in enumerate(first):
        _xlsx_cell(h, 1, header, i)

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        number = 1
        try:
            for number, values in enumerate(it, start=2):
                if number > MAX_ROWS + 1:
                    raise UnreadableFile("too_many_rows", limit=MAX_ROWS)
                cells = [_xlsx_cell(v, number, header, i) for i, v in enumerate(values)]
                if any(c not in (None, "") for c in cells):
                    yield number, cells
        except UnreadableFile:
            raise
        except Exception as exc:  # damaged sheet XML
            detail = f"row {number + 1} ({exc.__class__.__name__})"
            raise UnreadableFile("unreadable", number + 1, detail=detail) from exc
        finally:
            book.close()

    return RawTable(
        name=name, header=header, rows=rows(), total_rows=max(declared - 1, 0), kind="xlsx"
    )


def _xlsx_cell(value: object, row: int, header: list[str], index: int) -> Cell:
    if isinstance(value, str):
        if "\x00" in value:
            raise UnreadableFile("nul_byte", row, _column(header, index))
        if len(value) > MAX_CELL_CHARS:
            raise UnreadableFile(
                "cell_too_long",
                row,
                _column(header, index),
                length=len(value),
                limit=MAX_CELL_CHARS,
            )
        return value
    if value is None or isinstance(value, int | float | dt.date):
        return value
    return str(value)


def read_table(name: str, data: bytes) -> RawTable:
    """Pick the reader by content, not by file name: users rename exports."""
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile("file_too_large", size=len(data) // MB, limit=MAX_FILE_BYTES // MB)
    if data.startswith(XLSX_MAGIC):
        return read_xlsx(name, data)
    if not data.strip():
        raise UnreadableFile("unreadable", detail="the file is empty")
    table = read_csv_text(name, decode(data))
    if data.isascii():
        table.data = data  # plain ASCII: the reader can take the bytes as they came
    return table


def read_path(path: Path) -> RawTable:
    return read_table(path.name, path.read_bytes())
