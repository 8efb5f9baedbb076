"""A corpus of hostile and malformed files: each is refused whole, with a located message,
and leaves the store exactly as it was (service, CLI and web API)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.analytics.helpers import employees_csv, fillers, spells_csv
from tests.conftest import OrgClient, app_database
from verzuim.analytics import readers, service
from verzuim.analytics.store import Store
from verzuim.cli import app
from verzuim.store import absence, organisations
from verzuim.store.database import Database
from verzuim.store.tenancy import system_tenant

Upload = service.Upload
HEADER = "employee_id;unit;part_time_factor;employment_start;employment_end\n"


def _rows(n: int, start: int = 0) -> str:
    return "".join(f"e{i};Productie/Hal {i % 3};1;01-01-2020;\n" for i in range(start, start + n))


def _xlsx(rows: list[list[object]], dimension: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    if dimension is None:
        return out.getvalue()
    # Rewrite the sheet's declared dimension, as some exporters leave it stale.
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), data
                )
            dest.writestr(info, data)
    return target.getvalue()


EMP_ROWS: list[list[object]] = [
    ["employee_id", "unit", "part_time_factor", "employment_start", "employment_end"],
    *[[f"x{i}", "A", 1, "01-01-2020", None] for i in range(6)],
]

# name -> (file bytes, expected code, expected line)
CORPUS: dict[str, tuple[bytes, str, int | None]] = {
    # A NUL byte far past the first 4 KB, inside a unit name.
    "nul_late": (
        (HEADER + _rows(300) + "e900;Prod\x00uctie;1;01-01-2020;\n").encode(),
        "nul_byte",
        302,
    ),
    # An unclosed quote would swallow the rest of the file.
    "unclosed_quote": (
        (HEADER + _rows(5) + 'e9;"Productie;1;01-01-2020;\n' + _rows(5, 10)).encode(),
        "unclosed_quote",
        7,
    ),
    "quote_at_end": (
        (HEADER + _rows(5) + 'e9;"Productie;1;01-01-2020;').encode(),
        "unclosed_quote",
        7,
    ),
    "text_after_quote": (
        (HEADER + _rows(2) + 'e9;"Prod"uctie;1;01-01-2020;\n').encode(),
        "bad_quoting",
        4,
    ),
    # A first line with a field over 128 KB (Python's csv field limit): no traceback.
    "huge_header": (("x" * 140_000 + ";unit\n" + _rows(3)).encode(), "line_too_long", 1),
    "huge_line": (
        (HEADER + _rows(3) + "e9;" + "A" * 20_000 + ";1;01-01-2020;\n").encode(),
        "line_too_long",
        5,
    ),
    "huge_cell": (
        (HEADER + _rows(3) + "e9;" + "A" * 2_000 + ";1;01-01-2020;\n").encode(),
        "cell_too_long",
        5,
    ),
    "utf16_no_bom": ((HEADER + _rows(3)).encode("utf-16-le"), "utf16", None),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "nul_byte", 3),
    "empty": (b"   \n\n", "unreadable", None),
    "damaged_xlsx": (b"PK\x03\x04" + b"\x00garbage" * 20, "unreadable", None),
    # XLSX with a bad row past its declared dimension: it must be read (and refused).
    "xlsx_past_dimension": (
        _xlsx([*EMP_ROWS, ["bad", "A", 1, "31-02-2020", None]], dimension="A1:E3"),
        "bad_date",
        8,
    ),
}


@pytest.fixture()
def stored() -> Store:
    store = Store(None)
    summary = service.import_uploads(
        store,
        Upload("e.csv", employees_csv(fillers(6))),
        Upload("s.csv", spells_csv([("f0", "s", "2024-01-01", "2024-01-09", 100, "sick")])),
    )
    assert summary.accepted
    return store


def _dump(store: Store) -> list[object]:
    cur = store.cursor()
    return [
        cur.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
        for t in ("organisations", "employees", "episodes", "spells")
    ]


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_bad_file_is_refused_whole_with_its_location(stored: Store, name: str) -> None:
    data, code, line = CORPUS[name]
    before = _dump(stored)
    summary = service.import_uploads(stored, Upload(f"{name}.csv", data), None, mode="replace")
    assert not summary.accepted
    found = [p for p in summary.problems if p.code == code]
    assert found, summary.problems
    assert found[0].line == line
    assert found[0].file == f"{name}.csv" and found[0].message_nl and found[0].fix
    assert _dump(stored) == before


def _limited(attribute: str, value: int) -> Callable[[pytest.MonkeyPatch], None]:
    def apply(monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(readers, attribute, value)

    return apply


def test_limits_refuse_large_files_rows_and_zip_bombs(
    stored: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _dump(stored)
    # The same checks as for 256 MB, 5 million rows and 300 MB unpacked, at a test's scale.
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    big = (HEADER + _rows(40)).encode()
    summary = service.import_uploads(stored, Upload("big.csv", big), None)
    assert [p.code for p in summary.problems] == ["file_too_large"]
    assert "MB" in summary.problems[0].message_nl
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 256 * readers.MB)
    monkeypatch.setattr(readers, "MAX_ROWS", 10)
    summary = service.import_uploads(stored, Upload("rows.csv", big), None)
    assert [p.code for p in summary.problems] == ["too_many_rows"]
    # A zip bomb: a small archive of a part that would unpack far beyond the limit.
    monkeypatch.setattr(readers, "MAX_XLSX_UNPACKED", 2 * readers.MB)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (3 * readers.MB))
    assert len(bomb.getvalue()) < 20_000
    summary = service.import_uploads(stored, Upload("bomb.xlsx", bomb.getvalue()), None)
    assert [p.code for p in summary.problems] == ["xlsx_too_large"]
    assert _dump(stored) == before


def test_files_that_look_odd_but_are_fine_are_read() -> None:
    # UTF-16 with a BOM (Excel's "Unicode text", tab-separated) is read.
    text = HEADER.replace(";", "\t") + _rows(5).replace(";", "\t")
    summary = service.import_uploads(Store(None), Upload("u.txt", text.encode("utf-16")), None)
    assert summary.accepted and summary.employees_in_file == 5
    # A quoted cell with the separator and a doubled quote inside stays one cell.
    quoted = HEADER + '"e1";"Productie; ""Hal"" 2";1;01-01-2020;\n'
    store = Store(None)
    assert service.import_uploads(store, Upload("q.csv", quoted.encode()), None).accepted
    assert store.cursor().execute("SELECT unit FROM employees").fetchall() == [
        ('Productie; "Hal" 2',)
    ]
    # Every row of an XLSX is read, also past a stale declared dimension.
    stale = _xlsx(EMP_ROWS, dimension="A1:E2")
    summary = service.import_uploads(Store(None), Upload("e.xlsx", stale), None)
    assert summary.accepted and summary.employees_in_file == 6


# --- the same corpus through the CLI and the web API: non-zero exit / 4xx, store unchanged --


def _stored_rows(database: Database, slug: str) -> dict[str, object]:
    """Every stored absence row of the organisation, and its data version."""
    with database.public() as session:
        org = organisations.by_slug(session, slug)
        assert org is not None
        tenant = system_tenant(org.id, org.slug, "test")
    with database.tenant(tenant) as session:
        found: dict[str, object] = {
            name: absence.rows_for_export(session, tenant, name)
            for name in ("employees", "episodes", "spells")
        }
        found["data_version"] = organisations.get(session, tenant).data_version
    return found


CLI_CASES = ["nul_late", "unclosed_quote", "huge_header", "xlsx_past_dimension", "utf16_no_bom"]


@pytest.mark.parametrize("name", CLI_CASES)
def test_cli_import_refuses_and_leaves_the_store(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERZUIM_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.delenv("VERZUIM_DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(app, ["org", "create", "acme", "--name", "Acme"]).exit_code == 0
    good = tmp_path / "good.csv"
    good.write_bytes(employees_csv(fillers(6)))
    command = ["import", "--org", "acme", "--employees"]
    assert runner.invoke(app, [*command, str(good)]).exit_code == 0
    database = Database(f"sqlite:///{tmp_path / 'store' / 'verzuim.sqlite3'}")
    before = _stored_rows(database, "acme")
    data, code, line = CORPUS[name]
    bad = tmp_path / f"{name}.csv"
    bad.write_bytes(data)
    result = runner.invoke(app, [*command, str(bad), "--format", "json"])
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert problems[0]["code"] == code and problems[0]["line"] == line
    where = f"{name}.csv:{line}" if line else f"{name}.csv"
    assert where in result.stderr
    assert _stored_rows(database, "acme") == before
    database.dispose()


@pytest.mark.parametrize("name", CLI_CASES)
def test_web_import_answers_422_and_leaves_the_store(web: OrgClient, name: str) -> None:
    client = web
    files = {"employees": ("good.csv", employees_csv(fillers(6)), "text/csv")}
    assert client.post("/api/analyse/import", files=files).status_code == 200
    before = _stored_rows(app_database(web), web.org)
    data, code, line = CORPUS[name]
    response = client.post("/api/analyse/import", files={"employees": (f"{name}.csv", data)})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["type"] == code and detail[0]["loc"][2] == (line or 0)
    page = client.post("/analyse/import", files={"employees": (f"{name}.csv", data)})
    assert page.status_code == 422 and "Niet opgeslagen" in page.text
    assert _stored_rows(app_database(web), web.org) == before
