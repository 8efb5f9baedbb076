"""A good-practice record from a completed measure: it validates against the schema, names
no unit, holds no group under 5, carries the own evaluation honestly, and is two A4 pages."""

from __future__ import annotations

import io
import json
from typing import Any

import jsonschema_rs
from fastapi.testclient import TestClient

from tests.plans.helpers import UNITS, load_absence, make_org
from verzuim.records import schema
from verzuim.records.share import unit_names
from verzuim.records.validate import check_record

CATEGORY = "stress_reduction"
TEXTS = {
    "goal": "Minder lang verzuim door vroeg contact bij werkdruk",
    "target_group": "Verpleegkundigen in twee teams",
    "approach": "Maandelijkse teamgesprekken over werkdruk met de leidinggevende",
    "preconditions": "Tijd in het rooster en een getrainde gespreksleider",
    "transferability": "Past bij teams in ploegendienst",
    "implementation_experience": "Na drie maanden liepen de gesprekken vanzelf",
    "costs": "Ongeveer 40 uur per team per jaar",
    "management_involvement": "De afdelingshoofden zaten de gesprekken voor",
    "worker_involvement": "Medewerkers kozen zelf de onderwerpen",
    "costs_and_benefits": "Uren van gespreksleiders; minder vervanging nodig",
}


def _done_measure(app_client: TestClient) -> tuple[Any, int]:
    org = make_org(app_client)
    load_absence(app_client, org)
    mid = org.editor.post(
        f"/api/o/{org.slug}/plan",
        json={"title": "Teamgesprekken werkdruk", "units": ["Zorg/Team A"], "budget_eur": 3000},
    ).json()["id"]
    base = f"/api/o/{org.slug}/plan/{mid}"
    org.editor.post(f"{base}/status", json={"status": "running", "day": "2024-01-01"})
    org.editor.post(f"{base}/status", json={"status": "done"})
    org.editor.post(f"{base}/process", json={"reach_pct": 90, "went_well": "Iedereen deed mee"})
    return org, mid


def test_the_record_validates_and_names_no_unit(app_client: TestClient) -> None:
    org, mid = _done_measure(app_client)
    body = {
        **TEXTS,
        "licence": "CC-BY-SA-4.0",
        "categories": [CATEGORY],
        "sector_nace": "Q86",
        "number_of_workers": 75,
        "ownership": "non_profit",
        "comparison": ["Kantoor"],
    }
    answer = org.editor.post(f"/api/o/{org.slug}/plan/{mid}/record", json=body)
    if answer.status_code == 422 and "categories" in answer.text:
        codes = [r for r in answer.json()["reasons"] if r["field"] == "practice.categories"]
        raise AssertionError(codes)
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert check_record(data).accepted
    jsonschema_rs.validator_for(schema.good_practice_schema()).validate(data)
    assert data["licence"] == "CC-BY-SA-4.0"
    assert data["evidence_claim"] == "own_evaluation_with_comparison"
    effect = data["effect_evaluation"]
    assert effect["design"] == "did" and effect["treated"]["units"] == 1
    assert effect["treated"]["employees"] >= 5
    text = json.dumps(data, ensure_ascii=False)
    for name in unit_names(UNITS):
        assert name not in text, name
    assert "effective" not in text.lower() and "effectief" not in text.lower()


def test_the_record_is_refused_with_reasons(app_client: TestClient) -> None:
    org, mid = _done_measure(app_client)
    body = {
        **TEXTS,
        "target_group": "Verpleegkundigen van Team A en Kantoor",
        "categories": [CATEGORY],
        "sector_nace": "Q",
        "number_of_workers": 75,
    }
    answer = org.editor.post(f"/api/o/{org.slug}/plan/{mid}/record", json=body)
    assert answer.status_code == 422
    fields = {r["field"] for r in answer.json()["reasons"]}
    assert "description.target_group.nl" in fields
    empty = org.editor.post(
        f"/api/o/{org.slug}/plan/{mid}/record",
        json={**TEXTS, "goal": " ", "categories": [CATEGORY]},
    )
    assert empty.status_code == 422
    assert "description.goal" in {r["field"] for r in empty.json()["reasons"]}


def test_the_record_as_two_pdf_pages_and_json_download(app_client: TestClient) -> None:
    from pypdf import PdfReader

    org, mid = _done_measure(app_client)
    form = {
        **TEXTS,
        "licence": "CC0-1.0",
        "categories": CATEGORY,
        "level": "both",
        "components": "single",
        "sector_nace": "Q86",
        "number_of_workers": "75",
        "ownership": "private",
        "include_evaluation": "on",
        "comparison": "Kantoor",
    }
    page = org.editor.get(f"/o/{org.slug}/plan/{mid}/record")
    assert page.status_code == 200
    pdf = org.editor.post(f"/o/{org.slug}/plan/{mid}/record", data={**form, "format": "pdf"})
    assert pdf.status_code == 200, pdf.text[-2000:]
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) == 2
    got = org.editor.post(f"/o/{org.slug}/plan/{mid}/record", data={**form, "format": "json"})
    assert got.headers["content-disposition"].endswith('.json"')
    assert check_record(got.content).accepted
