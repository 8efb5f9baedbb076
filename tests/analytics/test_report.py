"""The validation report in the user's own terms, and CSV exports no spreadsheet runs."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import OrgClient
from verzuim.analytics import export, problems, service
from verzuim.analytics.store import Store
from verzuim.cli import app
from verzuim.csvsafe import safe_cell

Upload = service.Upload

EMPLOYEES = (
    "Personeelsnummer;Naam;Geboortedatum;Afdeling;Deeltijdfactor;Datum in dienst;"
    "Datum uit dienst;Functie\n"
    "1;Jan;01-02-1980;A;1;01-01-2020;31-12-2019\n"  # ends before it starts
    "2;Piet;03-04-1985;A;1;31-02-2020;\n"  # no such date
    "3;Kees;05-06-1990;A;1;1-3-2020;\n"
    "4;Anna;07-08-1975;A;1,0;01-01-2020;\n"
    "5;Els;09-10-1970;A;2,5;01-01-2020;\n"  # factor out of range
)
SPELLS = (
    "Personeelsnummer;Ziekmelddatum;Hersteldatum;Reden\n"
    "1;10-01-2024;10-01-2024;griep\n"  # first day back = first day: last day before first
    "3;10-01-2024;15-01-2024;rug\n"
    "3;12-01-2024;20-01-2024;rug\n"  # overlaps the line above
)


def _summary() -> service.ImportSummary:
    return service.import_uploads(
        Store(None),
        Upload("werknemers.csv", EMPLOYEES.encode()),
        Upload("verzuim.csv", SPELLS.encode()),
    )


def test_values_as_they_stand_in_the_file_with_dutch_dates() -> None:
    summary = _summary()
    by_code = {p.code: p for p in summary.problems}
    end = by_code["end_before_start"]
    assert (end.line, end.column, end.value) == (2, "Datum uit dienst", "31-12-2019")
    assert "01-01-2020" in end.message_nl and "2020-01-01" not in end.message_nl
    assert by_code["bad_date"].value == "31-02-2020"
    assert by_code["ptf_range"].value == "2,5"
    # The hersteldatum as written (10-01-2024), not the converted last day (09-01-2024).
    last = by_code["last_before_first"]
    assert (last.line, last.column, last.value) == (2, "Hersteldatum", "10-01-2024")
    overlap = by_code["overlap"]
    assert overlap.line == 4 and "12-01-2024" in overlap.value
    assert "10-01-2024 – 14-01-2024" in overlap.message_nl  # the other episode, on line 3


def test_ignored_columns_are_listed_with_why() -> None:
    summary = _summary()
    why = {c.column: c for c in summary.ignored_columns}
    assert set(why) == {"Naam", "Geboortedatum", "Functie", "Reden"}
    assert why["Naam"].category == "name" and "we store no names" in why["Naam"].why
    assert why["Geboortedatum"].category == "birth_date"
    assert why["Reden"].category == "health_data" and "diagnose" in why["Reden"].why_nl
    assert why["Functie"].category == "not_used"


def test_problems_grouped_by_kind_with_plurals() -> None:
    summary = _summary()
    groups = problems.grouped(summary.problems, shown=1)
    # In file order (the spell file sorts first), each kind once.
    assert [g.code for g in groups][:2] == ["last_before_first", "unknown_employee"]
    assert len({g.code for g in groups}) == len(groups) == 6
    assert all(len(g.first) <= 1 for g in groups)
    assert sum(g.count for g in groups) == len(summary.problems)
    assert problems.plural(1, "problem", "problems") == "1 problem"
    assert problems.plural(2, "problem", "problems") == "2 problems"


def test_report_page_groups_counts_and_lists_ignored_columns(web: OrgClient) -> None:
    client = web
    files = {
        "employees": ("werknemers.csv", EMPLOYEES.encode(), "text/csv"),
        "spells": ("verzuim.csv", SPELLS.encode(), "text/csv"),
    }
    page = client.post("/analyse/import", files=files)
    assert page.status_code == 422
    assert "Er zijn 6 problemen gevonden" in page.text
    assert "Dienstverband eindigt vóór begin: 1 keer" in page.text
    assert "we bewaren geen namen" in page.text and "Geboortedatum" in page.text
    one = client.post(
        "/analyse/import",
        files={
            "employees": ("w.csv", b"employee_id;unit;part_time_factor;employment_start\n1;A;1;x\n")
        },
    )
    assert "Er is 1 probleem gevonden" in one.text and "1 problemen" not in one.text


def test_every_csv_export_neutralises_formulas(tmp_path: Path, web: OrgClient) -> None:
    client = web
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("Productie") == "Productie"
    assert all(safe_cell(c + "x").startswith("'") for c in "=+-@\t\r")
    hostile = ['=HYPERLINK("x";"klik")', "+31", "-A", "@SUM(A1)"]
    emp = "employee_id,unit,part_time_factor,employment_start\n" + "".join(
        f'e{u}{i},"{name.replace(chr(34), chr(34) * 2)}",1,2020-01-01\n'
        for u, name in enumerate(hostile)
        for i in range(5)
    )
    spells = "employee_id,spell_id,first_day,last_day\ne00,s,2024-01-01,2024-01-05\n"
    e, s = tmp_path / "e.csv", tmp_path / "s.csv"
    e.write_text(emp)
    s.write_text(spells)
    result = CliRunner().invoke(
        app,
        ["analyse", "--employees", str(e), "--spells", str(s), "--from", "2024-01-01",
         "--to", "2024-12-31", "--by", "unit", "--format", "csv"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stdout
    cells = [c for row in csv.reader(io.StringIO(result.stdout)) for c in row]
    groups = [row[3] for row in csv.reader(io.StringIO(result.stdout))][2:]
    assert sorted(groups) == sorted("'" + h for h in hostile)
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]
    # Numbers stay numbers: a negative figure is not a text cell.
    assert export.to_csv(("x",), [[-1.5]]) == "x\n-1.5\n"
    # The dashboard downloads and the validation report go through the same writer.
    client.post("/api/analyse/import", files={"employees": ("e.csv", emp.encode())})
    units = client.get("/analyse/download/units.csv?from=2020-01-01&to=2020-12-31").text
    assert "'=HYPERLINK" in units and "\n=" not in units and ",=" not in units
    bad = "employee_id;unit;part_time_factor;employment_start\n1;A;1;=1+1\n"
    page = client.post("/analyse/import", files={"employees": ("b.csv", bad.encode())})
    found = re.search(r"/analyse/import/([0-9a-f]+)/problems\.csv", page.text)
    assert found is not None
    job = found.group(1)
    report = client.get(f"/analyse/import/{job}/problems.csv").text
    assert "'=1+1" in report
