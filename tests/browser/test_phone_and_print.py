"""How the pages behave on a 360 px phone, on paper, and when a reader shares what they see."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.browser.routes import ORG, for_org

PHONE = {"width": 360, "height": 740}
A4_WIDTH = 794  # CSS pixels of an A4 page at 96 dpi


@pytest.fixture()
def phone(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server, viewport=PHONE, is_mobile=True, locale="nl-NL"
    )
    yield context.new_page()
    context.close()


def test_results_come_first_and_filters_fold_on_a_phone(phone: Page) -> None:
    phone.goto("/maatregelen")
    facets = phone.locator("details#facets")
    expect(facets).not_to_have_attribute("open", "")
    summary = facets.locator("summary")
    expect(summary).to_contain_text("89 resultaten")
    heading = phone.locator("#results-heading")
    box = heading.bounding_box()
    assert box is not None and box["y"] + box["height"] < PHONE["height"], box
    summary.click()
    phone.locator("#f-absence_type-mental").check()  # HTMX swaps the results in
    expect(phone).to_have_url(re.compile(r"absence_type=mental"))
    expect(phone.locator("details#facets")).to_have_attribute("open", "")
    expect(phone.locator("details#facets summary")).not_to_contain_text("89 resultaten")


def test_gap_map_row_labels_stay_when_scrolled_sideways(phone: Page) -> None:
    phone.goto("/kaart?second=worker_type")
    scroller = phone.locator(".map-scroll")
    label = phone.locator("table.gapmap tbody th").first
    before = label.bounding_box()
    scroller.evaluate("el => el.scrollBy(400, 0)")
    after = label.bounding_box()
    assert before is not None and after is not None
    assert abs(after["x"] - before["x"]) < 2, (before, after)
    assert scroller.evaluate("el => el.scrollLeft") > 0


@pytest.mark.parametrize(
    "url",
    [
        "/maatregelen?q=werkdruk",
        "/kaart",
        "/advies/resultaat?sector=Q&size_class=100%2B&concern=mental",
        "/o/{org}/analyse/dashboard?from=2024-01-01&to=2024-12-31",
    ],
)
def test_print_gives_a4_pages_without_menus(
    browser: Browser, live_server: str, admin_session: tuple[str, dict[str, Any]], url: str
) -> None:
    slug, state = admin_session
    context = browser.new_context(
        base_url=live_server,
        viewport={"width": A4_WIDTH, "height": 1123},
        storage_state=state if ORG in url else None,
    )
    page = context.new_page()
    try:
        response = page.goto(for_org(url, slug))
        assert response is not None and response.status == 200, url
        page.emulate_media(media="print")
        expect(page.locator("header.site nav")).to_be_hidden()
        assert page.evaluate("document.documentElement.scrollWidth") <= A4_WIDTH
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
    finally:
        context.close()


def test_copy_link_puts_the_address_on_the_clipboard(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, locale="nl-NL")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    try:
        page.goto("/maatregelen?q=werkdruk&level=environment")
        page.get_by_role("button", name="Kopieer link").click()
        expect(page.locator("#share-status")).to_have_text("Link gekopieerd")
        assert page.evaluate("navigator.clipboard.readText()") == page.url
    finally:
        context.close()


def test_menu_leads_to_the_knowledge_gaps(page: Page) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Kennislacunes"
    ).click()
    expect(page).to_have_url(re.compile(r"/kennislacunes$"))
    expect(page.get_by_role("link", name="CSV")).to_have_attribute("href", "/data/gaps.csv")
