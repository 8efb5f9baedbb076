"""The bulk rules (DuckDB, bulk.py) give what the single-cell parsers (values.py) give, and
rows keep the line numbers of the user's file."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verzuim.analytics import bulk, service
from verzuim.analytics.store import Store
from verzuim.analytics.values import CellError, parse_date, parse_number, unit_path

CON = bulk.new_connection()
bulk.prepare(CON)

DATES = [
    "31-12-2024", "1-2-2024", "2024-12-31", "31.12.2024", "31/12/2024", "2024/1/5", "20240105",
    "2024-12-31 00:00:00", "2024-12-31T10:00", "31-02-2024", "0024-01-01", "2200-01-01",
    "1899-12-31", "gisteren", "2024-13-01", "12-31-2024", "", "2024-1-5", "5-1-2024 10:00",
]  # fmt: skip
NUMBERS = [
    "0,8", "0.8", "1.234,5", "1,234.5", "80%", "80 %", "1e5", "acht", "-1", "+2", ".5", "5.",
    "1 000", "nan", "inf", "", "0,8,1", "1.2.3",
]  # fmt: skip
UNITS = ["Productie > Hal 2", "Productie\\Hal 2", "Productie / Hal 2", "A/B/", "/A", "A||B", "x"]


def _python(parse: object, text: str) -> object:
    try:
        return parse(text)  # type: ignore[operator]
    except CellError:
        return None


@pytest.mark.parametrize("text", DATES)
def test_dates_agree(text: str) -> None:
    found = CON.execute("SELECT vz_date(vz_text(?))", [text]).fetchone()
    assert found is not None
    assert found[0] == _python(parse_date, text)


@pytest.mark.parametrize("text", NUMBERS)
def test_numbers_agree(text: str) -> None:
    found = CON.execute("SELECT vz_number(vz_text(?)), vz_percent(vz_text(?))", [text, text])
    row = found.fetchone()
    assert row is not None
    expected = _python(parse_number, text)
    assert (row[0], bool(row[1]) if row[0] is not None else None) == (
        (expected[0], expected[1]) if isinstance(expected, tuple) else (None, None)
    )


@pytest.mark.parametrize("text", UNITS)
def test_units_agree(text: str) -> None:
    found = CON.execute("SELECT vz_unit(vz_text(?))", [text]).fetchone()
    assert found is not None and found[0] == unit_path(text)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.dates(min_value=dt.date(1890, 1, 1), max_value=dt.date(2210, 12, 31)))
def test_generated_dates_agree(day: dt.date) -> None:
    for text in (day.isoformat(), day.strftime("%d-%m-%Y"), f"{day.day}-{day.month}-{day.year}"):
        found = CON.execute("SELECT vz_date(vz_text(?))", [text]).fetchone()
        assert found is not None and found[0] == _python(parse_date, text)


def test_line_numbers_survive_blank_and_whitespace_lines_and_crlf() -> None:
    text = (
        "employee_id;unit;part_time_factor;employment_start\r\n"
        "1;A;1;01-01-2020\r\n"
        "\r\n"  # line 3: blank
        "2;A;1;01-01-2020\r\n"
        "   \r\n"  # line 5: whitespace only
        ";;;\r\n"  # line 6: empty cells
        "3;A;1;31-02-2020\r\n"  # line 7: bad date
    )
    summary = service.import_uploads(Store(None), service.Upload("e.csv", text.encode()), None)
    assert [(p.code, p.line, p.value) for p in summary.problems] == [("bad_date", 7, "31-02-2020")]
    ok = text.replace("31-02-2020", "01-03-2020")
    store = Store(None)
    assert service.import_uploads(store, service.Upload("e.csv", ok.encode()), None).accepted
    parsed = service.parse_uploads(service.Upload("e.csv", ok.encode()), None)
    assert [e.line for e in parsed.employees] == [2, 4, 7]
