"""axe-core on every page of the site: no serious or critical WCAG 2.1 A/AA violation.

The list is built from the app's routes, so a page another area adds is checked too. Routes
with path parameters get sample ids; pages that answer with something other than HTML
(downloads, stylesheets) are skipped. Organisation pages (/o/{org}/...) are checked logged in
as the administrator of an organisation with data.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from tests.browser.conftest import axe_violations
from tests.browser.routes import ORG, all_routes, for_org

from verzuim.web.app import create_app

SAMPLE_PARAMS = {
    "{measure_id}": ["gp-b11-01", "gp-b12-03", "es-multi-level", "ev-physical"],
    "{job_id}": ["no-such-job"],
}
SKIP_PREFIXES = ("/api", "/static", "/docs")
EXTRA = [
    "/maatregelen?q=rugklachten&absence_type=physical",
    "/maatregelen?q=stress+xyzzy",
    "/maatregelen?absence_type=nope",
    "/kaart?second=worker_type",
    "/kaart?second=level",
    "/wie-doet-wat?q=gevaarlijke+stoffen",
    "/?lang=en",
    "/maatregelen?lang=en&category=exercise",
    "/bestaat-niet",
    "/api/docs",
    "/o/{org}/analyse/dashboard?from=2024-01-01&to=2024-12-31",
]


def site_pages() -> list[str]:
    pages: list[str] = []
    for route in all_routes(create_app().routes):
        path = getattr(route, "path", None)
        methods = getattr(route, "methods", None) or set()
        if not path or "GET" not in methods or path.startswith(SKIP_PREFIXES):
            continue
        if path.endswith((".css", ".js", ".csv", ".svg", ".png", ".pdf", ".json", ".xlsx")):
            continue
        expanded = [path]
        for placeholder, samples in SAMPLE_PARAMS.items():
            expanded = (
                [p.replace(placeholder, s) for p in expanded for s in samples]
                if placeholder in path
                else expanded
            )
        pages += [p for p in expanded if "{" not in p.replace(ORG, "")]
    return sorted(set(pages)) + EXTRA


@pytest.mark.parametrize("url", site_pages())
def test_no_serious_axe_violations(
    page: Page,
    browser: Browser,
    live_server: str,
    admin_session: tuple[str, dict[str, Any]],
    url: str,
) -> None:
    slug, state = admin_session
    if ORG in url:
        context = browser.new_context(base_url=live_server, locale="nl-NL", storage_state=state)
        visit = context.new_page()
    else:
        context, visit = None, page
    try:
        response = visit.goto(for_org(url, slug))
        assert response is not None
        if ORG in url:
            assert "/login" not in visit.url, f"{url}: not logged in"
        if "text/html" not in response.headers.get("content-type", ""):
            pytest.skip(f"{url} is not an HTML page")
        violations = axe_violations(visit)
    finally:
        if context is not None:
            context.close()
    summary = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert not violations, f"{url}: {summary}"
