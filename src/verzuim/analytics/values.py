"""Parsing of single cells as Dutch exports write them: dd-mm-jjjj or ISO dates, decimal comma.

The parsers are cached because an export repeats the same few thousand dates and factors
over a million rows; the cache makes a 1,000,000-row import several times faster.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][0-9:.]*)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: [0-9:.]*)?$")
_YMD_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# Absence records outside these years are typing errors (0024 for 2024), not history.
MIN_YEAR, MAX_YEAR = 1900, 2199


class CellError(ValueError):
    """A cell that cannot be read as the type its column needs."""


def parse_date(cell: object) -> dt.date:
    if isinstance(cell, dt.datetime):
        cell = cell.date()
    if isinstance(cell, dt.date):
        if not MIN_YEAR <= cell.year <= MAX_YEAR:
            raise CellError(cell.isoformat())
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        cell = str(int(cell)) if float(cell).is_integer() else str(cell)
    if not isinstance(cell, str):
        raise CellError(str(cell))
    return _parse_date_text(cell.strip())


@lru_cache(maxsize=100_000)
def _parse_date_text(text: str) -> dt.date:
    for pattern, order in ((_ISO, "ymd"), (_DMY, "dmy"), (_YMD_SLASH, "ymd"), (_COMPACT, "ymd")):
        match = pattern.match(text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            year, month, day = (a, b, c) if order == "ymd" else (c, b, a)
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise CellError(text)
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise CellError(text) from None
    raise CellError(text)


def parse_number(cell: object) -> tuple[float, bool]:
    """The number and whether it was written with a % sign."""
    if isinstance(cell, bool):
        raise CellError(str(cell))
    if isinstance(cell, int | float):
        value = float(cell)
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError(str(cell))
        return value, False
    if not isinstance(cell, str):
        raise CellError(str(cell))
    return _parse_number_text(cell.strip())


@lru_cache(maxsize=100_000)
def _parse_number_text(text: str) -> tuple[float, bool]:
    raw = text.replace("\u00a0", "").replace(" ", "")
    percent = raw.endswith("%")
    if percent:
        raw = raw[:-1]
    if "," in raw and "." in raw:
        # Whichever comes last is the decimal mark: 1.234,5 (Dutch) or 1,234.5 (English).
        thousands = "." if raw.rfind(",") > raw.rfind(".") else ","
        raw = raw.replace(thousands, "")
    raw = raw.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", raw):
        raise CellError(text)
    return float(raw), percent


def text_value(cell: object) -> str:
    """A key such as a personnel number; Excel turns 00123 into 123.0, undo the ``.0``."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def unit_path(cell: object) -> str:
    """``Productie > Hal 2``, ``Productie\\Hal 2`` and ``Productie / Hal 2`` are one path."""
    parts = re.split(r"\s*[/\\>|]\s*", text_value(cell))
    return "/".join(p.strip() for p in parts if p.strip())
