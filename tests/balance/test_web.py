"""Rounds, anonymous answering and results through the web API: 201/409/422, suppression,
anonymity (no code, address, agent or time with an answer), managers' scope, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import inspect, select

from tests.conftest import CSRF_TOKEN, add_member, app_database, log_in, new_org, reset_cookies
from verzuim.balance.instrument import default
from verzuim.store import organisations
from verzuim.store.models import BalanceCode, BalanceResponse
from verzuim.store.tenancy import Role, system_tenant


def _client(app_client: TestClient, email: str | None = None) -> TestClient:
    c = TestClient(app_client.app, base_url="http://testserver")
    reset_cookies(c)  # a browser on the app's pages: the CSRF cookie and the forms' token
    c.headers["X-CSRF-Token"] = CSRF_TOKEN
    if email:
        log_in(c, email)
    return c


def _org(app_client: TestClient, role: Role = Role.ANALYST) -> tuple[str, TestClient, int]:
    slug, email = new_org(app_client, role)
    with app_database(app_client).public() as session:
        org = organisations.by_slug(session, slug)
        assert org is not None
        org_id = org.id
    return slug, _client(app_client, email), org_id


def _answers(value: int) -> dict[str, Any]:
    """Every item answered with ``value`` (the 0-10 item with value as well)."""
    return {"answers": {q.id: value for q in default().questions}}


def test_a_round_from_creation_to_results(app_client: TestClient) -> None:
    slug, hr, _ = _org(app_client)
    created = hr.post(
        f"/api/o/{slug}/balans",
        json={"name": "Voorjaar", "units": ["Zorg/Team A", "Zorg/Team B", "Kantoor"]},
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert set(body) == {"round", "codes"}
    codes = {c["unit"]: c["code"] for c in body["codes"]}
    assert len(body["codes"]) == 3  # one open code per unit

    anonymous = _client(app_client)
    questions = anonymous.get(f"/api/r/{codes['Zorg/Team A']}").json()
    first = questions["questions"][0]
    assert set(first) == {"id", "dimension", "text", "scale", "reversed"}
    assert set(first["text"]) == {"nl", "en"} and set(first["scale"]) >= {"min", "max"}

    for _ in range(6):
        assert anonymous.post(f"/api/r/{codes['Zorg/Team A']}", json=_answers(4)).status_code == 201
    for _ in range(5):
        assert anonymous.post(f"/api/r/{codes['Kantoor']}", json=_answers(2)).status_code == 201
    for _ in range(3):
        assert anonymous.post(f"/api/r/{codes['Zorg/Team B']}", json=_answers(3)).status_code == 201

    result = hr.get(f"/api/o/{slug}/balans/{body['round']}").json()
    units = {u["unit"]: u for u in result["units"]}
    # Team B: 3 responses -> small; Kantoor (5, fewest shown) -> complementary.
    assert units["Zorg/Team B"]["suppressed"] and units["Zorg/Team B"]["scores"] == {}
    assert units["Kantoor"]["suppression"] == "complementary" and units["Kantoor"]["scores"] == {}
    team_a = units["Zorg/Team A"]
    assert team_a["responses"] == 6 and team_a["suppressed"] is False
    # All answers 4: a 1-5 item scores 75, reversed 25; pace = (pace_1 75 + pace_2 rev 25) / 2.
    assert team_a["scores"]["pace"] == 50.0
    assert team_a["scores"]["emotional"] == 75.0
    assert team_a["scores"]["work_ability"] == 40.0  # 4 on 0..10
    assert result["total"]["responses"] == 14
    assert result["validated"] is False
    # Distribution only over shown units: 6 respondents.
    item = next(i for i in result["items"] if i["question"] == "emotional_1")
    assert item["counts"]["4"] == 6 and item["skipped"] == 0


def test_answers_201_409_422(app_client: TestClient) -> None:
    slug, hr, _ = _org(app_client)
    body = hr.post(f"/api/o/{slug}/balans", json={"name": "R", "units": ["A"], "codes": 2}).json()
    assert len(body["codes"]) == 2
    code = body["codes"][0]["code"]
    anonymous = _client(app_client)
    bad = anonymous.post(f"/api/r/{code}", json={"answers": {"pace_1": 9, "nope": 1}})
    assert bad.status_code == 422
    assert "answers.pace_1" in bad.text and "answers.nope" in bad.text
    assert anonymous.post(f"/api/r/{code}", json={"answers": {"pace_1": "x"}}).status_code == 422
    assert anonymous.post(f"/api/r/{code}", json={"nothing": 1}).status_code == 422
    # Refused answers used nothing up; a skipped item (null) is fine.
    ok = anonymous.post(f"/api/r/{code}", json={"answers": {"pace_1": 3, "pace_2": None}})
    assert ok.status_code == 201
    assert anonymous.post(f"/api/r/{code}", json={"answers": {"pace_1": 3}}).status_code == 409
    assert anonymous.get(f"/api/r/{code}").status_code == 409
    assert anonymous.get("/api/r/zzzzzzzzzz").status_code == 404
    assert anonymous.post("/api/r/zzzzzzzzzz", json={"answers": {}}).status_code == 404


def test_a_closed_round_takes_no_answers(app_client: TestClient) -> None:
    slug, hr, _ = _org(app_client)
    past = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    end = (dt.date.today() - dt.timedelta(days=2)).isoformat()
    body = hr.post(
        f"/api/o/{slug}/balans", json={"name": "Oud", "units": ["A"], "opens": past, "closes": end}
    ).json()
    code = body["codes"][0]["code"]
    assert _client(app_client).post(f"/api/r/{code}", json=_answers(3)).status_code == 410


def test_bad_round_input_is_named_and_stores_nothing(app_client: TestClient) -> None:
    slug, hr, _ = _org(app_client)
    wrong = hr.post(f"/api/o/{slug}/balans", json={"name": "R", "units": ["A//B"]})
    assert wrong.status_code == 422 and "empty part" in wrong.text
    assert hr.get(f"/api/o/{slug}/balans").json() == []


def test_nothing_identifying_is_stored_or_exported(app_client: TestClient) -> None:
    slug, hr, org_id = _org(app_client)
    body = hr.post(f"/api/o/{slug}/balans", json={"name": "R", "units": ["A"], "codes": 6}).json()
    codes = [c["code"] for c in body["codes"]]
    anonymous = _client(app_client)
    for code in codes[:5]:
        headers = {"User-Agent": "Agent-Secret/1.0", "X-Forwarded-For": "203.0.113.7"}
        assert (
            anonymous.post(f"/api/r/{code}", json=_answers(3), headers=headers).status_code == 201
        )
    db = app_database(app_client)
    # The response table has no column for a code, address, agent or a time of day.
    columns = {c["name"]: c for c in inspect(db.engine).get_columns("balance_responses")}
    assert set(columns) == {"id", "org_id", "round_id", "unit", "day", "answers"}
    assert "DATE" in str(columns["day"]["type"]).upper()
    assert "TIME" not in str(columns["day"]["type"]).upper()
    # Codes and responses share no column that could join them beyond organisation, round
    # and unit (which every response of the unit shares).
    code_columns = {c["name"] for c in inspect(db.engine).get_columns("balance_codes")}
    assert code_columns & set(columns) == {"org_id", "round_id", "unit"}
    assert "used_at" not in code_columns
    with db.tenant(system_tenant(org_id, slug, "test")) as session:
        rows = session.scalars(
            select(BalanceResponse).where(BalanceResponse.org_id == org_id)
        ).all()
        used = session.scalars(
            select(BalanceCode).where(BalanceCode.org_id == org_id, BalanceCode.used.is_(True))
        ).all()
        stored = " ".join(f"{r.id} {r.unit} {r.day} {r.answers}" for r in rows)
        # Within the unit, nothing a used code row holds appears in any response row.
        code_values = {(c.code, c.single_use, c.used) for c in used}
        response_values = {r.id for r in rows} | {str(r.day) for r in rows}
        assert not {v for cv in code_values for v in cv if isinstance(v, str)} & response_values
    assert len(rows) == 5 and len(used) == 5
    assert all(isinstance(r.day, dt.date) and not isinstance(r.day, dt.datetime) for r in rows)
    for secret in [*codes, "Agent-Secret", "203.0.113.7", "testclient"]:
        assert secret not in stored
    exported = hr.get(f"/o/{slug}/balans/{body['round']}/export.csv").text
    exported += hr.get(f"/api/o/{slug}/balans/{body['round']}").text
    for secret in [*codes, "Agent-Secret", "203.0.113.7"]:
        assert secret not in exported
    assert ":" not in "".join(row[1] for row in csv.reader(io.StringIO(exported.split("{")[0])))


def test_exports_csv_and_xlsx(app_client: TestClient) -> None:
    from openpyxl import load_workbook

    slug, hr, _ = _org(app_client)
    body = hr.post(f"/api/o/{slug}/balans", json={"name": "R", "units": ["=Team"]}).json()
    code = body["codes"][0]["code"]
    for _ in range(5):
        _client(app_client).post(f"/api/r/{code}", json=_answers(5))
    text = hr.get(f"/o/{slug}/balans/{body['round']}/export.csv").text.lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    pace = next(r for r in rows if r["unit"] == "'=Team" and r["dimension"] == "pace")
    assert pace["score"] == "50.0" and pace["responses"] == "5"
    xlsx = hr.get(f"/o/{slug}/balans/{body['round']}/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    cells = [row for row in sheet.iter_rows(values_only=True)]
    assert cells[0][:3] == ("round", "unit", "responses")
    assert cells[1][1] == "'=Team"
    pdf = hr.get(f"/o/{slug}/balans/{body['round']}/summary.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    codes_csv = hr.get(f"/o/{slug}/balans/{body['round']}/codes.csv").text
    assert code in codes_csv and f"/r/{code}" in codes_csv


def test_managers_see_their_own_units_only(app_client: TestClient) -> None:
    slug, hr, org_id = _org(app_client)
    manager = f"manager-{slug}@example.nl"
    add_member(app_client, org_id, slug, manager, Role.MANAGER, ("Zorg",))
    body = hr.post(f"/api/o/{slug}/balans", json={"name": "R", "units": ["Zorg/A", "Kantoor"]})
    codes = {c["unit"]: c["code"] for c in body.json()["codes"]}
    for unit in codes:
        for _ in range(5):
            _client(app_client).post(f"/api/r/{codes[unit]}", json=_answers(3))
    boss = _client(app_client, manager)
    mine = boss.get(f"/api/o/{slug}/balans/{body.json()['round']}").json()
    assert [u["unit"] for u in mine["units"]] == ["Zorg/A"]
    assert mine["total"] is None
    assert boss.post(f"/api/o/{slug}/balans", json={"name": "X", "units": ["A"]}).status_code == 403
    assert boss.get(f"/api/o/{slug}/balans/{body.json()['round']}/codes").status_code == 403
    page = boss.get(f"/o/{slug}/balans/{body.json()['round']}")
    assert page.status_code == 200 and "Kantoor" not in page.text and "<svg" in page.text


def test_answering_page_on_the_web(app_client: TestClient) -> None:
    slug, hr, _ = _org(app_client)
    body = hr.post(f"/api/o/{slug}/balans", json={"name": "R", "units": ["A"], "codes": 1}).json()
    code = body["codes"][0]["code"]
    web = _client(app_client)
    page = web.get(f"/r/{code}?lang=en")
    assert page.status_code == 200 and "Skip" in page.text and "not validated" in page.text
    sent = web.post(f"/r/{code}", data={"q_pace_1": "3", "q_pace_2": "skip"})
    assert sent.status_code == 200 and ("Dank u wel" in sent.text or "Thank you" in sent.text)
    again = web.post(f"/r/{code}", data={"q_pace_1": "3"})
    assert again.status_code == 409
