"""Journeys through the Kennisbank in Chromium: filter and go back, map cell, actors, language."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect


def test_filter_open_a_measure_and_go_back_with_filters_kept(page: Page) -> None:
    page.goto("/maatregelen")
    page.get_by_label(re.compile("^Lichamelijke klachten")).check()
    expect(page).to_have_url(re.compile(r"absence_type=physical"))
    page.get_by_label(re.compile("^Praktisch opgeleid")).check()
    expect(page).to_have_url(re.compile(r"absence_type=physical&worker_type=practical"))
    heading = page.locator("#results-heading")
    expect(heading).to_contain_text("resultaten")
    first = page.locator("ol.hits li.hit h3 a").first
    title = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(title)
    page.go_back()
    expect(page).to_have_url(re.compile(r"absence_type=physical&worker_type=practical"))
    expect(page.locator("#f-absence_type-physical")).to_be_checked()
    expect(page.locator("#f-worker_type-practical")).to_be_checked()
    # One click removes a selected value.
    page.locator("ul.chips a", has_text="Praktisch opgeleid").click()
    expect(page).to_have_url(re.compile(r"absence_type=physical$"))
    expect(page.locator("#f-worker_type-practical")).not_to_be_checked()


def test_text_search_highlights_and_explains(page: Page) -> None:
    page.goto("/maatregelen")
    page.get_by_label("Zoek een maatregel").fill("werkdruk")
    page.get_by_role("button", name="Zoeken").click()
    expect(page).to_have_url(re.compile(r"q=werkdruk"))
    expect(page.locator("ol.hits mark").first).to_be_visible()
    # Why a record matched, without a raw score (it would read as a rating).
    expect(page.locator("details.why summary").first).to_contain_text("Waarom dit resultaat")
    expect(page.locator("ol.hits")).not_to_contain_text("Score")


def test_keyboard_only_reaches_a_filter_and_a_result(page: Page) -> None:
    page.goto("/maatregelen")

    def tab_until(selector: str, limit: int = 250) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_until("#q")
    tab_until("#f-absence_type-mental")
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"absence_type=mental"))
    expect(page.locator("#f-absence_type-mental")).to_be_checked()
    tab_until("ol.hits a")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))


def test_search_works_without_javascript(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/maatregelen")
        page.locator("#f-absence_type-mental").check()
        page.get_by_role("button", name="Filters toepassen").click()
        expect(page).to_have_url(re.compile(r"absence_type=mental"))
        expect(page.locator("#f-absence_type-mental")).to_be_checked()
    finally:
        context.close()


def test_gap_map_cell_opens_its_list(page: Page) -> None:
    page.goto("/kaart")
    cell = page.locator("td.cell.practice_only a").first
    count = int(cell.locator(".bubble").inner_text().replace("+R", "").strip())
    cell.click()
    expect(page).to_have_url(re.compile(r"/maatregelen\?absence_type=\w+&category=\w+"))
    expect(page.locator("ol.hits li.hit.practice_based")).to_have_count(count)
    page.goto("/kaart")
    page.get_by_label("Splits de kolommen naar").select_option("worker_type")
    page.get_by_role("button", name="Toon").click()
    expect(page).to_have_url(re.compile(r"second=worker_type"))
    expect(page.locator("table.gapmap thead th[scope=colgroup]").first).to_be_visible()


def test_actor_search_ranks_the_occupational_hygienist_first(page: Page) -> None:
    page.goto("/wie-doet-wat")
    page.get_by_label("Wie kan helpen met ...").fill("gevaarlijke stoffen")
    page.get_by_label("Wie kan helpen met ...").press("Enter")
    expect(page).to_have_url(re.compile(r"q=gevaarlijke"))
    first = page.locator("ol.actors li.actor").first
    expect(first).to_have_attribute("id", "arbeidshygienist")
    expect(first.locator(".badge.core")).to_be_visible()
    expect(first.locator("mark").first).to_be_visible()


def test_language_switch_covers_interface_and_content(page: Page) -> None:
    page.goto("/maatregelen/gp-b11-01")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Online RI&E tool for construction sites")
    expect(page.locator(".evidence-box")).to_contain_text("has not been independently evaluated")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Measures").click()
    expect(page.locator("h1")).to_have_text("Measures")
    page.get_by_role("link", name="Nederlands").click()
    expect(page.locator("h1")).to_have_text("Maatregelen")


def test_home_leads_to_each_kind_of_user(page: Page) -> None:
    page.goto("/")
    expect(page.locator("article.way")).to_have_count(4)
    page.locator(".figures-grid a").first.click()
    # The first tile counts the good practices and opens exactly those.
    expect(page).to_have_url(re.compile(r"/maatregelen\?evidence=practice_based$"))
    page.goto("/kennislacunes")
    page.locator("ol.gaps a").first.click()
    expect(page).to_have_url(re.compile(r"/maatregelen\?"))
    page.goto("/verzuimmodel")
    expect(page.locator("li.part")).to_have_count(4)
    page.goto("/perspectieven")
    expect(page.locator("ul.persp li").first).to_be_visible()
