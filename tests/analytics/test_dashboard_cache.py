"""The dashboard page's figures are rendered once and kept beside the cached result
(web/analytics.py dashboard_page): per language, URL and role, and never with anything of
one visitor (the CSRF token, the e-mail address) in what another visitor gets."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.analytics.test_web import PERIOD, _upload
from tests.conftest import OrgClient, add_member, app_database, log_in
from verzuim.store import organisations
from verzuim.store.tenancy import Role
from verzuim.web import analytics as web_analytics

OTHER_TOKEN = "other-visitor-csrf-token-0123456789abcdefgh"
URL = f"/analyse/dashboard?{PERIOD}"


@pytest.fixture()
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The templates rendered by the dashboard page (each call is a cache miss)."""
    calls: list[str] = []
    real = web_analytics.render_fragment

    def counting(request: Any, template: str, context: dict[str, Any]) -> Any:
        calls.append(template)
        return real(request, template, context)

    monkeypatch.setattr(web_analytics, "render_fragment", counting)
    return calls


@contextmanager
def _visitor(web: OrgClient, role: Role, units: tuple[str, ...] = ()) -> Iterator[TestClient]:
    """Another member of ``web``'s organisation, logged in with a browser of its own."""
    db = app_database(web)
    with db.public() as session:
        org = organisations.by_slug(session, web.org)
        assert org is not None
        org_id = org.id
    email = f"{role.value}-{len(units)}-{web.org}@example.nl"
    add_member(web, org_id, web.org, email, role, units)
    client = TestClient(web.app, base_url="http://testserver")
    client.cookies.set("csrf", OTHER_TOKEN)
    client.headers["X-CSRF-Token"] = OTHER_TOKEN
    log_in(client, email)
    yield client
    client.close()


def test_a_repeated_view_renders_nothing_and_each_language_renders_once(
    web: OrgClient, renders: list[str]
) -> None:
    _upload(web)
    dutch = web.get(URL)
    assert web.get(URL).text == dutch.text
    english = web.get(URL + "&lang=en")
    assert web.get(URL + "&lang=en").text == english.text
    assert renders == ["_dashboard_figures.html"] * 2  # one per language, not per request
    assert "Kerncijfers" in dutch.text and "Kerncijfers" not in english.text
    assert "Key figures" in english.text and '<html lang="en">' in english.text
    # ?lang=en left the language cookie: the same URL is now English, rendered for that.
    assert "Key figures" in web.get(URL).text and len(renders) == 3
    web.cookies.delete("lang")
    assert "Kerncijfers" in web.get(URL).text and len(renders) == 3  # Dutch, from the cache


def test_another_visitor_gets_the_cached_figures_with_only_their_own_token(
    web: OrgClient, renders: list[str]
) -> None:
    _upload(web)
    first = web.get(URL)
    assert "test-csrf-token-" in first.text  # the page carries the visitor's token (htmx)
    with _visitor(web, Role.ANALYST) as other:
        page = other.get(f"/o/{web.org}/analyse/dashboard?{PERIOD}")
        assert page.status_code == 200 and renders == ["_dashboard_figures.html"]
        assert OTHER_TOKEN in page.text
        assert "test-csrf-token-" not in page.text
        assert "analyst-" not in page.text  # no e-mail address of either visitor
        fragment = other.get(
            f"/o/{web.org}/analyse/dashboard?{PERIOD}&level=1",
            headers={"HX-Request": "true", "HX-Target": "team"},
        )
        assert fragment.status_code == 200 and fragment.text.lstrip().startswith(
            '<section id="team"'
        )
        assert "test-csrf-token-" not in fragment.text


def test_a_manager_and_a_viewer_never_get_the_analysts_figures(
    web: OrgClient, renders: list[str]
) -> None:
    _upload(web)
    analyst = web.get(URL).text
    assert "Productie" in analyst and "/chart/trend.png" in analyst
    with _visitor(web, Role.MANAGER, ("Kantoor",)) as manager:
        page = manager.get(f"/o/{web.org}/analyse/dashboard?{PERIOD}").text
        assert "Kantoor" in page and "Productie" not in page
    with _visitor(web, Role.VIEWER) as viewer:
        page = viewer.get(f"/o/{web.org}/analyse/dashboard?{PERIOD}").text
        assert "Productie" in page and "/chart/trend.png" not in page  # viewers may not export
    assert len(renders) == 3
