"""The plan van aanpak through the web: create with located problems, filters, status
history, process evaluation, views, managers' scope, exports, the effect evaluation and
"put in the plan"."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import app_database
from tests.plans.helpers import client, load_absence, make_org
from verzuim.store.models import AuditEntry
from verzuim.store.tenancy import Role, system_tenant


def _measure(**extra: Any) -> dict[str, Any]:
    return {"title": "Werkdrukgesprekken", "origin": "free", **extra}


def test_create_refuses_with_every_problem_located(app_client: TestClient) -> None:
    org = make_org(app_client)
    load_absence(app_client, org)
    answer = org.editor.post(
        f"/api/o/{org.slug}/plan",
        json=_measure(
            units=["Zorg/Team Z"],
            actors=["no-such-actor"],
            owner_id=999999,
            planned_start="2025-05-01",
            planned_end="2025-04-01",
        ),
    )
    assert answer.status_code == 422
    fields = {p["field"] for p in answer.json()["problems"]}
    assert fields == {"units[0]", "actors[0]", "owner_id", "planned_end"}
    texts = json.dumps(answer.json())
    assert "Zorg/Team A" in texts  # the message names units that do exist
    assert org.editor.get(f"/api/o/{org.slug}/plan").json()["items"] == []  # nothing stored


def test_a_measure_from_plan_to_done(app_client: TestClient) -> None:
    org = make_org(app_client)
    load_absence(app_client, org)
    created = org.editor.post(
        f"/api/o/{org.slug}/plan",
        json=_measure(
            units=["Zorg/Team A", "Zorg"],
            actors=["bedrijfsarts"],
            owner_id=org.editor_id,
            budget_eur=2500,
            planned_start="2023-12-01",
            planned_end="2024-06-30",
            risk="Hoge werkdruk in de zorgteams",
        ),
    )
    assert created.status_code == 201, created.text
    item = created.json()
    assert item["status"] == "planned" and item["units"] == ["Zorg/Team A", "Zorg"]
    assert item["actors"][0]["core_expert"] is True  # the bedrijfsarts is a kerndeskundige
    mid = item["id"]
    too_late = org.editor.post(
        f"/api/o/{org.slug}/plan/{mid}/status",
        json={"status": "running", "day": (dt.date.today() + dt.timedelta(days=3)).isoformat()},
    )
    assert too_late.status_code == 422 and too_late.json()["problems"][0]["field"] == "day"
    running = org.editor.post(
        f"/api/o/{org.slug}/plan/{mid}/status", json={"status": "running", "day": "2024-01-01"}
    )
    assert running.status_code == 200, running.text
    before = org.editor.post(
        f"/api/o/{org.slug}/plan/{mid}/status", json={"status": "done", "day": "2023-06-01"}
    )
    assert before.status_code == 422  # before the previous change
    done = org.editor.post(f"/api/o/{org.slug}/plan/{mid}/status", json={"status": "done"}).json()
    assert [h["status"] for h in done["history"]] == ["planned", "running", "done"]
    assert done["started"] == "2024-01-01" and done["finished"] == dt.date.today().isoformat()

    process = org.editor.post(
        f"/api/o/{org.slug}/plan/{mid}/process",
        json={
            "reach_pct": 80,
            "implementation_as_planned": "partly",
            "went_well": "Teams deden mee",
        },
    )
    assert process.status_code == 200 and process.json()["process"]["reach_pct"] == 80
    bad = org.editor.post(f"/api/o/{org.slug}/plan/{mid}/process", json={"reach_pct": 140})
    assert bad.status_code == 422

    listing = org.editor.get(f"/api/o/{org.slug}/plan?status=done").json()
    assert [i["id"] for i in listing["items"]] == [mid] and listing["counts"]["done"] == 1
    assert org.editor.get(f"/api/o/{org.slug}/plan?status=planned").json()["items"] == []
    assert org.editor.get(f"/api/o/{org.slug}/plan?unit=Kantoor").json()["items"] == []
    assert len(org.editor.get(f"/api/o/{org.slug}/plan?owner={org.editor_id}").json()["items"]) == 1
    timeline = org.editor.get(f"/api/o/{org.slug}/plan/timeline").json()
    assert timeline["bars"][0]["start"] == "2024-01-01"
    owners = org.editor.get(f"/api/o/{org.slug}/plan/owners").json()
    assert owners["groups"][0]["owner"]["user_id"] == org.editor_id

    for page in ("", "/tijdlijn", "/eigenaren", f"/{mid}", "/nieuw"):
        answer = org.editor.get(f"/o/{org.slug}/plan{page}")
        assert answer.status_code == 200, page
        assert "Werkdrukgesprekken" in answer.text or page == "/nieuw"

    tenant = system_tenant(org.org_id, org.slug, "test")
    with app_database(app_client).tenant(tenant) as session:  # RLS on PostgreSQL
        objects = set(
            session.scalars(select(AuditEntry.object).where(AuditEntry.org_id == org.org_id))
        )
    assert {f"plan/{mid}", "plan"} <= objects


def test_roles_and_managers_scope(app_client: TestClient) -> None:
    org = make_org(app_client)
    load_absence(app_client, org)
    zorg = org.editor.post(f"/api/o/{org.slug}/plan", json=_measure(units=["Zorg"])).json()
    kantoor = org.editor.post(
        f"/api/o/{org.slug}/plan", json=_measure(title="Kantoorplan", units=["Kantoor"])
    ).json()
    everyone = org.editor.post(f"/api/o/{org.slug}/plan", json=_measure(title="Voor allen")).json()
    manager = client(app_client, org.emails["manager"])
    seen = {i["id"] for i in manager.get(f"/api/o/{org.slug}/plan").json()["items"]}
    assert seen == {kantoor["id"], everyone["id"]}
    assert manager.get(f"/api/o/{org.slug}/plan/{zorg['id']}").status_code == 404
    assert manager.post(f"/api/o/{org.slug}/plan", json=_measure()).status_code == 403
    for reader in ("viewer", "consultant"):
        c = client(app_client, org.emails[reader])
        assert c.get(f"/api/o/{org.slug}/plan").status_code == 200
        assert (
            c.post(
                f"/api/o/{org.slug}/plan/{zorg['id']}/status", json={"status": "running"}
            ).status_code
            == 403
        )
    analyst = client(app_client, org.emails["analyst"])
    assert analyst.post(f"/api/o/{org.slug}/plan", json=_measure()).status_code == 201


def test_exports(app_client: TestClient) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    org = make_org(app_client)
    for n in range(3):
        org.editor.post(
            f"/api/o/{org.slug}/plan",
            json=_measure(
                title=f"=Maatregel {n}", planned_start="2025-01-01", planned_end="2025-09-30"
            ),
        )
    xlsx = org.editor.get(f"/o/{org.slug}/plan/export.xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) == 2
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 4 and rows[1][1] == "'=Maatregel 0"  # a formula made inert
    gantt = list(book.worksheets[1].iter_rows(values_only=True))
    assert len(gantt) == 4
    pdf = org.editor.get(f"/o/{org.slug}/plan/export.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) == 2
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # A4 landscape
    data = org.editor.get(f"/o/{org.slug}/plan/export.json").json()
    assert len(data["items"]) == 3


def test_effect_evaluation_recovers_the_planted_change(app_client: TestClient) -> None:
    org = make_org(app_client)
    load_absence(app_client, org)
    mid = org.editor.post(
        f"/api/o/{org.slug}/plan", json=_measure(units=["Zorg/Team A"], planned_start="2024-01-01")
    ).json()["id"]
    early = org.editor.get(f"/api/o/{org.slug}/plan/{mid}/effect").json()
    assert early["evaluation"] is None and early["problems"][0]["field"] == "status"
    org.editor.post(
        f"/api/o/{org.slug}/plan/{mid}/status", json={"status": "running", "day": "2024-01-01"}
    )
    answer = org.editor.get(
        f"/api/o/{org.slug}/plan/{mid}/effect?comparison=Zorg/Team%20B&comparison=Kantoor"
    )
    assert answer.status_code == 200, answer.text
    ev = answer.json()["evaluation"]
    assert ev["design"] == "did" and ev["effect"]["estimate"] < 0
    assert ev["effect"]["ci_high"] < 0  # spells of one day from the start: a clear drop
    page = org.editor.get(f"/o/{org.slug}/plan/{mid}/effect?comparison=Kantoor")
    assert page.status_code == 200 and "<svg" in page.text
    assert "effectief" not in page.text.lower() and "effective" not in page.text.lower()


def test_put_in_the_plan_goes_to_the_prefilled_form(app_client: TestClient) -> None:
    org = make_org(app_client)
    anonymous = client(app_client)
    assert anonymous.get("/plan/nieuw?title=X").status_code == 303
    go = org.editor.get(
        "/plan/nieuw?origin=advice&ref=gp-b11-01&title=Beweegprogramma&actor=bedrijfsarts"
    )
    assert go.status_code == 303 and go.headers["location"].startswith(f"/o/{org.slug}/plan/nieuw?")
    form = org.editor.get(go.headers["location"])
    assert 'value="Beweegprogramma"' in form.text and 'value="gp-b11-01"' in form.text
    viewer = client(app_client, org.emails["viewer"])
    assert viewer.get("/plan/nieuw?title=X").status_code == 403


def test_form_create_and_status(app_client: TestClient) -> None:
    org = make_org(app_client, Role.ANALYST)
    created = org.editor.post(
        f"/o/{org.slug}/plan",
        data={
            "title": "Via formulier",
            "origin": "free",
            "planned_start": "2025-02-01",
            "planned_end": "2025-01-01",
        },
    )
    assert created.status_code == 422 and "planned_end" in created.text
    created = org.editor.post(
        f"/o/{org.slug}/plan", data={"title": "Via formulier", "origin": "free"}
    )
    assert created.status_code == 303
    location = created.headers["location"]
    changed = org.editor.post(
        f"{location}/status", data={"status": "running", "day": dt.date.today().isoformat()}
    )
    assert changed.status_code == 303
    assert "loopt" in org.editor.get(location).text


def test_advice_offers_put_in_the_plan_per_measure(client: TestClient) -> None:
    page = client.get("/advies/resultaat?sector=Q&size_class=100%2B&concern=mental")
    assert page.status_code == 200
    assert page.text.count('class="button put-in-plan"') >= 1
    assert "/plan/nieuw?origin=advice&amp;ref=" in page.text


def test_the_full_export_includes_the_plan(app_client: TestClient) -> None:
    org = make_org(app_client, Role.ADMIN)
    mid = org.editor.post(f"/api/o/{org.slug}/plan", json=_measure()).json()["id"]
    org.editor.post(f"/api/o/{org.slug}/plan/{mid}/status", json={"status": "running"})
    everything = org.editor.get(f"/api/o/{org.slug}/export").json()
    assert [m["title"] for m in everything["plan_measures"]] == ["Werkdrukgesprekken"]
    assert [c["status"] for c in everything["plan_status_changes"]] == ["planned", "running"]
    assert not any("org_id" in m for m in everything["plan_measures"])


def test_balance_signals_offer_put_in_the_plan_to_editors_only(app_client: TestClient) -> None:
    from verzuim.balance.instrument import default

    org = make_org(app_client)
    created = org.editor.post(
        f"/api/o/{org.slug}/balans", json={"name": "Voorjaar", "units": ["Zorg/Team A", "Kantoor"]}
    ).json()
    codes = {c["unit"]: c["code"] for c in created["codes"]}
    instrument = default()

    def answers(heavy: bool) -> dict[str, Any]:
        found = {}
        for q in instrument.questions:
            scale = instrument.scale_of(q)
            high = (instrument.dimension(q.dimension).group == "load") == heavy
            found[q.id] = scale.max if high != q.reversed else scale.min
        return {"answers": found}

    anonymous = client(app_client)
    for unit, heavy in (("Zorg/Team A", True), ("Kantoor", False)):
        for _ in range(6):
            sent = anonymous.post(f"/api/r/{codes[unit]}", json=answers(heavy))
            assert sent.status_code == 201, sent.text
    page = org.editor.get(f"/o/{org.slug}/balans/{created['round']}")
    assert 'class="put-in-plan"' in page.text
    assert "origin=balance" in page.text and "unit=Zorg%2FTeam+A" in page.text
    consultant = client(app_client, org.emails["consultant"])
    assert (
        'class="put-in-plan"' not in consultant.get(f"/o/{org.slug}/balans/{created['round']}").text
    )


def test_dashboard_signals_offer_put_in_the_plan(app_client: TestClient) -> None:
    org = make_org(app_client)
    load_absence(app_client, org)
    query = "from=2024-01-01&to=2024-12-31"
    page = org.editor.get(f"/o/{org.slug}/analyse/dashboard?{query}")
    assert page.status_code == 200
    assert 'class="finding"' in page.text  # the data give at least one signal
    assert page.text.count('class="put-in-plan"') == page.text.count('class="finding"')
    assert "origin=analytics" in page.text
    viewer = client(app_client, org.emails["viewer"])
    assert 'class="put-in-plan"' not in viewer.get(f"/o/{org.slug}/analyse/dashboard?{query}").text
