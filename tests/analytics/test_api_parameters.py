"""The typed query parameters of the analytics area: what the OpenAPI document says, what the
forms send (empty fields, decimal commas, lower-case letters), and the 400 for a bad value."""

from __future__ import annotations

from typing import Any, get_args

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from tests.analytics.helpers import employees_csv, fillers, spells_csv
from tests.conftest import OrgClient
from tests.dbsetup import store_urls
from verzuim import cbs
from verzuim.analytics import benchmarks, periods
from verzuim.web import analytics as web_analytics
from verzuim.web.app import create_app

PERIOD = "from=2024-01-01&to=2024-12-31"
PERIOD_OPERATIONS = ("metrics", "dashboard", "costs", "signals")
_FILLED: set[str] = set()


def _parameters(client: TestClient, path: str) -> dict[str, dict[str, Any]]:
    operation = client.get("/api/openapi.json").json()["paths"][path]["get"]
    return {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] != "path"}


def _branches(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return list(schema.get("anyOf", [schema]))


def _upload(client: TestClient) -> None:
    emps = [*fillers(6, "Hal"), *[(f"k{i}", "Kantoor", 0.8, "2015-01-01", "") for i in range(5)]]
    spells = [("f0", "s1", "2024-01-10", "2024-03-19", 100, "sick")]
    files = {
        "employees": ("e.csv", employees_csv(emps), "text/csv"),
        "spells": ("s.csv", spells_csv(spells), "text/csv"),
    }
    assert client.post("/api/analyse/import", files=files).status_code == 200


def test_the_literals_match_the_data_they_stand_for() -> None:
    assert list(get_args(web_analytics.Section)) == list(cbs.section_keys())
    assert list(get_args(web_analytics.Section)) == list(benchmarks.sections())
    assert get_args(web_analytics.SizeClass) == benchmarks.SIZE_CLASSES
    assert get_args(periods.Granularity) == periods.GRANULARITIES


def test_openapi_lists_values_patterns_and_ranges(web: TestClient) -> None:
    params = _parameters(web, "/api/o/{org}/analyse/dashboard")
    assert {"enum": list(cbs.section_keys()), "type": "string"} in _branches(params["sector"])
    assert {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"} in _branches(params["from"])
    for name, low, high in (
        ("cost_per_day", 0, 10_000),
        ("annual_wage", 0, 1_000_000),
        ("continuation_pct", 70, 100),
        ("workdays_per_week", 1, 7),
    ):
        assert {"type": "number", "minimum": low, "maximum": high} in _branches(params[name])
    for name, values in (
        ("per", ["month", "quarter", "year"]),
        ("size_class", ["1-10", "10-100", "100+"]),
        ("method", ["per_day", "wage"]),
        ("rollup", ["0", "1"]),
    ):
        assert {"enum": values, "type": "string"} in _branches(params[name]), name
    # An empty value (what the forms send for "no choice") is documented as "not given".
    for name in ("per", "from", "size_class", "cost_per_day"):
        assert any(b.get("const") == "" for b in _branches(params[name])), name
    metrics = _parameters(web, "/api/o/{org}/analyse/metrics")
    assert {"const": "unit", "type": "string"} in _branches(metrics["by"])
    assert {"enum": ["0", "1"], "type": "string"} in _branches(metrics["bradford"])


def test_each_endpoint_documents_only_what_it_reads(web: TestClient) -> None:
    costs = set(web_analytics.cost_query.__annotations__) - {"return"}
    assert set(_parameters(web, "/api/o/{org}/analyse/costs")) == {"from", "to", *costs}
    assert set(_parameters(web, "/api/o/{org}/analyse/signals")) == {
        "from",
        "to",
        "sector",
        "size_class",
    }
    assert set(_parameters(web, "/api/analyse/benchmark")) == {"sector", "size_class"}
    dashboard = {"from", "to", "per", "rollup", "sector", "size_class", *costs}
    assert set(_parameters(web, "/api/o/{org}/analyse/dashboard")) == dashboard


def test_empty_fields_mean_not_given(web: TestClient) -> None:
    _upload(web)
    names = ["per", "rollup", "sector", "size_class", "method", "cost_per_day", "annual_wage"]
    empty = "&".join(f"{name}=" for name in [*names, "continuation_pct", "workdays_per_week"])
    for path in ("dashboard", "costs", "signals"):
        plain = web.get(f"/api/analyse/{path}?{PERIOD}")
        blank = web.get(f"/api/analyse/{path}?{PERIOD}&{empty}")
        assert blank.status_code == plain.status_code == 200, blank.text
        assert blank.json() == plain.json()
    assert web.get("/api/analyse/metrics?from=&to=&by=&rollup=&bradford=").status_code == 200
    assert web.get(f"/analyse/dashboard?{PERIOD}&{empty}").status_code == 200


def test_form_input_is_read_as_people_type_it(web: TestClient) -> None:
    _upload(web)
    comma = web.get(f"/api/analyse/costs?{PERIOD}&cost_per_day=810,5").json()
    point = web.get(f"/api/analyse/costs?{PERIOD}&cost_per_day=810.5").json()
    assert comma == point and comma["assumptions"]["cost_per_day"] == 810.5
    lower = web.get("/api/analyse/benchmark?sector=%20f%20").json()
    assert lower == web.get("/api/analyse/benchmark?sector=F").json()
    assert lower["sector"]["title"].startswith("F ")
    dashboard = web.get(f"/api/analyse/dashboard?{PERIOD}&rollup=0&per=quarter").json()
    assert len(dashboard["trend"]) == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("per=week", ["per: 'week'", "'month', 'quarter' or 'year'"]),
        ("sector=Z", ["sector: 'Z'", "'A', 'B'", "'S'"]),
        ("size_class=5", ["size_class: '5'", "'1-10', '10-100' or '100+'"]),
        ("from=31-12-2024", ["from: '31-12-2024' is not a date", "yyyy-mm-dd"]),
        ("to=2024-1-5", ["to: '2024-1-5' is not a date", "yyyy-mm-dd"]),
        ("method=hourly", ["method: 'hourly'", "'per_day' or 'wage'"]),
        ("rollup=yes", ["rollup: 'yes'", "'0' or '1'"]),
        ("cost_per_day=abc", ["cost_per_day:", "valid number", "'abc'"]),
        ("cost_per_day=nan", ["cost_per_day:", "finite number"]),
        ("continuation_pct=50", ["continuation_pct:", "greater than or equal to 70"]),
        ("workdays_per_week=0.5", ["workdays_per_week:", "greater than or equal to 1"]),
        ("per=week&sector=Z", ["per: 'week'", "sector: 'Z'"]),
    ],
)
def test_a_bad_value_answers_400_naming_it(
    web: TestClient, query: str, expected: list[str]
) -> None:
    api = web.get(f"/api/analyse/dashboard?{query}")
    assert api.status_code == 400, api.text
    detail = api.json()["detail"]
    assert all(part in detail for part in expected), detail
    page = web.get(f"/analyse/dashboard?{query}")
    assert page.status_code == 400 and "<html" in page.text
    assert expected[0].replace("'", "&#39;") in page.text


def test_other_operations_and_forms_answer_400_too(web: TestClient) -> None:
    by = web.get("/api/analyse/metrics?by=team")
    assert by.status_code == 400 and "by: 'team' is not allowed; use 'unit'." in by.json()["detail"]
    assert web.get("/api/analyse/metrics?bradford=2").status_code == 400
    assert web.get("/api/analyse/signals?sector=1").status_code == 400
    assert web.get("/api/analyse/benchmark?size_class=big").status_code == 400
    files = {"employees": ("e.csv", employees_csv(fillers(5)), "text/csv")}
    mode = web.post("/api/analyse/import", files=files, data={"mode": "append"})
    assert mode.status_code == 400 and "'merge' or 'replace'" in mode.json()["detail"]
    text = web.post("/api/analyse/import", data={"employees": "null"})
    assert text.status_code == 400 and "employees: send a file" in text.json()["detail"]
    assert web.post("/analyse/settings", data={"sector": "Z"}).status_code == 400
    # a malformed path keeps FastAPI's 422, as the document says
    assert web.get(f"/api/analyse/import/{'x' * 65}").status_code == 422


def test_settings_form_reads_the_letter_case_insensitively(web: TestClient) -> None:
    saved = web.post(
        "/analyse/settings", data={"sector": "f", "size_class": ""}, follow_redirects=False
    )
    assert saved.status_code == 303
    assert web.get("/api/analyse/dashboard").json()["sector"] == "F"


# The period operations are not held to "schema-valid data is accepted" in
# tests/test_openapi_fuzz.py, because a valid-looking period can still be refused. Here every
# other parameter is: positive cases are sent without a period (and with data in the store).
# Only schema-valid requests: the whole fuzz covers the rest.
period_schema = schemathesis.openapi.from_asgi(
    "/api/openapi.json",
    create_app(store_urls()[0]),  # the store of the `web` fixture's app
    config=SchemathesisConfig.from_dict(
        {"generation": {"mode": "positive"}, "phases": {"coverage": {"enabled": False}}}
    ),
).include(path_regex=rf"^/api/o/\{{org\}}/analyse/({'|'.join(PERIOD_OPERATIONS)})$")


@period_schema.parametrize()
@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_period_operations_accept_every_valid_value_of_their_other_parameters(
    case: schemathesis.Case, web: OrgClient
) -> None:
    for name in ("from", "to"):
        (case.query or {}).pop(name, None)
    case.path_parameters = {**(case.path_parameters or {}), "org": web.org}
    if web.org not in _FILLED:  # the web fixture's organisation, one per example
        _upload(web)
        _FILLED.add(web.org)
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {web.token}"}
    response = case.call_and_validate()
    assert response.status_code == 200, response.text
