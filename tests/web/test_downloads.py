"""CSV and JSON downloads of the records on the knowledge pages, linked from those pages."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from verzuim.knowledge import load

PAGES = {
    "/maatregelen": ["practices", "evidence"],
    "/wie-doet-wat": ["actors"],
    "/kennislacunes": ["gaps"],
    "/perspectieven": ["perspectives"],
}


@pytest.mark.parametrize("kind", ["practices", "evidence", "actors", "gaps", "perspectives"])
def test_download_holds_every_record(client: TestClient, kind: str) -> None:
    records = load().records(kind)
    as_json = client.get(f"/data/{kind}.json")
    assert as_json.status_code == 200
    assert as_json.headers["content-type"] == "application/json"
    assert len(as_json.json()) == len(records)
    as_csv = client.get(f"/data/{kind}.csv")
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in as_csv.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(as_csv.text.lstrip("\ufeff"))))
    assert len(rows) == len(records)


@pytest.mark.parametrize(("page", "kinds"), sorted(PAGES.items()))
def test_pages_link_their_downloads(client: TestClient, page: str, kinds: list[str]) -> None:
    html = client.get(page).text
    for kind in kinds:
        assert f'href="/data/{kind}.csv"' in html and f'href="/data/{kind}.json"' in html


def test_unknown_kind_is_a_clear_json_error(client: TestClient) -> None:
    response = client.get("/data/secrets.csv", headers={"Accept-Language": "en"})
    assert response.status_code == 422
    message = response.json()["message"]
    assert "practices" in message
    dutch = client.get("/data/secrets.csv").json()["message"]
    assert dutch != message  # Accept-Language: en answered in English
