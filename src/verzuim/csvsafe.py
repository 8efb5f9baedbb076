"""CSV cells that a spreadsheet will not run as a formula (OWASP "CSV injection").

Excel, LibreOffice and Google Sheets treat a cell starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return as a formula, so a unit named ``=HYPERLINK(...)`` in an upload
would become a live link in the user's spreadsheet. Following OWASP, such a text cell gets
a leading single quote, which spreadsheets show as text; the csv module quotes the cell and
doubles any quote inside it. Numbers are written by the caller as numbers and left alone.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it, never as a formula it runs."""
    return "'" + text if text.startswith(FORMULA_START) else text
