"""The explained dashboard on a 390 px phone: no horizontal scrolling of the page (the team
table scrolls inside its own box), sorting and the level choice work with htmx, axe-clean."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect
from tests.browser.conftest import axe_violations, import_into, log_in_page, member_of_new_org

from verzuim.store.tenancy import Role

PHONE = {"width": 390, "height": 844}
UNITS = [
    "Productie/Hal 1 Plaatbewerking",
    "Productie/Hal 2 Assemblage en eindcontrole van zware machines",
    "Kantoor/Financiën en administratie",
    "Kantoor/Personeelszaken",
    "Buitendienst",
]
EMPS = [
    (f"u{i}e{j}", unit, 1.0, "2018-01-01", "") for i, unit in enumerate(UNITS) for j in range(6 + i)
]
SPELLS = [
    (f"u{i}e{j}", f"s{i}-{j}", f"2024-{m:02d}-03", f"2024-{m:02d}-{4 + 4 * i:02d}", 100, "sick")
    for i in range(len(UNITS))
    for j in range(3)
    if (m := 1 + i + j)
]


def test_dashboard_on_a_phone_sorts_and_compares_levels(browser: Browser, live_server: str) -> None:
    slug, email = member_of_new_org(Role.ANALYST)
    import_into(slug, EMPS, SPELLS)
    context = browser.new_context(
        base_url=live_server, viewport=PHONE, is_mobile=True, locale="nl-NL"
    )
    page = context.new_page()
    try:
        url = f"/o/{slug}/analyse/dashboard?from=2024-01-01&to=2024-12-31"
        log_in_page(page, email, next_url=url)
        expect(page.locator("#h-team")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], width
        section = page.locator("#team")
        # level 1 by default: Kantoor, Productie, Buitendienst
        expect(section.locator("tbody th")).to_have_count(3)
        section.get_by_label("Niveau").select_option("2")  # htmx swaps the section in
        expect(page).to_have_url(re.compile(r"level=2"))
        expect(section.locator("tbody th")).to_have_count(4)
        page.locator("#team thead a", has_text="Afdeling").click()
        expect(page).to_have_url(re.compile(r"sort=unit&order=asc"))
        expect(page.locator("#team tbody th").first).to_have_text(UNITS[2])
        page.locator("#team thead a", has_text="Afdeling").click()
        expect(page).to_have_url(re.compile(r"sort=unit&order=desc"))
        expect(page.locator("#team tbody th").first).to_have_text(UNITS[1])
        # the page itself never scrolls sideways; the table may, inside its own box
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], width
        box = page.locator("#team .table-wrap").bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
        # the top-N chart carries the full unit name (wrapped: a <tspan> per line)
        labels = page.locator("#team figure svg").first.evaluate(
            "svg => Array.from(svg.querySelectorAll('text')).map(t => t.querySelector('tspan')"
            " ? Array.from(t.querySelectorAll('tspan')).map(s => s.textContent).join(' ')"
            " : t.textContent)"
        )
        assert UNITS[1] in labels, labels
        assert axe_violations(page) == []
    finally:
        context.close()
