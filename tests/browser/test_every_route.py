"""Every page, visited in Chromium: offline (nothing from another host, no failed request of
its own) and usable on a 360 px phone (no horizontal scrolling of the page).

The list comes from the app's route table (tests/browser/routes.py); routes it cannot visit
are reported by ``test_routes_we_cannot_visit_are_named``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, Response
from tests.browser.routes import PAGES, SKIPPED

PHONE = {"width": 360, "height": 740}


def test_the_route_table_gives_the_pages() -> None:
    assert "/api/docs" in PAGES
    assert "/" in PAGES and "/maatregelen" in PAGES


@pytest.mark.parametrize("path", sorted(SKIPPED))
def test_routes_we_cannot_visit(path: str) -> None:
    # Shown as SKIPPED in the summary (-ra), so nobody believes these were checked.
    pytest.skip(f"not visited: {path} ({SKIPPED[path]})")


@pytest.mark.parametrize("url", PAGES)
def test_page_works_offline(page: Page, live_server: str, url: str) -> None:
    """The ``page`` fixture fails on any request that leaves 127.0.0.1; here we also wait
    until the page is quiet and require every request to our own origin to succeed."""
    failed: list[str] = []

    def check(response: Response) -> None:
        # The page itself may answer 404 (the error page); what it loads may not.
        ours = response.url.startswith(live_server) and response.url != live_server + url
        if ours and response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    page.on("response", check)
    page.goto(url, wait_until="networkidle")
    assert not failed, f"{url}: {failed}"
    if url.startswith("/api/docs"):
        # Swagger UI really drew the operations from the OpenAPI document.
        page.wait_for_selector(".opblock-tag", timeout=15000)
        assert page.locator(".opblock-tag").count() >= 3


@pytest.mark.parametrize("url", PAGES)
def test_page_fits_a_360px_phone(browser: Browser, live_server: str, url: str) -> None:
    context = browser.new_context(
        base_url=live_server, viewport=PHONE, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    try:
        page.goto(url, wait_until="networkidle")
        if url.startswith("/api/docs"):
            page.wait_for_selector(".opblock-tag", timeout=15000)
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > 361)
                .filter(e => !e.closest('.scroll-box, .map-scroll, .table-scroll'))
                .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
        )
        assert width <= PHONE["width"], f"{url} is {width} px wide; too wide: {wide}"
    finally:
        context.close()
