"""Browser journeys of a first visit: try the analysis with example data; map an unusual
export's columns in the page."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from tests.browser.conftest import axe_violations, log_in_page, member_of_new_org

from verzuim.store.tenancy import Role

UNUSUAL = (
    "Nummer;Naam;Groep;Factor;Begonnen;Gestopt\r\n"
    + "".join(f"A-{i};Persoon {i};Bouw;1,0;01-01-2020;\r\n" for i in range(1, 7))
    + "A-7;Persoon 7;Kantoor;0,8;15-06-2019;31-12-2024\r\n"
)


def test_first_visit_with_example_data(page: Page) -> None:
    page.goto("/analyse")
    expect(page.get_by_role("heading", name="Probeer met voorbeeldgegevens")).to_be_visible()
    expect(page.get_by_role("link", name="voorbeeld-werknemers.csv")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Probeer met voorbeeldgegevens").click()
    expect(page).to_have_url(re.compile(r"/login"))
    _slug, email = member_of_new_org(Role.ANALYST)
    log_in_page(page, email, next_url="/analyse")
    page.goto("/analyse")
    # Generous: the first dashboard of a process starts the chart engine (on a loaded
    # machine that alone can take many seconds); this waits for a page, it times nothing.
    page.get_by_role("button", name="Probeer met voorbeeldgegevens").click(timeout=180_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzuimoverzicht")
    assert "/o/voorbeeld-" in page.url
    banner = page.get_by_role("note")
    expect(banner).to_contain_text("Verzonnen voorbeeldgegevens")
    assert axe_violations(page) == []
    # every page of the demo organisation carries the banner
    page.goto(page.url.split("/analyse")[0] + "/analyse")
    expect(page.get_by_role("note")).to_contain_text("verzonnen")


def test_mapping_an_unusual_export_in_the_page(page: Page, tmp_path: Path) -> None:
    export = tmp_path / "hr-export.csv"
    export.write_text(UNUSUAL, encoding="utf-8")
    slug, email = member_of_new_org(Role.ANALYST)
    log_in_page(page, email, next_url=f"/o/{slug}/analyse")
    page.get_by_label("Werknemersbestand").set_input_files(str(export))
    page.get_by_role("button", name="Controleren en opslaan").click()
    expect(page.get_by_role("heading", name="Welke kolom is wat?")).to_be_visible()
    expect(
        page.get_by_role("region", name="Uw kolommen met de eerste waarden: hr-export.csv")
    ).to_contain_text("A-1 · A-2 · A-3")
    assert axe_violations(page) == []
    page.get_by_label("Personeelsnummer").select_option("0")
    page.get_by_label("Afdeling of team").select_option("2")
    page.get_by_label("Deeltijdfactor (0-1)").select_option("3")
    page.get_by_label("Datum in dienst").select_option("4")
    page.get_by_label("Datum uit dienst").select_option("5")
    page.get_by_role("button", name="Met deze kolommen controleren en opslaan").click()
    expect(page.get_by_role("heading", name="Opgeslagen")).to_be_visible()
    expect(page.locator("#import-status")).to_contain_text("we bewaren geen namen")
    # the choice is remembered and shown on the upload page
    page.goto(f"/o/{slug}/analyse")
    expect(page.locator("#remembered-columns")).to_contain_text("Nummer")
