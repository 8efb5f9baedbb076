"""Browser journey of issue 10: advice -> put in the plan -> mark done -> evaluate -> export
the good-practice record, as a prevention officer; axe finds nothing serious on the way."""

from __future__ import annotations

import datetime as dt
import json
import re

from playwright.sync_api import Page, expect
from tests.browser.conftest import axe_violations, import_into, log_in_page, member_of_new_org
from tests.plans.helpers import absence_rows

from verzuim.records.validate import check_record
from verzuim.store.tenancy import Role

ADVICE = "/advies/resultaat?sector=Q&size_class=100%2B&concern=mental"


def test_from_advice_to_a_shared_record(page: Page) -> None:
    slug, officer = member_of_new_org(Role.PREVENTION)
    emps, spells = absence_rows()
    import_into(slug, emps, spells)
    log_in_page(page, officer, next_url=ADVICE.replace("&", "%26"))
    page.goto(ADVICE)

    # Advice -> put the first recommended measure in the plan (one organisation: no choice).
    page.locator("a.put-in-plan:visible").first.click()
    expect(page).to_have_url(re.compile(f"/o/{slug}/plan/nieuw"))
    title = page.get_by_label("Maatregel").input_value()
    assert title  # pre-filled from the advice
    assert page.get_by_label("Herkomst").input_value() == "advice"
    assert axe_violations(page) == []
    page.get_by_label("Zorg/Team A").check()
    page.get_by_label("Geplande start").fill("2024-01-01")
    page.get_by_role("button", name="In het plan zetten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert axe_violations(page) == []

    # Running from its start, then done today.
    page.get_by_label("Status wijzigen").select_option("running")
    page.get_by_label("Met ingang van").fill("2024-01-01")
    page.get_by_role("button", name="Status wijzigen").click()
    expect(page.locator("dl.plan-facts")).to_contain_text("loopt")
    page.get_by_label("Status wijzigen").select_option("done")
    page.get_by_label("Met ingang van").fill(dt.date.today().isoformat())
    page.get_by_role("button", name="Status wijzigen").click()
    expect(page.locator("dl.plan-facts")).to_contain_text("klaar")

    # Effect evaluation against a chosen comparison unit.
    page.get_by_role("link", name="Effectevaluatie", exact=True).click()
    page.get_by_label("Kantoor").check()
    page.get_by_role("button", name="Evalueren").click()
    result = page.locator("section.evaluation")
    expect(result).to_contain_text("vergelijkingsgroep")
    expect(result.locator("svg")).to_have_count(1)
    assert "effectief" not in result.inner_text().lower()
    assert axe_violations(page) == []

    # The good-practice record, downloaded as JSON.
    page.get_by_role("link", name=title, exact=True).first.click()
    page.get_by_role("link", name="Delen als goed-praktijkrecord").click()
    fields = {
        "g-goal": "Minder verzuim door vroeg contact bij werkdruk",
        "g-target_group": "Verpleegkundigen en verzorgenden",
        "g-approach": "Gesprekken over werkdruk in elk team",
        "g-preconditions": "Tijd in het rooster",
        "g-transferability": "Past bij teams in ploegendienst",
        "g-implementation_experience": "Liep na een paar maanden vanzelf",
        "g-costs": "Ongeveer 40 uur per team",
        "g-management_involvement": "Leidinggevenden zaten voor",
        "g-worker_involvement": "Medewerkers kozen de onderwerpen",
        "g-costs_and_benefits": "Uren tegenover minder vervanging",
    }
    for field_id, value in fields.items():
        page.locator(f"#{field_id}").fill(value)
    if not page.locator("input[name=categories]:checked").count():
        page.locator("input[name=categories]").first.check()
    page.get_by_label("Kantoor").check()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("button", name="Downloaden als JSON").click()
    path = download.value.path()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert check_record(data).accepted
    assert data["effect_evaluation"]["design"] == "did"
    for name in ("Zorg", "Team A", "Kantoor"):
        assert name not in json.dumps(data, ensure_ascii=False)
