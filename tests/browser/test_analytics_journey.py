"""Browser journey: upload an export, read the validation report, fix it, see the dashboard."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect
from tests.analytics.helpers import employees_csv, fillers, spells_csv
from tests.browser.conftest import axe_violations, log_in_page, member_of_new_org

from verzuim.store.tenancy import Role

EMPS = [*fillers(6, "Productie"), *[(f"k{i}", "Kantoor", 0.5, "2018-01-01", "") for i in range(5)]]
GOOD = [
    ("f0", "s1", "2024-01-10", "2024-01-30", 100, "sick"),
    ("f0", "s1", "2024-01-31", "2024-02-20", 50, "sick"),
    ("k2", "s2", "2024-09-01", "", 100, "sick"),
]
BAD = [
    ("f0", "s1", "2024-01-10", "2024-01-30", 100, "sick"),
    ("zz", "s9", "31-02-2024", "", 0, "x"),
]


def test_upload_report_fix_and_dashboard(page: Page, tmp_path: Path) -> None:
    employees = tmp_path / "werknemers.csv"
    employees.write_bytes(employees_csv(EMPS))
    bad = tmp_path / "verzuim-fout.csv"
    bad.write_bytes(spells_csv(BAD))
    good = tmp_path / "verzuim.csv"
    good.write_bytes(spells_csv(GOOD))

    slug, email = member_of_new_org(Role.ANALYST)
    log_in_page(page, email, next_url=f"/o/{slug}/analyse")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzuimanalyse")
    assert axe_violations(page) == []

    page.get_by_label("Werknemersbestand").set_input_files(str(employees))
    page.get_by_label("Verzuimbestand").set_input_files(str(bad))
    page.get_by_role("button", name="Controleren en opslaan").click()
    expect(page.get_by_role("heading", name="Niet opgeslagen")).to_be_visible()
    # The report groups the problems by kind, each with its first rows in a table.
    report = page.locator("#import-status")
    expect(report).to_contain_text("verzuim-fout.csv")
    expect(page.get_by_role("region", name="Geen datum")).to_contain_text("31-02-2024")
    expect(page.get_by_role("region", name="Onbekende werknemer")).to_contain_text("zz")
    expect(page.get_by_role("heading", name="Geen datum: 1 keer")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Terug naar uploaden").click()
    page.get_by_label("Werknemersbestand").set_input_files(str(employees))
    page.get_by_label("Verzuimbestand").set_input_files(str(good))
    page.get_by_role("button", name="Controleren en opslaan").click()
    expect(page.get_by_role("heading", name="Opgeslagen")).to_be_visible()
    page.get_by_role("link", name="Naar het overzicht").click()

    page.get_by_label("Van", exact=True).fill("2024-01-01")
    page.get_by_label("Tot en met", exact=True).fill("2024-12-31")
    page.get_by_role("form", name="Periode en vergelijking kiezen").get_by_role(
        "button", name="Tonen"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzuimoverzicht")
    # trend, frequency, duration classes, top-N units and the units' small multiples
    expect(page.locator("svg[role=img]")).to_have_count(5)
    expect(page.get_by_role("table").first).to_contain_text("2024-01")
    expect(page.get_by_text("Schatting", exact=False).first).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Absence overview")
    assert axe_violations(page) == []
