"""Browser journey on a 390 px wide phone: open a balance-check link, answer (skipping one
question explicitly), send; axe finds nothing serious. Then the analyst's pages pass axe."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from tests.browser.conftest import CHROMIUM_ARGS, axe_violations, log_in_page, member_of_new_org

from verzuim.balance.rounds import create_round
from verzuim.store import config, organisations
from verzuim.store.database import Database
from verzuim.store.tenancy import Role, system_tenant


def _round(slug: str) -> tuple[int, str]:
    database = Database(config.database_url())
    try:
        with database.public() as session:
            org = organisations.by_slug(session, slug)
            assert org is not None
            tenant = system_tenant(org.id, slug, "test")
        round_id, invitations = create_round(database, tenant, "Voorjaar", ["Zorg/Team A"], 6)
    finally:
        database.dispose()
    return round_id, invitations[0].code


def test_answering_on_a_phone(browser: Browser, live_server: str, page: Page) -> None:
    assert CHROMIUM_ARGS  # the shared launch flags
    slug, analyst = member_of_new_org(Role.ANALYST)
    round_id, code = _round(slug)
    phone = browser.new_context(
        base_url=live_server,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="nl-NL",
    )
    try:
        pg = phone.new_page()
        pg.goto(f"/r/{code}")
        expect(pg.get_by_role("heading", level=1)).to_contain_text("Balanscheck")
        assert axe_violations(pg) == []
        # Nothing wider than the phone.
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        groups = pg.get_by_role("group")
        count = groups.count()
        assert count >= 20
        for i in range(count):
            group = groups.nth(i)
            if i == 0:
                group.get_by_label("Overslaan").check()
            else:
                group.get_by_role("radio").nth(1).check()
        pg.get_by_label("Wat zou in uw team het meest helpen").fill("Vaste pauzes")
        pg.get_by_role("button", name="Versturen").click()
        expect(pg.get_by_role("status")).to_contain_text("Dank u wel")
        assert axe_violations(pg) == []
        # The same code a second time: refused, clearly.
        pg.goto(f"/r/{code}")
        expect(pg.get_by_role("alert")).to_contain_text("al gebruikt")
    finally:
        phone.close()

    log_in_page(page, analyst, next_url=f"/o/{slug}/balans")
    expect(page.get_by_role("heading", level=1)).to_have_text("Balanscheck")
    expect(page.locator("main")).to_contain_text("Zorg/Team A")
    assert axe_violations(page) == []
    page.goto(f"/o/{slug}/balans/{round_id}")
    expect(page.locator("main")).to_contain_text("minder dan 5 antwoorden")
    expect(page.locator("main")).not_to_contain_text("Vaste pauzes")
    assert axe_violations(page) == []
    # The review: one answer waiting, its text unreadable under 10 responses.
    page.get_by_role("link", name="Open antwoorden beoordelen").click()
    expect(page.locator("main")).to_contain_text("wachten op 10 antwoorden")
    expect(page.locator("main")).not_to_contain_text("Vaste pauzes")
    assert axe_violations(page) == []
