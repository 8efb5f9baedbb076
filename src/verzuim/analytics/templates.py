"""Templates to fill in: an employee file and a spell file with Dutch headers the import
recognises, one example row each, and what every column means (the second sheet of the
XLSX; a table on the upload page; docs/import.md).

The example rows are invented to show the format; the files import as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Literal

Kind = Literal["werknemers", "verzuim"]
KINDS: tuple[Kind, ...] = ("werknemers", "verzuim")
Format = Literal["csv", "xlsx"]
Example = str | float | int | dt.date | None


@dataclass(frozen=True)
class Column:
    header: str  # Dutch, as the import recognises it (analytics/columns.py)
    field: str
    required: bool
    format_nl: str
    format_en: str
    example: Example
    means_nl: str
    means_en: str


DATE_NL, DATE_EN = "datum, dd-mm-jjjj", "date, dd-mm-yyyy"

COLUMNS: dict[Kind, tuple[Column, ...]] = {
    "werknemers": (
        Column("Personeelsnummer", "employee_id", True, "tekst", "text", "1001",
               "Het nummer van de werknemer in uw systeem; geen naam of BSN.",
               "The employee's number in your system; no name or citizen service number."),
        Column("Afdeling", "unit", False, "tekst; onderdelen gescheiden door >", "text; levels "
               "separated by >", "Bouw > Uitvoering",
               "Afdeling of team; de analyse per afdeling toont groepen vanaf 5 werknemers.",
               "Department or team; the analysis per unit shows groups of 5 or more."),
        Column("Deeltijdfactor", "part_time_factor", True, "getal 0-1, bijv. 0,8",
               "number 0-1, e.g. 0.8", 0.8,
               "Deel van een volledige werkweek (of gebruik Contracturen en Fulltime-uren).",
               "Share of a full working week (or use contract hours and full-time hours)."),
        Column("Datum in dienst", "employment_start", True, DATE_NL, DATE_EN,
               dt.date(2019, 3, 1), "Eerste dag van het dienstverband.",
               "First day of employment."),
        Column("Datum uit dienst", "employment_end", False, DATE_NL, DATE_EN, None,
               "Laatste dag van het dienstverband; leeg als de werknemer in dienst is.",
               "Last day of employment; empty while employed."),
    ),
    "verzuim": (
        Column("Personeelsnummer", "employee_id", True, "tekst", "text", "1001",
               "Hetzelfde nummer als in het werknemersbestand.",
               "The same number as in the employee file."),
        Column("Verzuimgeval", "spell_id", False, "tekst", "text", "1",
               "Nummer van het verzuimgeval; regels met hetzelfde nummer horen bij één geval "
               "(bijvoorbeeld bij een wisselend percentage).",
               "Number of the absence case; rows with the same number are one case (for "
               "example when the percentage changes)."),
        Column("Eerste ziektedag", "first_day", True, DATE_NL, DATE_EN, dt.date(2025, 1, 14),
               "De eerste dag van het verzuim.", "The first day of absence."),
        Column("Laatste ziektedag", "last_day", False, DATE_NL, DATE_EN, dt.date(2025, 1, 17),
               "De laatste dag van het verzuim; leeg als het verzuim nog loopt.",
               "The last day of absence; empty while the absence lasts."),
        Column("Percentage arbeidsongeschikt", "unfit_pct", False, "getal 1-100",
               "number 1-100", 100, "Zonder deze kolom telt 100%.",
               "Without this column 100% counts."),
        Column("Soort", "kind", False, "ziek of zwangerschap", "ziek or zwangerschap", "ziek",
               "Ziekteverzuim of zwangerschaps- en bevallingsverlof; zonder deze kolom is alles "
               "ziekteverzuim. Geen reden of diagnose: die bewaren we niet.",
               "Sickness or pregnancy and maternity leave; without this column everything is "
               "sickness absence. No reason or diagnosis: we do not store those."),
    ),
}  # fmt: skip

EXPLAIN_HEADER = ("Kolom", "Verplicht", "Vorm", "Betekenis")


def _shown(value: Example) -> str:
    """A value as a Dutch spreadsheet shows it: dd-mm-jjjj, a decimal comma."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def csv_template(kind: Kind) -> bytes:
    """The header and the example row; ';' and a decimal comma, as Dutch Excel saves."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS[kind]])
    writer.writerow([_shown(c.example) for c in COLUMNS[kind]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_template(kind: Kind) -> bytes:
    """Sheet 1 to fill in (the import reads the first sheet), sheet 2 what each column means."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = kind.capitalize()
    sheet.append([c.header for c in COLUMNS[kind]])
    sheet.append([c.example for c in COLUMNS[kind]])
    for index, column in enumerate(COLUMNS[kind], start=1):
        cell = sheet.cell(row=2, column=index)
        if isinstance(column.example, dt.date):
            cell.number_format = "DD-MM-YYYY"
        sheet.cell(row=1, column=index).font = Font(bold=True)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 2)
    explain = book.create_sheet("Uitleg")
    explain.append(list(EXPLAIN_HEADER))
    for c in COLUMNS[kind]:
        explain.append([c.header, "ja" if c.required else "nee", c.format_nl, c.means_nl])
    for cell in explain[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCD", (30, 10, 30, 90), strict=True):
        explain.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FILES: dict[str, tuple[Kind, Format]] = {
    f"{kind}.{fmt}": (kind, fmt) for kind in KINDS for fmt in ("csv", "xlsx")
}
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def template(name: str) -> tuple[bytes, str] | None:
    """(bytes, media type) of a template by its file name, e.g. ``werknemers.xlsx``."""
    found = FILES.get(name)
    if found is None:
        return None
    kind, fmt = found
    data = csv_template(kind) if fmt == "csv" else xlsx_template(kind)
    return data, MEDIA[fmt]
