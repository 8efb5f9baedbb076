"""Every page works under the Content-Security-Policy: real Chromium, no violation anywhere.

The pages to visit come from the app's route table: a new GET route is visited (or has to be
named below with the reason it is not a page). Violations are caught twice: the page's own
``securitypolicyviolation`` events and Chromium's "Refused to ..." console errors.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.routing import iter_route_contexts
from playwright.sync_api import ConsoleMessage, Page, expect
from tests.analytics.helpers import employees_csv, fillers, spells_csv
from tests.browser.conftest import log_in_page, member_of_new_org
from tests.browser.routes import DOWNLOAD_SUFFIXES, EXAMPLE_PRACTICE

from verzuim.store.tenancy import Role
from verzuim.web.app import create_app

# GET routes that are not pages a visitor opens in a browser tab.
NOT_PAGES = {
    "/advies/export": "a download (Content-Disposition: attachment)",
}
# Pages that need a query or a path value to show their real content.
URLS = {
    "/maatregelen/{measure_id}": "/maatregelen/{first_measure}",
    "/o/{org}/analyse/import/{job_id}": "/o/{org}/analyse/import/no-such-job",  # error page
    "/advies": "/advies?step=2&sector=F",
    "/r/{code}": "/r/no-such-code",  # the answering page's "unknown code" state
    "/o/{org}/balans/{round}": "/o/{org}/balans/999999",  # not found: the error page
    "/o/{org}/balans/{round}/codes": "/o/{org}/balans/999999/codes",
    "/o/{org}/balans/{round}/opmerkingen": "/o/{org}/balans/999999/opmerkingen",
    "/advies/resultaat": "/advies/resultaat?sector=F&concern=physical&risks=physical_load",
    "/o/{org}/analyse/dashboard": "/o/{org}/analyse/dashboard?from=2024-01-01&to=2024-12-31",
    "/gedeelde-praktijken/{practice_id}": f"/gedeelde-praktijken/{EXAMPLE_PRACTICE}",
    # no such measure: the error page (the plan journey checks the real ones)
    "/o/{org}/plan/{measure}": "/o/{org}/plan/999999",
    "/o/{org}/plan/{measure}/effect": "/o/{org}/plan/999999/effect",
    "/o/{org}/plan/{measure}/record": "/o/{org}/plan/999999/record",
}
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
                    ' at ' + e.sourceFile + ':' + e.lineNumber);
});
"""
EMPS = [*fillers(6, "Productie"), *[(f"k{i}", "Kantoor", 0.5, "2018-01-01", "") for i in range(5)]]
SPELLS = [
    ("f0", "s1", "2024-01-10", "2024-01-30", 100, "sick"),
    ("k2", "s2", "2024-09-01", "", 100, "sick"),
]


def page_urls() -> list[str]:
    """Every GET page of the app (routes in the OpenAPI document are data, not pages)."""
    urls = []
    for route in iter_route_contexts(create_app().routes):
        path = route.path
        if path is None or "GET" not in (route.methods or ()) or path in NOT_PAGES:
            continue
        if path.endswith(DOWNLOAD_SUFFIXES):
            continue  # files, not pages (CSV, XLSX, PDF, images, stylesheets, JSON)
        if getattr(route.original_route, "include_in_schema", False):
            continue  # the JSON API and documented downloads
        plain = path.replace("{org}", "")
        assert "{" not in plain or path in URLS, f"name a URL for {path} in URLS"
        urls.append(URLS.get(path, path))
    return urls


class Violations:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(WATCH)
        page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        text = message.text
        if "Content Security Policy" in text or text.startswith("Refused to"):
            self.console.append(text)

    def collect(self) -> list[str]:
        found = [*self.page.evaluate("window.__csp || []"), *self.console]
        self.console.clear()
        self.page.evaluate("window.__csp = []")
        return found


def test_the_watch_sees_a_violation(page: Page) -> None:
    """The detector itself works: markup with a style attribute is refused and reported."""
    watch = Violations(page)
    page.goto("/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_timeout(200)
    assert any("style" in v for v in watch.collect())


def test_every_page_works_under_the_csp(
    page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An administrator of a new organisation sees every organisation page.
    slug, admin = member_of_new_org(Role.ADMIN)
    log_in_page(page, admin, next_url=f"/o/{slug}")
    watch = Violations(page)
    problems: dict[str, list[str]] = {}

    def check(label: str) -> None:
        page.wait_for_load_state("networkidle")
        found = watch.collect()
        if found:
            problems[label] = found

    # Store data through the page's own form: the CSRF field must work in a real browser.
    employees = tmp_path / "werknemers.csv"
    employees.write_bytes(employees_csv(EMPS))
    spells = tmp_path / "verzuim.csv"
    spells.write_bytes(spells_csv(SPELLS))
    page.goto(f"/o/{slug}/analyse")
    page.get_by_label("Werknemersbestand").set_input_files(str(employees))
    page.get_by_label("Verzuimbestand").set_input_files(str(spells))
    page.get_by_role("button", name="Controleren en opslaan").click()
    expect(page.get_by_role("heading", name="Opgeslagen")).to_be_visible()
    check("upload")
    page.goto(f"/o/{slug}/analyse")
    page.locator("#s-sector").select_option("F")
    page.locator(f"form[action='/o/{slug}/analyse/settings'] button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()
    assert "403" not in page.content()
    check("settings form")

    first = page.request.get("/api/maatregelen").json()["hits"][0]["id"]
    urls = [u.replace("{first_measure}", first).replace("{org}", slug) for u in page_urls()]
    assert len(urls) >= 14 and "/api/docs" in urls
    for url in [*urls, "/no-such-page", "/maatregelen?lang=en"]:
        response = page.goto(url)
        assert response is not None and response.status < 500, url
        check(url)

    # htmx swaps (search results, actor filter) stay within the policy too.
    page.goto("/maatregelen?lang=nl")
    page.get_by_label(re.compile("^Lichamelijke klachten")).check()
    expect(page).to_have_url(re.compile(r"absence_type=physical"))
    check("htmx filter")
    page.goto("/advies/resultaat?sector=F&concern=physical&risks=physical_load")
    expect(page.locator("button[data-print]")).to_be_visible()
    check("print button")

    assert problems == {}
