"""The record on the web: the schema URL, importing into the shared collection (good and
refused records, nothing stored on refusal, duplicates, anonymity, audit), and the shared
practices beside the report's in the search, never in its counts."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from fastapi.testclient import TestClient

from tests.analytics.helpers import employees_csv, spells_csv
from tests.conftest import CSRF_TOKEN, app_database, log_in, new_org, reset_cookies
from tests.records.test_records import _record, evaluations  # noqa: F401 (fixture)
from verzuim.accounts import audit
from verzuim.evaluation.result import Evaluation
from verzuim.records import schema, share
from verzuim.records.model import Words
from verzuim.store import organisations
from verzuim.store.tenancy import Role, system_tenant

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _client(app_client: TestClient, email: str) -> TestClient:
    c = TestClient(app_client.app, base_url="http://testserver", follow_redirects=False)
    reset_cookies(c)
    c.headers["X-CSRF-Token"] = CSRF_TOKEN
    log_in(c, email)
    return c


def _file(
    data: dict[str, Any] | str, name: str = "record.json"
) -> tuple[str, tuple[str, bytes, str]]:
    text = data if isinstance(data, str) else json.dumps(data)
    return ("files", (name, text.encode(), "application/json"))


def _data(evaluation: Evaluation | None, claim: str, **changes: Any) -> dict[str, Any]:
    """A record as exported (share.export_record), with its own id so tests do not clash."""
    record = _record(evaluation, claim, id=f"t-{uuid.uuid4().hex[:10]}", **changes)
    exported = share.export_record(record, ["Zorg/Afdeling Noord", "Zorg/Afdeling Zuid"])
    data: dict[str, Any] = json.loads(exported.model_dump_json())
    return data


@pytest.fixture(scope="module")
def analyst(app_client: TestClient) -> tuple[str, TestClient]:
    slug, email = new_org(app_client, Role.ANALYST)
    c = _client(app_client, email)
    yield slug, c
    c.close()


def _import(c: TestClient, slug: str, *files: Any) -> Any:
    return c.post(f"/api/o/{slug}/gedeelde-praktijken/import", files=list(files))


def test_the_schema_is_served_as_documented(client: TestClient) -> None:
    answer = client.get("/api/schema/good-practice.json")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/schema+json")
    assert "max-age" in answer.headers["cache-control"]
    on_disk = json.loads((DOCS / "good-practice.schema.json").read_text(encoding="utf-8"))
    assert answer.json() == on_disk == schema.good_practice_schema()
    assert "/api/schema/good-practice.json" in client.get("/api/docs").text


def test_every_example_record_validates() -> None:
    examples = sorted((DOCS / "examples").glob("*.json"))
    assert examples
    validator = jsonschema_rs.validator_for(schema.good_practice_schema())
    from verzuim.records import validate

    for path in examples:
        text = path.read_text(encoding="utf-8")
        validator.validate(json.loads(text))
        outcome = validate.check_record(text)
        assert outcome.accepted, (path.name, outcome.reasons)


def test_an_exported_record_imports_and_shows_apart_from_the_report(
    client: TestClient,
    analyst: tuple[str, TestClient],
    evaluations: dict[str, Evaluation],  # noqa: F811
) -> None:
    slug, c = analyst
    before = client.get("/api/maatregelen?q=werkdruk").json()
    home, gaps = client.get("/api/home").json(), client.get("/api/kaart").json()
    data = _data(evaluations["did"], "own_evaluation_with_comparison")
    answer = _import(c, slug, _file(data, "werkdruk.json"))
    assert answer.status_code == 200, answer.text
    assert answer.json()["files"][0] == {
        "file": "werkdruk.json",
        "id": data["id"],
        "action": "added",
        "reasons": [],
    }
    after = client.get("/api/maatregelen?q=werkdruk").json()
    # The report's hits, totals and facet counts are exactly as before ...
    assert {k: v for k, v in after.items() if k != "shared"} == {
        k: v for k, v in before.items() if k != "shared"
    }
    assert client.get("/api/home").json() == home and client.get("/api/kaart").json() == gaps
    # ... and the new record is in its own section, with its own label.
    section = after["shared"]
    assert "Niet beoordeeld door het RIVM" in section["notice"]
    hit = next(h for h in section["hits"] if h["id"] == data["id"])
    assert hit["evidence"]["kind"] == "own_with_comparison"
    assert hit["evidence"]["label"] == "Eigen evaluatie met vergelijkingsgroep"
    assert hit["url"] == f"/gedeelde-praktijken/{data['id']}"
    assert data["id"] not in {h["id"] for h in after["hits"]}

    detail = client.get(f"/api/gedeelde-praktijken/{data['id']}?lang=en").json()
    effect = data["effect_evaluation"]
    assert detail["evidence"]["ci_low"] == effect["ci_low"]
    assert detail["evidence"]["ci_high"] == effect["ci_high"]
    assert "Not reviewed by RIVM" in detail["notice"]
    assert "Practice-based, not proven" in detail["evidence"]["caveat"]
    assert detail["licence"] == "CC-BY-4.0" and detail["record"] == data
    page = client.get(f"/gedeelde-praktijken/{data['id']}")
    assert page.status_code == 200
    assert "Gedeelde praktijk" in page.text and "niet bewezen" in page.text
    assert "interval" in page.text and "creativecommons.org/licenses/by/4.0/" in page.text
    assert "gedeeltelijk" in page.text and "loopt nog" in page.text  # codes in words
    assert "85%" in page.text  # reach, a number of percent
    assert "shared." not in page.text  # no untranslated key
    listing = client.get("/maatregelen?q=werkdruk")
    assert data["id"] in listing.text and "Gedeelde praktijken" in listing.text
    assert "apart onder de resultaten" in listing.text  # a way down to the section


def test_shared_practices_can_be_left_out_and_follow_the_filters(
    client: TestClient, analyst: tuple[str, TestClient]
) -> None:
    slug, c = analyst
    data = _data(None, "practice_based")
    assert _import(c, slug, _file(data)).status_code == 200
    shown = client.get("/api/maatregelen").json()["shared"]
    assert data["id"] in {h["id"] for h in shown["hits"]}
    assert shown["hits"][0]["evidence"]["kind"] in {"no_evaluation", "own_with_comparison"}
    left_out = client.get("/api/maatregelen?shared=no").json()
    assert left_out["shared"]["included"] is False and left_out["shared"]["hits"] == []
    assert all("shared=no" in v["url"] for f in left_out["facets"] for v in f["values"])
    # Filters apply: a mental-absence record is not among the physical ones, and a filter
    # on the report's evidence kinds leaves every shared practice out.
    physical = client.get("/api/maatregelen?absence_type=physical").json()["shared"]
    assert data["id"] not in {h["id"] for h in physical["hits"]}
    mental = client.get("/api/maatregelen?absence_type=mental").json()["shared"]
    assert data["id"] in {h["id"] for h in mental["hits"]}
    assert client.get("/api/maatregelen?evidence=practice_based").json()["shared"]["hits"] == []
    page = client.get("/maatregelen?shared=no")
    assert page.status_code == 200 and data["id"] not in page.text


def test_a_refused_import_stores_nothing_and_says_why(
    client: TestClient, analyst: tuple[str, TestClient]
) -> None:
    slug, c = analyst
    good = _data(None, "practice_based")
    proven = _data(None, "practice_based")
    proven["evidence_claim"] = "proven"
    broken = _data(None, "practice_based")
    broken["organisation"]["number_of_workers"] = 3
    answer = _import(
        c, slug, _file(good, "good.json"), _file(proven, "proven.json"), _file(broken, "b.json")
    )
    assert answer.status_code == 422
    files = {f["file"]: f for f in answer.json()["files"]}
    assert files["good.json"]["action"] == "not_stored"
    [reason] = files["proven.json"]["reasons"]
    assert reason["code"] == "proven_without_evaluation" and reason["field"] == "evidence_claim"
    [schema_reason] = files["b.json"]["reasons"]
    assert schema_reason["code"] == "schema"
    assert schema_reason["field"] == "organisation.number_of_workers"
    for data in (good, proven, broken):
        assert client.get(f"/api/gedeelde-praktijken/{data['id']}").status_code == 404
    not_json = _import(c, slug, _file("{nope", "x.json"))
    assert not_json.status_code == 422
    assert not_json.json()["files"][0]["reasons"][0]["code"] == "not_json"
    assert _import(c, slug).status_code == 422  # no files at all
    # The page answers with the same reasons, in the visitor's language.
    page = c.post(
        f"/o/{slug}/gedeelde-praktijken/import?lang=en",
        files=[_file(proven, "proven.json")],
        headers={"Origin": "http://testserver"},
    )
    assert page.status_code == 422
    assert "the record calls itself proven but carries no effect evaluation" in page.text


def test_a_duplicate_is_refused_and_a_newer_version_replaces(
    client: TestClient, analyst: tuple[str, TestClient]
) -> None:
    slug, c = analyst
    data = _data(None, "practice_based")
    assert _import(c, slug, _file(data)).status_code == 200
    again = _import(c, slug, _file(data))
    assert again.status_code == 422
    assert again.json()["files"][0]["reasons"][0]["code"] == "duplicate"
    twice = _import(c, slug, _file(data, "a.json"), _file(data, "b.json"))
    assert "duplicate_in_upload" in {r["code"] for r in twice.json()["files"][1]["reasons"]}
    newer = dict(data, created="2025-06-01", title={"nl": "Werkdruk samen verdelen, versie 2"})
    replaced = _import(c, slug, _file(newer))
    assert replaced.status_code == 200 and replaced.json()["files"][0]["action"] == "replaced"
    detail = client.get(f"/api/gedeelde-praktijken/{data['id']}").json()
    assert detail["title"] == "Werkdruk samen verdelen, versie 2"
    assert detail["created"] == "2025-06-01"


def test_unit_names_are_checked_again_and_the_import_is_audited(
    app_client: TestClient,
) -> None:
    slug, email = new_org(app_client, Role.PREVENTION)
    db = app_database(app_client)
    with db.public() as session:
        org = organisations.by_slug(session, slug)
        assert org is not None
        tenant = system_tenant(org.id, slug, "test")
    # Absence data with units, imported by an analyst of the same organisation.
    from tests.conftest import add_member

    hr = f"hr-{slug}@example.nl"
    add_member(app_client, org.id, slug, hr, Role.ANALYST)
    emps = [(f"p{i}", "Zorg/Afdeling Oost", 1.0, "2020-01-01", "") for i in range(6)]
    files = {
        "employees": ("e.csv", employees_csv(emps), "text/csv"),
        "spells": ("s.csv", spells_csv([("p1", "s1", "2024-03-01", "2024-03-05", 100, "sick")]),
                   "text/csv"),
    }  # fmt: skip
    analyst_client = _client(app_client, hr)
    assert analyst_client.post(f"/api/o/{slug}/analyse/import", files=files).status_code == 200
    analyst_client.close()

    prevention = _client(app_client, email)
    named = _data(None, "practice_based")
    named["description"]["approach"]["nl"] = "Eerst op afdeling oost, daarna overal."
    refused = _import(prevention, slug, _file(named))
    assert refused.status_code == 422
    [reason] = refused.json()["files"][0]["reasons"]
    assert reason["code"] == "unit_name" and reason["field"] == "description.approach.nl"

    fine = _data(None, "practice_based", title=Words(nl="Roosters samen maken"))
    assert _import(prevention, slug, _file(fine)).status_code == 200
    prevention.close()
    with db.tenant(tenant) as session:
        entries = audit.entries(session, tenant)
    [entry] = [e for e in entries if e.object == f"shared_practice:{fine['id']}"]
    assert entry.actor == email and entry.action == "create" and entry.org_id == org.id


@pytest.mark.parametrize("role", [Role.VIEWER, Role.MANAGER, Role.CONSULTANT])
def test_other_roles_may_not_import(app_client: TestClient, role: Role) -> None:
    slug, email = new_org(app_client, role, units=("Zorg",) if role is Role.MANAGER else ())
    c = _client(app_client, email)
    data = _data(None, "practice_based")
    assert _import(c, slug, _file(data)).status_code == 403
    assert c.get(f"/o/{slug}/gedeelde-praktijken/import").status_code == 403
    c.close()
    assert app_client.get(f"/api/gedeelde-praktijken/{data['id']}").status_code == 404


def test_a_new_import_shows_on_a_page_rendered_before_it(
    client: TestClient, analyst: tuple[str, TestClient]
) -> None:
    """The measures page is cached per URL; the cache key includes the collection's version."""
    slug, c = analyst
    data = _data(None, "practice_based")
    url = "/maatregelen?q=roosters"
    assert data["id"] not in client.get(url).text
    assert data["id"] not in client.get(url, headers={"HX-Request": "true"}).text
    assert _import(c, slug, _file(data)).status_code == 200
    assert data["id"] in client.get(url).text
    assert data["id"] in client.get(url, headers={"HX-Request": "true"}).text
