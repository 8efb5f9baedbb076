"""The templates to fill in: they import as they are, and explain every column."""

from __future__ import annotations

import io

import openpyxl
import pytest
from fastapi.testclient import TestClient

from verzuim.analytics import columns, service, templates
from verzuim.analytics.store import Store


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_both_templates_import_as_they_are(fmt: str) -> None:
    emp_file, sp_file = (
        templates.template(f"werknemers.{fmt}"),
        templates.template(f"verzuim.{fmt}"),
    )
    assert emp_file is not None and sp_file is not None
    emp = service.Upload(f"werknemers.{fmt}", emp_file[0])
    sp = service.Upload(f"verzuim.{fmt}", sp_file[0])
    store = Store(None)
    try:
        summary = service.import_uploads(store, emp, sp)
    finally:
        store.close()
    assert summary.accepted, summary.problems
    assert (summary.employees_added, summary.episodes_added) == (1, 1)
    assert summary.ignored_columns == []  # every header is one the import reads


def test_headers_are_dutch_names_the_import_recognises() -> None:
    for kind, cols in templates.COLUMNS.items():
        for c in cols:
            assert columns.SYNONYMS[columns.normalise(c.header)] == c.field, (kind, c.header)


def test_csv_uses_dutch_conventions() -> None:
    text = templates.csv_template("werknemers").decode("utf-8-sig")
    header, example = text.splitlines()
    assert header.startswith("Personeelsnummer;Afdeling;Deeltijdfactor")
    assert "0,8" in example and "01-03-2019" in example


def test_xlsx_has_an_explanation_sheet() -> None:
    book = openpyxl.load_workbook(io.BytesIO(templates.xlsx_template("verzuim")))
    assert book.sheetnames == ["Verzuim", "Uitleg"]
    rows = list(book["Uitleg"].iter_rows(values_only=True))
    assert rows[0] == templates.EXPLAIN_HEADER
    explained = {r[0]: r for r in rows[1:]}
    assert (
        explained["Eerste ziektedag"][1] == "ja"
        and "dd-mm-jjjj" in explained["Eerste ziektedag"][2]
    )
    assert explained["Soort"][1] == "nee"
    assert book["Verzuim"]["C2"].number_format == "DD-MM-YYYY"


def test_templates_are_public_downloads_linked_from_the_pages(client: TestClient) -> None:
    for name in templates.FILES:
        answer = client.get(f"/analyse/sjablonen/{name}")
        assert answer.status_code == 200, name
        assert "attachment" in answer.headers["content-disposition"]
    assert client.get("/analyse/sjablonen/namen.csv").status_code in (404, 422)
    page = client.get("/analyse")
    assert "/analyse/sjablonen/werknemers.xlsx" in page.text
    assert "Percentage arbeidsongeschikt" in page.text
