"""Example data: a deterministic generator, and a demo organisation per user, labelled
as invented everywhere it shows, never visible to another visitor, removed when expired."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from tests.conftest import OrgClient, app_database, log_in, new_org, reset_cookies
from verzuim.analytics import example_data, service
from verzuim.analytics.store import Store
from verzuim.store import demo, organisations

HOST = "http://testserver"  # full URLs: OrgClient leaves them alone


def test_generator_is_deterministic_and_imports_cleanly() -> None:
    files = example_data.generate(2025)
    assert files == example_data.generate(2025)
    assert files != example_data.generate(2025, seed=1)
    store = Store(None)
    try:
        summary = service.import_uploads(
            store,
            service.Upload("werknemers.csv", files.employees),
            service.Upload("verzuim.csv", files.spells),
        )
    finally:
        store.close()
    assert summary.accepted, summary.problems[:3]
    assert summary.employees_added == sum(n for _unit, n, _rate in example_data.UNITS) == 60
    assert summary.episodes_added > 60  # a realistic year has more spells than people
    assert "zwangerschap" in files.spells.decode()


def _demo_slug(client: TestClient) -> str:
    answer = client.post(f"{HOST}/analyse/voorbeeld", follow_redirects=False)
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert location.startswith("/o/voorbeeld-") and location.endswith("/analyse/dashboard")
    return location.split("/")[2]


def test_a_logged_in_user_gets_one_labelled_demo_organisation(web: OrgClient) -> None:
    slug = _demo_slug(web)
    assert _demo_slug(web) == slug  # asking again reuses it
    page = web.get(f"{HOST}/o/{slug}/analyse/dashboard")
    assert page.status_code == 200
    assert "Verzonnen voorbeeldgegevens" in page.text
    upload = web.get(f"{HOST}/o/{slug}/analyse")
    assert "Verzonnen voorbeeldgegevens" in upload.text  # on every page of the organisation
    dash = web.get(f"{HOST}/api/o/{slug}/analyse/dashboard").json()
    assert dash["example_data"] is True and dash["current"]["total"]["employees"] > 0
    metrics = web.get(f"{HOST}/api/o/{slug}/analyse/metrics").json()
    assert metrics["example_data"] is True
    download = web.get(f"{HOST}/o/{slug}/analyse/download/units.csv")
    assert "verzonnen-voorbeeld-" in download.headers["content-disposition"]
    # the user's real organisation is not labelled
    own = web.get("/api/analyse/metrics").json()
    assert own["example_data"] is False
    assert "Verzonnen voorbeeldgegevens" not in web.get("/analyse").text


def test_no_demo_organisation_leaks_to_another_visitor(
    web: OrgClient, app_client: TestClient
) -> None:
    slug = _demo_slug(web)
    _other_slug, email = new_org(app_client)
    other = TestClient(app_client.app, base_url=HOST)
    log_in(other, email)
    assert other.get(f"/o/{slug}/analyse/dashboard").status_code == 404
    assert other.get(f"/api/o/{slug}/analyse/dashboard").status_code == 404
    assert _demo_slug(other) != slug
    other.close()


def test_anonymous_visitors_log_in_first_and_can_download_the_files(
    client: TestClient,
) -> None:
    reset_cookies(client)
    answer = client.post("/analyse/voorbeeld", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    page = client.get("/analyse")
    assert "Probeer met voorbeeldgegevens" in page.text
    files = example_data.generate(demo.example_year(dt.date.today()))
    assert client.get("/analyse/voorbeeld/werknemers.csv").content == files.employees
    assert client.get("/analyse/voorbeeld/verzuim.csv").content == files.spells


def test_expired_demo_organisations_are_removed(web: OrgClient) -> None:
    slug = _demo_slug(web)
    database = app_database(web)
    with database.public() as session:
        org = organisations.by_slug(session, slug)
        assert org is not None
        expires = dt.date.fromisoformat(str(org.settings["expires"]))
    assert slug not in demo.remove_expired(database, expires)  # not before the day
    assert slug in demo.remove_expired(database, expires + dt.timedelta(days=1))
    with database.public() as session:
        assert organisations.by_slug(session, slug) is None
        assert organisations.by_slug(session, web.org) is not None  # real ones stay


def test_the_cli_json_carries_the_flag_only_for_example_data() -> None:
    period = service.make_period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    files = example_data.generate(2025)
    result = service.analyse_files(
        service.Upload("w.csv", files.employees), service.Upload("v.csv", files.spells), period
    )
    assert "example_data" not in result.contract()  # real files: the CLI JSON of issue 5
    flagged = result.model_copy(update={"example_data": True}).contract()
    assert flagged["example_data"] is True
