"""The pages and their JSON twins, through FastAPI's TestClient with a temporary store."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.analytics.helpers import employees_csv, fillers, spells_csv
from verzuim.web import analytics as web_analytics

EMPS = [
    *fillers(6, "Productie/Hal 1"),
    *[(f"k{i}", "Kantoor", 0.8, "2015-01-01", "") for i in range(5)],
    *[(f"x{i}", "Klein", 1.0, "2015-01-01", "") for i in range(2)],
]
SPELLS = [
    ("f0", "s1", "2024-01-10", "2024-03-19", 100, "sick"),
    ("f1", "s2", "2024-02-01", "2024-02-05", 100, "sick"),
    ("f2", "s3", "2024-05-01", "", 50, "sick"),
    ("k1", "s4", "2024-06-01", "2024-06-10", 100, "sick"),
    ("x0", "s5", "2024-04-01", "2024-04-30", 100, "sick"),
]
PERIOD = "from=2024-01-01&to=2024-12-31"


def _upload(client: TestClient, url: str = "/analyse/import", **extra: str) -> object:
    files = {
        "employees": ("werknemers.csv", employees_csv(EMPS), "text/csv"),
        "spells": ("verzuim.csv", spells_csv(SPELLS), "text/csv"),
    }
    return client.post(url, files=files, data=extra)


def test_upload_page_in_dutch_and_english(web: TestClient) -> None:
    page = web.get("/analyse")
    assert page.status_code == 200
    assert 'for="f-employees"' in page.text and "Werknemersbestand" in page.text
    english = web.get("/analyse?lang=en")
    assert "Employee file" in english.text and '<html lang="en">' in english.text


def test_upload_then_dashboard_and_twins_agree(web: TestClient) -> None:
    done = _upload(web)
    assert done.status_code == 200 and "Opgeslagen" in done.text  # type: ignore[attr-defined]
    page = web.get(f"/analyse/dashboard?{PERIOD}")
    assert page.status_code == 200
    assert page.text.count("<svg") == 5 and page.text.count("<table") >= 4
    assert "Kantoor" in page.text and "niet getoond" in page.text  # "Klein" has 2 employees
    data = web.get(f"/api/analyse/metrics?{PERIOD}&by=unit").json()
    assert data["period"] == {"from": "2024-01-01", "to": "2024-12-31"}
    groups = {g["group"]: g for g in data["groups"]}
    assert groups["Klein"]["suppressed"] and groups["Klein"]["zvp"] is None
    dash = web.get(f"/api/analyse/dashboard?{PERIOD}").json()
    assert dash["current"]["total"]["zvp"] == pytest.approx(data["total"]["zvp"])
    assert len(dash["trend"]) == 12 and dash["costs"]["estimate"] is True
    # the page shows the same figure as the JSON (Dutch decimal comma)
    assert f"{data['total']['zvp']:.1f}".replace(".", ",") + "%" in page.text
    # the return measures sit beside the other key figures, with the return threshold
    assert "Herhaald verzuim binnen 28 dagen" in page.text and "hervattingsdrempel" in page.text
    assert "/verzuimmodel#return-threshold" in page.text
    for g in [data["total"], *data["groups"]]:
        assert "recurrence" in g and "partial_return" in g
    assert groups["Klein"]["recurrence"] is None and groups["Klein"]["partial_return"] is None


def test_csv_downloads_carry_the_chart_data(web: TestClient) -> None:
    _upload(web)
    for name in web_analytics.DOWNLOADS:
        response = web.get(f"/analyse/download/{name}.csv?{PERIOD}")
        assert response.status_code == 200, name
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
        assert len(rows) >= 2
    units = web.get(f"/analyse/download/units.csv?{PERIOD}").text.lstrip("\ufeff")
    klein = next(r for r in csv.DictReader(io.StringIO(units)) if r["unit"] == "Klein")
    assert klein["suppressed"] == "true" and klein["zvp"] == ""
    assert klein["recurrence"] == "" and klein["partial_return"] == ""
    metrics = web.get(f"/analyse/download/metrics.csv?{PERIOD}").text.lstrip("\ufeff")
    header = next(csv.reader(io.StringIO(metrics)))
    assert {"recurrence", "partial_return", "recurrence_eligible"} <= set(header)


def test_rejected_upload_shows_every_problem_and_stores_nothing(web: TestClient) -> None:
    bad = spells_csv([("nobody", "s", "2024-01-01", "", 100, "sick"), ("f0", "t", "x", "", 0, "?")])
    files = {
        "employees": ("werknemers.csv", employees_csv(EMPS), "text/csv"),
        "spells": ("verzuim.csv", bad, "text/csv"),
    }
    page = web.post("/analyse/import", files=files)
    assert page.status_code == 422
    assert "verzuim.csv" in page.text and '<th scope="col"' in page.text
    assert "nobody" in page.text and "&#39;x&#39; is geen datum" in page.text
    api = web.post("/api/analyse/import", files=files)
    assert api.status_code == 422
    body = api.json()
    assert {d["type"] for d in body["detail"]} >= {"unknown_employee", "bad_date", "unfit_range"}
    assert all(isinstance(d["loc"], list) and d["msg"] for d in body["detail"])
    assert web.get("/api/analyse/metrics").json()["total"]["employees"] == 0


def test_same_upload_twice_via_api_changes_nothing(web: TestClient) -> None:
    first = _upload(web, "/api/analyse/import").json()  # type: ignore[attr-defined]
    second = _upload(web, "/api/analyse/import").json()  # type: ignore[attr-defined]
    assert first["summary"]["employees_added"] == len(EMPS)
    assert second["summary"]["employees_added"] == 0
    assert second["summary"]["episodes_changed"] == 0


def test_large_upload_runs_as_job_with_progress(
    web: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web_analytics, "INLINE_LIMIT", 0)
    response = web.post(
        "/analyse/import",
        files={"employees": ("e.csv", employees_csv(EMPS), "text/csv")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    job_url = response.headers["location"]
    job_id = job_url.rsplit("/", 1)[1]
    for _ in range(100):
        status = web.get(f"/api/analyse/import/{job_id}").json()
        if status["finished"]:
            break
        time.sleep(0.05)
    assert status["finished"] and status["summary"]["accepted"]
    page = web.get(job_url)
    assert page.status_code == 200 and "Opgeslagen" in page.text
    fragment = web.get(job_url, headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="import-status"')


def test_bad_parameters_answer_400_in_page_and_json(web: TestClient) -> None:
    for query in ("from=2024-02-30", "from=2024-05-01&to=2024-01-01", "per=week", "sector=Z"):
        page = web.get(f"/analyse/dashboard?{query}")
        assert page.status_code == 400, query
        assert "<html" in page.text
        api = web.get(f"/api/analyse/dashboard?{query}")
        assert api.status_code == 400 and api.json()["detail"]
    assert web.get("/api/analyse/costs?continuation_pct=50").status_code == 400
    assert web.get("/api/analyse/metrics?by=team").status_code == 400
    assert web.get("/api/analyse/import/unknown").status_code == 404
    assert web.post("/api/analyse/import").status_code == 400


def test_signals_link_to_prefilled_advice(web: TestClient) -> None:
    # Unit "Hal" is sick half the year: far above any CBS sector figure.
    emps = [(f"h{i}", "Hal", 1.0, "2015-01-01", "") for i in range(5)]
    spells = [(f"h{i}", "s", "2024-01-01", "2024-06-30", 100, "sick") for i in range(5)]
    web.post(
        "/api/analyse/import",
        files={
            "employees": ("e.csv", employees_csv(emps), "text/csv"),
            "spells": ("s.csv", spells_csv(spells), "text/csv"),
        },
    )
    assert (
        web.post("/analyse/settings", data={"sector": "F"}, follow_redirects=False).status_code
        == 303
    )
    findings = web.get(f"/api/analyse/signals?{PERIOD}").json()
    above = [f for f in findings if f["code"] == "above_benchmark"]
    assert above
    assert above[0]["advice_url"].startswith("/advies?sector=F&size_class=1-10&concern=")
    page = web.get(f"/analyse/dashboard?{PERIOD}")
    assert "/advies?sector=F" in page.text and "F Bouwnijverheid" in page.text


def test_costs_are_an_estimate_with_editable_assumptions(web: TestClient) -> None:
    _upload(web)
    default = web.get(f"/api/analyse/costs?{PERIOD}").json()
    assert default["estimate"] is True and default["assumptions"]["cost_per_day"] == 405
    doubled = web.get(f"/api/analyse/costs?{PERIOD}&cost_per_day=810").json()
    assert doubled["total_eur"] == pytest.approx(2 * default["total_eur"])
    wage = web.get(f"/api/analyse/costs?{PERIOD}&method=wage&continuation_pct=70").json()
    # 36,500 / (52 * 5) * 0.70 per workday
    assert wage["cost_per_workday"] == pytest.approx(36_500 / 260 * 0.7)
    page = web.get(f"/analyse/dashboard?{PERIOD}&cost_per_day=500")
    assert "Schatting" in page.text and 'value="500"' in page.text


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(max_size=12),
    st.text(max_size=12),
    st.sampled_from(["per", "sector", "size_class", "cost_per_day", "method", "rollup"]),
)
def test_fuzzed_parameters_never_500(web: TestClient, a: str, b: str, name: str) -> None:
    for url in ("/analyse/dashboard", "/api/analyse/dashboard"):
        response = web.get(url, params={"from": a, name: b})
        assert response.status_code < 500


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=200), st.binary(max_size=200))
def test_fuzzed_uploads_never_500_nor_partial(web: TestClient, emp: bytes, sp: bytes) -> None:
    before = web.get("/api/analyse/metrics").json()["total"]["employees"]
    response = web.post(
        "/api/analyse/import", files={"employees": ("e.csv", emp), "spells": ("s.csv", sp)}
    )
    assert response.status_code in (200, 422)
    if response.status_code == 422:
        assert web.get("/api/analyse/metrics").json()["total"]["employees"] == before


def test_reading_pages_never_create_the_store_file(web: TestClient, tmp_path: Path) -> None:
    for url in ("/analyse", "/analyse/dashboard", "/api/analyse/dashboard", "/api/analyse/metrics"):
        assert web.get(url).status_code == 200
    assert not (tmp_path / "store" / "analytics.duckdb").exists()
    assert web.post("/analyse/settings", data={"sector": "Z"}).status_code == 400
    assert not (tmp_path / "store" / "analytics.duckdb").exists()
