"""Each signal carries the same unit's ZVP, ZMF and recurrence, with the absence figures'
own small-group rules, in the JSON twin, the page and the PDF; nothing without data."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from tests.analytics.helpers import employees_csv, spells_csv
from tests.balance.test_web import _answers, _client, _org
from verzuim.balance.absence import absence_period


def _round(hr: TestClient, slug: str, units: list[str]) -> tuple[int, dict[str, str]]:
    created = hr.post(f"/api/o/{slug}/balans", json={"name": "Najaar", "units": units})
    assert created.status_code == 201, created.text
    body = created.json()
    return body["round"], {c["unit"]: c["code"] for c in body["codes"]}


def test_signals_show_the_units_absence_figures(app_client: TestClient) -> None:
    slug, hr, _ = _org(app_client)
    # Created before any employee is imported, so a typed unit (Nieuw) is allowed.
    round_id, codes = _round(hr, slug, ["Zorg", "Zorg/Team A", "Kantoor", "Nieuw"])
    anonymous = _client(app_client)
    for unit, value in (("Zorg", 1), ("Zorg/Team A", 1), ("Kantoor", 5), ("Nieuw", 1)):
        for _ in range(5):
            answered = anonymous.post(f"/api/r/{codes[unit]}", json=_answers(value))
            assert answered.status_code == 201
    before = hr.get(f"/api/o/{slug}/balans/{round_id}").json()
    assert before["signals"] and before["absence_period"] is None
    assert all(s["absence"] is None for s in before["signals"])

    today = dt.date.today()
    sick_from, sick_to = today - dt.timedelta(days=60), today - dt.timedelta(days=51)
    emps = [(f"z{i}", "Zorg", 1.0, "2020-01-01", "") for i in range(6)]
    emps += [(f"t{i}", "Zorg/Team A", 1.0, "2020-01-01", "") for i in range(2)]
    emps += [(f"k{i}", "Kantoor", 1.0, "2020-01-01", "") for i in range(7)]
    spells = [("z1", "s1", sick_from.isoformat(), sick_to.isoformat(), 100, "sick")]
    files = {
        "employees": ("e.csv", employees_csv(emps), "text/csv"),
        "spells": ("s.csv", spells_csv(spells), "text/csv"),
    }
    assert hr.post(f"/api/o/{slug}/analyse/import", files=files).status_code == 200

    result = hr.get(f"/api/o/{slug}/balans/{round_id}").json()
    period = absence_period(dt.date.fromisoformat(result["closes"]), today)
    assert result["absence_period"] == {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
    }
    beside = {s["unit"]: s["absence"] for s in result["signals"]}
    assert {"Zorg", "Zorg/Team A", "Nieuw"} <= set(beside)
    # Zorg rolls up its team: 8 full-time employees, one 10-day spell at 100%.
    zorg = beside["Zorg"]
    assert zorg["employees"] == 8 and zorg["suppressed"] is False
    assert zorg["zvp"] == pytest.approx(round(100 * 10 / (8 * period.days), 2))
    assert zorg["zmf"] == pytest.approx(round(1 / 8 * 365.25 / period.days, 2), abs=0.01)
    assert zorg["recurrence"] == 0.0  # one eligible spell, no new one within 28 days
    # Team A has 2 employees: hidden by the absence figures' own rule, whatever the balance.
    assert beside["Zorg/Team A"] == {
        "employees": 2,
        "suppressed": True,
        "suppression": "small",
        "zvp": None,
        "zmf": None,
        "recurrence": None,
    }
    assert beside["Nieuw"] is None  # no employee carries the path

    page = hr.get(f"/o/{slug}/balans/{round_id}").text
    assert "12 maanden" in page
    assert f"ZVP {str(zorg['zvp']).replace('.', ',')[:3]}" in page
    assert "verborgen (minder dan 5 medewerkers" in page
    assert "geen medewerkers met deze eenheid" in page
    english = hr.get(f"/o/{slug}/balans/{round_id}?lang=en").text
    assert "Absence: rate" in english and "12 months" in english

    pdf = hr.get(f"/o/{slug}/balans/{round_id}/summary.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_absence_period_is_the_year_up_to_the_close_or_today() -> None:
    closed = absence_period(dt.date(2026, 3, 31), dt.date(2026, 11, 29))
    assert (closed.start, closed.end) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    running = absence_period(dt.date(2026, 12, 15), dt.date(2026, 11, 29))
    assert (running.start, running.end) == (dt.date(2025, 11, 30), dt.date(2026, 11, 29))
