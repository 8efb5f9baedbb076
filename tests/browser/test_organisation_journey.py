"""Browser journey: an administrator sets up the organisation, invites a manager for one
unit, and the manager sees only that unit's figures."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect
from tests.analytics.helpers import employees_csv, spells_csv
from tests.browser.conftest import axe_violations, log_in_page, member_of_new_org
from tests.conftest import PASSWORD

from verzuim.store.tenancy import Role

EMPS = [(f"p{i}", "Productie/Hal 1", 1.0, "2020-01-01", "") for i in range(6)]
EMPS += [(f"k{i}", "Kantoor", 1.0, "2020-01-01", "") for i in range(7)]
SPELLS = [
    ("k1", "s1", "2024-03-01", "2024-03-20", 100, "sick"),
    ("p1", "s2", "2024-05-01", "2024-05-03", 100, "sick"),
]


def test_admin_invites_a_manager_who_sees_only_their_unit(page: Page, tmp_path: Path) -> None:
    slug, admin = member_of_new_org(Role.ADMIN)
    log_in_page(page, admin, next_url=f"/o/{slug}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Browser")
    assert axe_violations(page) == []

    # The administrator imports the data (an admin may do everything an analyst may).
    employees, spells = tmp_path / "werknemers.csv", tmp_path / "verzuim.csv"
    employees.write_bytes(employees_csv(EMPS))
    spells.write_bytes(spells_csv(SPELLS))
    page.goto(f"/o/{slug}/analyse")
    page.get_by_label("Werknemersbestand").set_input_files(str(employees))
    page.get_by_label("Verzuimbestand").set_input_files(str(spells))
    page.get_by_role("button", name="Controleren en opslaan").click()
    expect(page.get_by_role("heading", name="Opgeslagen")).to_be_visible()

    # ... invites a manager for Productie ...
    manager = f"manager-{slug}@example.nl"
    page.goto(f"/o/{slug}/beheer")
    assert axe_violations(page) == []
    page.get_by_label("E-mailadres").fill(manager)
    page.get_by_label("Rol").select_option("manager")
    page.get_by_label("Afdelingen (alleen voor leidinggevenden").fill("Productie")
    page.get_by_label("Eerste wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("table")).to_contain_text(manager)
    page.goto("/account")
    page.get_by_role("button", name="Uitloggen").click()

    # ... and the manager sees Productie only: 6 employees, no Kantoor anywhere.
    log_in_page(
        page, manager, next_url=f"/o/{slug}/analyse/dashboard?from=2024-01-01&to=2024-12-31"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzuimoverzicht")
    body = page.locator("main")
    # The team comparison opens at the highest level with two units, else the top one: the
    # manager's own unit, Productie.
    expect(body.locator("#team")).to_contain_text("Productie")
    expect(body).not_to_contain_text("Kantoor")
    assert axe_violations(page) == []
    page.goto(f"/o/{slug}/beheer")
    expect(page.locator("main")).to_contain_text("403")
