"""Every page, visited in Chromium: offline (nothing from another host, no failed request of
its own) and usable on a 360 px phone (no horizontal scrolling of the page).

The list comes from the app's route table (tests/browser/routes.py); routes it cannot visit
are reported by ``test_routes_we_cannot_visit_are_named``. Organisation pages (/o/{org}/...)
are visited logged in as the administrator of an organisation with data.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Request, Response
from tests.browser.routes import ORG, PAGES, SKIPPED, for_org

PHONE = {"width": 360, "height": 740}


@contextmanager
def visitor(
    browser: Browser, live_server: str, url: str, admin: tuple[str, dict[str, Any]], **options: Any
) -> Iterator[tuple[Page, str]]:
    """A fresh page for ``url`` (logged in as the organisation's administrator when it is an
    organisation page) and the URL to open; fails on any request that leaves 127.0.0.1."""
    slug, state = admin
    if ORG in url:
        options["storage_state"] = state
    context = browser.new_context(base_url=live_server, locale="nl-NL", **options)
    page = context.new_page()
    outside: list[str] = []

    def watch(request: Request) -> None:
        if not request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            outside.append(request.url)

    page.on("request", watch)
    try:
        yield page, for_org(url, slug)
    finally:
        context.close()
    assert not outside, f"{url} asked the internet for: {outside}"


def test_the_route_table_gives_the_pages() -> None:
    assert "/api/docs" in PAGES
    assert "/" in PAGES and "/maatregelen" in PAGES
    assert "/o/{org}/analyse/dashboard" in PAGES and "/o/{org}/beheer" in PAGES


@pytest.mark.parametrize("path", sorted(SKIPPED))
def test_routes_we_cannot_visit(path: str) -> None:
    # Shown as SKIPPED in the summary (-ra), so nobody believes these were checked.
    pytest.skip(f"not visited: {path} ({SKIPPED[path]})")


@pytest.mark.parametrize("url", PAGES)
def test_page_works_offline(
    browser: Browser, live_server: str, admin_session: tuple[str, dict[str, Any]], url: str
) -> None:
    """No request leaves 127.0.0.1; we also wait until the page is quiet and require every
    request to our own origin to succeed."""
    failed: list[str] = []
    with visitor(browser, live_server, url, admin_session) as (page, target):

        def check(response: Response) -> None:
            # The page itself may answer 404 (the error page); what it loads may not.
            ours = response.url.startswith(live_server) and response.url != live_server + target
            if ours and response.status >= 400:
                failed.append(f"{response.status} {response.url}")

        page.on("response", check)
        response = page.goto(target, wait_until="networkidle")
        assert response is not None and response.status < 500, target
        if ORG in url:
            assert "/login" not in page.url, f"{target}: not logged in"
        if url.startswith("/api/docs"):
            # The reference really lists the operations of the OpenAPI document.
            assert page.locator("article.operation").count() >= 10
        assert not failed, f"{target}: {failed}"


@pytest.mark.parametrize("url", PAGES)
def test_page_fits_a_360px_phone(
    browser: Browser, live_server: str, admin_session: tuple[str, dict[str, Any]], url: str
) -> None:
    phone = {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True}
    with visitor(browser, live_server, url, admin_session, **phone) as (page, target):
        page.goto(target, wait_until="networkidle")
        if ORG in url:
            assert "/login" not in page.url, f"{target}: not logged in"
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > 361)
                .filter(e => !e.closest('.scroll-box, .map-scroll, .table-scroll'))
                .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
        )
        assert width <= PHONE["width"], f"{target} is {width} px wide; too wide: {wide}"
