"""Import of Dutch HR exports: formats, validation reports, all-or-nothing and idempotence."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from tests.analytics.helpers import employees_csv, fillers, spells_csv
from verzuim.analytics import service
from verzuim.analytics.store import Store
from verzuim.analytics.values import CellError, parse_date, parse_number

Upload = service.Upload

DUTCH_EMPLOYEES = (
    "Personeelsnummer;Afdeling;Contracturen;Fulltime-uren;Datum in dienst;Datum uit dienst\r\n"
    "001;Productie > Hal 1;32;40;01-01-2020;\r\n"
    "002;Productie > Hal 1;20;40;1-1-2020;\r\n"
    "003;Kantoor;36,5;40;2024-07-01;\r\n"
    "004;Kantoor;40;40;01-01-2020;30-06-2024\r\n"
    "005;Kantoor;40;40;01-01-2020;\r\n"
)
DUTCH_SPELLS = (
    "Personeelsnummer;Ziekmelddatum;Hersteldatum;Percentage arbeidsongeschikt;Soort\r\n"
    "001;10-01-2024;20-01-2024;100;Ziek\r\n"
    "001;20-01-2024;30-01-2024;50;ziek\r\n"
    "002;05-02-2024;;100,0;ziekte\r\n"
    "005;01-03-2024;01-06-2024;100;Zwangerschapsverlof\r\n"
)


def _store() -> Store:
    return Store(None)


def _rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    return store.cursor().execute(sql).fetchall()


def test_values_dutch_and_iso() -> None:
    assert parse_date("31-12-2024") == dt.date(2024, 12, 31)
    assert parse_date("1-2-2024") == dt.date(2024, 2, 1)
    assert parse_date("2024-12-31") == dt.date(2024, 12, 31)
    assert parse_date("31.12.2024") == dt.date(2024, 12, 31)
    assert parse_date("2024-12-31 00:00:00") == dt.date(2024, 12, 31)
    assert parse_date(dt.datetime(2024, 1, 2, 0, 0)) == dt.date(2024, 1, 2)
    with pytest.raises(CellError):
        parse_date("31-02-2024")
    with pytest.raises(CellError):
        parse_date("gisteren")
    assert parse_number("0,8") == (0.8, False)
    assert parse_number("1.234,5") == (1234.5, False)
    assert parse_number("1,234.5") == (1234.5, False)
    assert parse_number("80%") == (80.0, True)
    with pytest.raises(CellError):
        parse_number("acht")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_dutch_export_in_every_encoding(encoding: str) -> None:
    store = _store()
    emp = DUTCH_EMPLOYEES.replace("Kantoor", "Kantoor é")  # é differs between encodings
    summary = service.import_uploads(
        store,
        Upload("medewerkers.csv", emp.encode(encoding)),
        Upload("verzuim.csv", DUTCH_SPELLS.encode(encoding)),
    )
    assert summary.accepted, summary.problems
    units = {r[0] for r in _rows(store, "SELECT unit FROM employees")}
    assert units == {"Productie/Hal 1", "Kantoor é"}
    # contracturen / fulltime-uren: 32 / 40 = 0.8; 36,5 / 40 = 0.9125
    factors = dict(_rows(store, "SELECT employee_id, part_time_factor FROM employees"))
    assert factors["001"] == pytest.approx(0.8)
    assert factors["003"] == pytest.approx(0.9125)
    # hersteldatum is the first day back: 20-01-2024 -> last sick day 19-01-2024.
    episodes = _rows(
        store,
        "SELECT employee_id, spell_id, first_day, last_day, unfit_pct, kind FROM episodes "
        "ORDER BY employee_id, first_day",
    )
    assert episodes[0][2:4] == (dt.date(2024, 1, 10), dt.date(2024, 1, 19))
    # no spell key: contiguous episodes form one spell (partial recovery is not a new spell)
    assert episodes[0][1] == episodes[1][1]
    assert episodes[2][3] is None and episodes[2][4] == 100.0
    assert episodes[3][5] == "pregnancy"


def test_comma_separated_with_english_headers_and_quoted_decimal_comma() -> None:
    emp = (
        "Employee,Department,Part-time factor,Start date,End date\n"
        + "\n".join(f'e{i},Sales,"0,8",2020-01-01,' for i in range(5))
        + "\n"
    )
    sp = "Employee,First day,Last day,Unfit pct,Kind\ne1,2024-01-01,2024-01-05,100,sick\n"
    store = _store()
    summary = service.import_uploads(
        store, Upload("e.csv", emp.encode()), Upload("s.csv", sp.encode())
    )
    assert summary.accepted, summary.problems
    assert _rows(store, "SELECT DISTINCT part_time_factor FROM employees") == [(0.8,)]
    # last_day is inclusive
    assert _rows(store, "SELECT last_day FROM episodes") == [(dt.date(2024, 1, 5),)]


def test_mapping_file_for_own_column_names_and_codes() -> None:
    emp = "Pers.nr|Kostenplaats|FTE|Begin\n" + "".join(
        f"{i}|Zorg/Team {i % 2}|1|01-01-2020\n" for i in range(6)
    )
    sp = "Pers.nr|Start|Hersteld|Code\n1|01-03-2024|05-03-2024|ZW\n2|01-03-2024|05-03-2024|X\n"
    mapping = (
        "columns:\n  Pers.nr: employee_id\n  Kostenplaats: unit\n  Begin: employment_start\n"
        "  Hersteld: first_day_back\n  Code: kind\n"
        "recovery_date: last_day\nkinds:\n  ZW: pregnancy\n  X: sick\n"
    )
    store = _store()
    summary = service.import_uploads(
        store,
        Upload("e.csv", emp.encode()),
        Upload("s.csv", sp.encode()),
        Upload("map.yaml", mapping.encode()),
    )
    assert summary.accepted, summary.problems
    rows = _rows(store, "SELECT employee_id, last_day, kind FROM episodes ORDER BY employee_id")
    # recovery_date: last_day -> the column is the last sick day itself
    assert rows == [("1", dt.date(2024, 3, 5), "pregnancy"), ("2", dt.date(2024, 3, 5), "sick")]


def test_bad_mapping_file_is_reported() -> None:
    summary = service.import_uploads(
        _store(),
        Upload("e.csv", employees_csv(fillers(5))),
        None,
        Upload("map.yaml", b"columns:\n  X: diagnosis\n"),
    )
    assert not summary.accepted
    assert summary.problems[0].code == "mapping"


def test_xlsx_export() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Werknemer", "Afdeling", "Deeltijdfactor", "Datum in dienst"])
    for i in range(5):
        sheet.append([f"00{i}", "Logistiek", 0.5 + i / 10, dt.datetime(2019, 5, 1)])
    buffer = io.BytesIO()
    book.save(buffer)
    spells = spells_csv([("000", "s", "2024-01-01", "", 80, "sick")])
    store = _store()
    summary = service.import_uploads(
        store, Upload("hr.xlsx", buffer.getvalue()), Upload("s.csv", spells)
    )
    assert summary.accepted, summary.problems
    assert _rows(store, "SELECT count(*), min(employment_start) FROM employees") == [
        (5, dt.date(2019, 5, 1))
    ]


def test_every_problem_is_reported_with_file_line_column_value_and_fix() -> None:
    emp = (
        "Personeelsnummer;Afdeling;Deeltijdfactor;Datum in dienst;Datum uit dienst\n"
        "1;A;1;01-01-2020;\n"  # line 2 fine
        "1;A;1;01-01-2020;\n"  # line 3 duplicate of line 2
        "2;A;80;01-01-2020;\n"  # line 4 factor out of range
        "3;A;1;31-02-2020;\n"  # line 5 bad date
        "4;A;1;01-01-2020;01-01-2019\n"  # line 6 ends before start
        "5;A;1;;\n"  # line 7 empty start
    )
    sp = (
        "Personeelsnummer;Verzuimgeval;Ziekmelddatum;Laatste ziektedag;AO percentage;Soort\n"
        "1;a;10-01-2024;20-01-2024;100;ziek\n"  # line 2 fine
        "1;b;15-01-2024;25-01-2024;100;ziek\n"  # line 3 overlaps line 2
        "1;c;01-03-2024;28-02-2024;100;ziek\n"  # line 4 last before first
        "9;d;01-03-2024;;100;ziek\n"  # line 5 unknown employee
        "2;e;01-03-2024;;150;ziek\n"  # line 6 percentage out of range
        "2;f;01-05-2024;;100;verlof\n"  # line 7 unknown kind
        "1;g;01-06-2024;01-06-2024;100;ziek\n"  # line 8 mixed kinds in spell g
        "1;g;02-06-2024;03-06-2024;100;zwangerschap\n"  # line 9
    )
    store = _store()
    summary = service.import_uploads(
        store, Upload("werknemers.csv", emp.encode()), Upload("verzuim.csv", sp.encode())
    )
    assert not summary.accepted
    found = {(p.file, p.line, p.code) for p in summary.problems}
    assert found >= {
        ("werknemers.csv", 3, "duplicate_employee"),
        ("werknemers.csv", 4, "ptf_range"),
        ("werknemers.csv", 5, "bad_date"),
        ("werknemers.csv", 6, "end_before_start"),
        ("werknemers.csv", 7, "empty"),
        ("verzuim.csv", 3, "overlap"),
        ("verzuim.csv", 4, "last_before_first"),
        ("verzuim.csv", 5, "unknown_employee"),
        ("verzuim.csv", 6, "unfit_range"),
        ("verzuim.csv", 7, "bad_kind"),
        ("verzuim.csv", 8, "spell_mixed_kind"),
    }
    for p in summary.problems:
        assert p.message and p.fix and p.message_nl and p.fix_nl and p.column
    bad_date = next(p for p in summary.problems if p.code == "bad_date")
    assert (bad_date.column, bad_date.value) == ("Datum in dienst", "31-02-2020")
    # nothing at all was written
    assert store.counts(service.FILE_ANALYSIS) == (0, 0)


def test_missing_columns_and_unreadable_files() -> None:
    summary = service.import_uploads(
        _store(), Upload("e.csv", b"naam;leeftijd\nPiet;40\n"), Upload("s.bin", b"\x00\x01\x02")
    )
    codes = {p.code for p in summary.problems}
    assert {"missing_column", "nul_byte"} <= codes
    assert not summary.accepted


def test_same_file_twice_changes_nothing() -> None:
    store = _store()
    emp = Upload("e.csv", employees_csv(fillers(5)))
    sp = Upload("s.csv", spells_csv([("f1", "s", "2024-01-01", "2024-01-03", 100, "sick")]))
    first = service.import_uploads(store, emp, sp)
    snapshot = _rows(store, "SELECT * FROM employees ORDER BY ALL") + _rows(
        store, "SELECT * FROM episodes ORDER BY ALL"
    )
    second = service.import_uploads(store, emp, sp)
    assert (first.employees_added, first.episodes_added) == (5, 1)
    assert (second.employees_added, second.employees_changed) == (0, 0)
    assert (second.episodes_added, second.episodes_changed) == (0, 0)
    assert snapshot == _rows(store, "SELECT * FROM employees ORDER BY ALL") + _rows(
        store, "SELECT * FROM episodes ORDER BY ALL"
    )
    third = service.import_uploads(store, emp, sp, mode="replace")
    assert third.accepted and (third.employees_changed, third.episodes_changed) == (0, 0)


def test_rejected_file_leaves_store_untouched() -> None:
    store = _store()
    service.import_uploads(store, Upload("e.csv", employees_csv(fillers(5))), None)
    bad = spells_csv(
        [
            ("f1", "s", "2024-01-01", "2024-01-03", 100, "sick"),
            ("f1", "t", "2024-01-02", "2024-01-03", 100, "sick"),  # overlap
        ]
    )
    summary = service.import_uploads(store, None, Upload("s.csv", bad))
    assert not summary.accepted
    assert store.counts(service.FILE_ANALYSIS) == (5, 0)


def test_merge_checks_against_stored_rows() -> None:
    store = _store()
    service.import_uploads(
        store,
        Upload("e.csv", employees_csv(fillers(5))),
        Upload("s.csv", spells_csv([("f1", "s", "2024-01-01", "", 100, "sick")])),
    )
    later = spells_csv([("f1", "t", "2024-03-01", "2024-03-02", 100, "sick")])
    summary = service.import_uploads(store, None, Upload("maart.csv", later))
    assert not summary.accepted
    assert summary.problems[0].code == "overlap"
    assert "stored" in summary.problems[0].message
    # closing the open episode in the same file fixes it
    fixed = spells_csv(
        [
            ("f1", "s", "2024-01-01", "2024-02-10", 100, "sick"),
            ("f1", "t", "2024-03-01", "2024-03-02", 100, "sick"),
        ]
    )
    summary = service.import_uploads(store, None, Upload("maart.csv", fixed))
    assert summary.accepted, summary.problems
    assert (summary.episodes_added, summary.episodes_changed) == (1, 1)


def test_replace_refuses_to_orphan_stored_spells() -> None:
    store = _store()
    service.import_uploads(
        store,
        Upload("e.csv", employees_csv(fillers(5))),
        Upload("s.csv", spells_csv([("f1", "s", "2024-01-01", "", 100, "sick")])),
    )
    fewer = employees_csv(fillers(5)[2:])
    summary = service.import_uploads(store, Upload("e2.csv", fewer), None, mode="replace")
    assert not summary.accepted
    assert {p.code for p in summary.problems} == {"orphan_spells"}
