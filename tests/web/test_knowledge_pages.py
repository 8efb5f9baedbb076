"""The knowledge-base pages and their JSON twins, in process."""

from __future__ import annotations

import csv
import io
from html import escape

import pytest
from fastapi.testclient import TestClient

from verzuim.knowledge import load

PAGES_AND_TWINS = [
    ("/", "/api/home"),
    ("/maatregelen", "/api/maatregelen"),
    ("/maatregelen/gp-b11-01", "/api/maatregelen/gp-b11-01"),
    ("/maatregelen/es-multi-level", "/api/maatregelen/es-multi-level"),
    ("/kaart", "/api/kaart"),
    ("/wie-doet-wat", "/api/wie-doet-wat"),
    ("/perspectieven", "/api/perspectieven"),
    ("/kennislacunes", "/api/kennislacunes"),
    ("/verzuimmodel", "/api/verzuimmodel"),
]


@pytest.mark.parametrize(("page", "twin"), PAGES_AND_TWINS)
def test_every_page_has_a_json_twin_listed_in_openapi(
    client: TestClient, page: str, twin: str
) -> None:
    html = client.get(page)
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert f'type="application/json" href="{twin}' in html.text
    data = client.get(twin)
    assert data.status_code == 200
    assert data.headers["content-type"] == "application/json"
    paths = client.get("/api/openapi.json").json()["paths"]
    template = twin.replace("gp-b11-01", "{measure_id}").replace("es-multi-level", "{measure_id}")
    assert template in paths


def test_home_figures_are_counted_from_the_data(client: TestClient) -> None:
    kb = load()
    figures = {f["url"]: f["value"] for f in client.get("/api/home").json()["figures"]}
    assert figures["/maatregelen?evidence=practice_based"] == len(kb.practices)
    assert figures["/maatregelen?country=NL&evidence=practice_based"] == sum(
        p.country == "NL" for p in kb.practices
    )
    assert figures["/kennislacunes"] == len(kb.gaps)
    audiences = [w["audience"] for w in client.get("/api/home").json()["ways_in"]]
    assert audiences == ["employers", "employees", "arbo_professionals", "researchers"]


def test_page_and_twin_show_the_same_hits(client: TestClient) -> None:
    query = "?q=werkdruk&absence_type=mental"
    api = client.get("/api/maatregelen" + query).json()
    page = client.get("/maatregelen" + query).text
    assert api["total"] > 0
    for hit in api["hits"]:
        assert f'href="/maatregelen/{hit["id"]}"' in page


def test_htmx_request_gets_only_the_results_fragment(client: TestClient) -> None:
    response = client.get("/maatregelen?absence_type=physical", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith("{#") or response.text.lstrip().startswith("<div")
    assert "<html" not in response.text
    assert 'id="results-area"' in response.text
    assert "HX-Request" in response.headers["vary"]


def test_unknown_facet_value_is_400_with_the_allowed_values(client: TestClient) -> None:
    api = client.get("/api/maatregelen?absence_type=back")
    assert api.status_code == 400
    body = api.json()
    assert body["parameter"] == "absence_type"
    assert body["allowed"] == ["physical", "mental", "general", "unspecified"]
    assert "physical" in body["detail"]
    page = client.get("/maatregelen?absence_type=back")
    assert page.status_code == 400
    assert "<code>physical</code>" in page.text and 'role="alert"' in page.text


def test_over_long_query_is_422_with_a_message(client: TestClient) -> None:
    api = client.get("/api/maatregelen", params={"q": "x" * 201})
    assert api.status_code == 422
    assert "200" in api.json()["message"]
    page = client.get("/maatregelen", params={"q": "x" * 201})
    assert page.status_code == 422
    assert "200" in page.text


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/maatregelen/nope", 404),
        ("/maatregelen/nope", 404),
        ("/geen-pagina", 404),
        ("/api/kaart?second=rows", 422),
        ("/kaart?second=rows", 422),
        ("/kaart.csv?second=rows", 422),
        ("/api/wie-doet-wat?q=" + "y" * 300, 422),
        ("/api/home?lang=fr", 422),
        ("/maatregelen/" + "a" * 100, 422),
    ],
)
def test_bad_input_is_a_clear_4xx_never_500(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    if url.startswith("/api/") or ".csv" in url:
        assert response.json()["detail"]
    else:
        assert 'role="alert"' in response.text


def test_method_not_allowed_names_the_allowed_methods(client: TestClient) -> None:
    response = client.post("/api/maatregelen")
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]


def test_language_switch_covers_interface_and_content_and_sticks(client: TestClient) -> None:
    kb = load()
    practice = kb.practices[0]
    english = client.get(f"/maatregelen/{practice.id}?lang=en")
    assert english.status_code == 200
    assert escape(practice.title.en) in english.text and 'lang="en"' in english.text
    assert "Practice-based" in english.text
    assert english.cookies.get("lang") == "en"
    client.cookies.set("lang", "en")
    try:
        again = client.get(f"/maatregelen/{practice.id}")
        assert escape(practice.title.en) in again.text
    finally:
        client.cookies.clear()
    dutch = client.get(f"/maatregelen/{practice.id}")
    assert escape(practice.title.nl) in dutch.text and "Praktijkervaring" in dutch.text


def test_measure_page_explains_the_evidence_and_names_professionals(client: TestClient) -> None:
    page = client.get("/maatregelen/gp-b11-01").text
    assert "niet onafhankelijk onderzocht" in page
    assert 'href="/wie-doet-wat#arbeidshygienist"' in page
    review = client.get("/maatregelen/es-multi-level").text
    assert "systematische reviews" in review


def test_map_downloads(client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/kaart.csv?second=level").text)))
    kb = load()
    assert len(rows) == len(kb.vocab.categories) * 4 * 3
    assert {r["evidence"] for r in rows} <= {
        "review_indicative",
        "review_weak",
        "practice_only",
        "gap",
    }
    svg = client.get("/kaart.svg")
    assert svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.startswith("<svg") and "<title" in svg.text


def test_search_markup_is_escaped(client: TestClient) -> None:
    response = client.get("/maatregelen", params={"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_actor_search_page(client: TestClient) -> None:
    data = client.get("/api/wie-doet-wat", params={"q": "gevaarlijke stoffen"}).json()
    assert data["actors"][0]["id"] == "arbeidshygienist"
    page = client.get("/wie-doet-wat", params={"q": "gevaarlijke stoffen"}).text
    assert page.index('id="arbeidshygienist"') < page.index('id="bedrijfsarts"')
