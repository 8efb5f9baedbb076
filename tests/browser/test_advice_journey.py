"""A visitor walks the advice wizard, goes back and forth, and prints the result."""

from __future__ import annotations

from io import BytesIO

from playwright.sync_api import Page, expect
from pypdf import PdfReader
from tests.browser.conftest import axe_violations


def test_wizard_to_printed_result(page: Page, live_server: str) -> None:
    page.goto("/advies")
    assert axe_violations(page) == []

    # Step 1: the organisation.
    page.select_option("#sector", "Q")
    page.get_by_label("100+").check()
    page.get_by_role("button", name="Volgende").click()

    # Step 2: the staff, as percentages.
    expect(page.get_by_role("heading", level=2)).to_contain_text("Uw personeel")
    page.fill("#share_practical_pct", "70")
    page.fill("#share_home_work_pct", "0")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Volgende").click()

    # Step 3: concern and risks; then back to step 2 and forward again keeps every answer.
    page.get_by_label("Lichamelijke klachten").check()
    page.get_by_label("Fysieke belasting").check()
    page.get_by_label("Ploegen- en nachtwerk").check()
    page.get_by_label("Ja, via de bedrijfsarts", exact=False).check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Vorige").click()
    expect(page.locator("#share_practical_pct")).to_have_value("70")
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_label("Fysieke belasting")).to_be_checked()
    expect(page.get_by_label("Ja, via de bedrijfsarts", exact=False)).to_be_checked()
    page.get_by_role("button", name="Volgende").click()

    # Step 4: what the organisation already has.
    page.get_by_label("Bedrijfsarts", exact=False).first.check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Toon mijn advies").click()

    # The result: shareable URL with the answers, a ranked package with evidence labels.
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw advies")
    assert "/advies/resultaat?" in page.url and "sector=Q" in page.url
    assert "risks=physical_load" in page.url and "workers_at_risk=true" in page.url
    expect(page.locator("li.measure").first).to_be_visible()
    expect(page.locator(".label.practice_based").first).to_contain_text("niet bewezen")
    # Page one: the review conclusion with its named interventions, linked to its page.
    start = page.locator("section.start-page")
    expect(
        start.get_by_text("Gerichte interventies voor werkenden met verhoogd risico")
    ).to_be_visible()
    expect(
        start.get_by_role("link", name="Cognitieve gedragstherapie", exact=False)
    ).to_be_visible()
    # The full package and the reasons sit behind a collapsed <details>.
    expect(page.locator("li.measure-full").first).to_be_hidden()
    page.locator("details.appendix > summary").click()
    expect(page.locator("li.measure-full").first).to_be_visible()
    assert axe_violations(page) == []

    # Printed: the buttons and navigation disappear, the advice stays.
    page.emulate_media(media="print")
    expect(page.locator(".actions")).to_be_hidden()
    expect(page.locator("header.site nav")).to_be_hidden()
    expect(page.locator("li.measure").first).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    # Printed, the whole advice (the appendix opened for print) fits four A4 pages and page
    # one is the start page.
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) <= 4
    first = reader.pages[0].extract_text()
    assert "Waar u begint" in first and "Bijlage" not in first
    assert "Bijlage" in reader.pages[1].extract_text()

    # The shared link gives the same advice in a fresh page.
    shared = page.url
    page.emulate_media(media="screen")
    page.goto(shared)
    expect(page.locator("li.measure").first).to_be_visible()


def test_bad_link_is_a_clear_page(page: Page, live_server: str) -> None:
    response = page.goto("/advies/resultaat?sector=Z&risks=stress")
    assert response is not None and response.status == 422
    expect(page.get_by_role("alert")).to_contain_text("psychosocial_load")
    assert axe_violations(page) == []
