"""Answers to open questions: stored without any link to a code or a response, shown only
for units with 10+ responses and only after an analyst reviewed (hid, released) them, never
in the per-round exports, and only released ones in the organisation's full export."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from tests.balance.test_web import _answers, _client, _org
from tests.conftest import app_database
from verzuim.balance.instrument import default
from verzuim.store import lifecycle
from verzuim.store.models import BalanceCode, BalanceComment
from verzuim.store.tenancy import system_tenant


def _comments(session: Session, org_id: int) -> list[BalanceComment]:
    return list(session.scalars(select(BalanceComment).where(BalanceComment.org_id == org_id)))


def _with(comment: str, value: int = 3) -> dict[str, Any]:
    return {**_answers(value), "comments": {"helps_most": comment}}


def test_the_default_instrument_asks_two_optional_open_questions(
    app_client: TestClient,
) -> None:
    assert [q.id for q in default().open_questions] == ["helps_most", "keep_doing"]
    slug, hr, _ = _org(app_client)
    body = hr.post(f"/api/o/{slug}/balans", json={"name": "R", "units": ["A"]}).json()
    code = body["codes"][0]["code"]
    asked = _client(app_client).get(f"/api/r/{code}").json()
    assert asked["instrument"] == "verzuim-balans@1.1"
    assert [q["id"] for q in asked["open_questions"]] == ["helps_most", "keep_doing"]
    assert set(asked["open_questions"][0]["text"]) == {"nl", "en"}
    page = _client(app_client).get(f"/r/{code}").text
    assert 'name="c_helps_most"' in page and "niet verplicht" in page


def test_bad_open_answers_are_named_and_nothing_is_stored(app_client: TestClient) -> None:
    slug, hr, org_id = _org(app_client)
    body = hr.post(f"/api/o/{slug}/balans", json={"name": "R", "units": ["A"], "codes": 2}).json()
    code = body["codes"][0]["code"]
    anonymous = _client(app_client)
    too_long = {**_answers(3), "comments": {"helps_most": "x" * 1001, "wish": "meer"}}
    refused = anonymous.post(f"/api/r/{code}", json=too_long)
    assert refused.status_code == 422
    assert refused.json()["detail"] == [
        "comments.helps_most: 1001 characters, at most 1000",
        "comments.wish: no such open question in this round",
    ]
    db = app_database(app_client)
    with db.tenant(system_tenant(org_id, slug, "test")) as session:
        assert _comments(session, org_id) == []
        used = select(BalanceCode).where(BalanceCode.org_id == org_id, BalanceCode.used)
        assert not session.scalars(used).all()
    # The code still works after a refusal.
    assert anonymous.post(f"/api/r/{code}", json=_with("Minder haast")).status_code == 201


def test_open_answers_cannot_be_joined_to_codes_or_responses(app_client: TestClient) -> None:
    slug, hr, org_id = _org(app_client)
    body = hr.post(f"/api/o/{slug}/balans", json={"name": "R", "units": ["A"], "codes": 3}).json()
    codes = [c["code"] for c in body["codes"]]
    anonymous = _client(app_client)
    for n, code in enumerate(codes):
        assert anonymous.post(f"/api/r/{code}", json=_with(f"idee {n}")).status_code == 201
    db = app_database(app_client)
    columns = {c["name"] for c in inspect(db.engine).get_columns("balance_comments")}
    assert columns == {"id", "org_id", "round_id", "unit", "question", "text", "state"}
    response_columns = {c["name"] for c in inspect(db.engine).get_columns("balance_responses")}
    code_columns = {c["name"] for c in inspect(db.engine).get_columns("balance_codes")}
    # Nothing shared beyond what every answer of the unit shares.
    assert columns & response_columns == {"id", "org_id", "round_id", "unit"}
    assert columns & code_columns == {"org_id", "round_id", "unit"}
    with db.tenant(system_tenant(org_id, slug, "test")) as session:
        stored = _comments(session, org_id)
        assert sorted(c.text for c in stored) == ["idee 0", "idee 1", "idee 2"]
        response_ids = set(session.scalars(text("SELECT id FROM balance_responses")).all())
        assert not {c.id for c in stored} & response_ids  # own random ids
        for c in stored:
            assert not any(code in f"{c.id} {c.text}" for code in codes)
        if db.engine.dialect.name == "sqlite":
            # No rowid: not even the physical order follows the order of arrival.
            ddl = session.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'balance_comments'")
            ).scalar_one()
            assert "WITHOUT ROWID" in ddl.upper()


def _results(hr: TestClient, slug: str, round_id: int) -> dict[str, Any]:
    answer = hr.get(f"/api/o/{slug}/balans/{round_id}")
    assert answer.status_code == 200
    result: dict[str, Any] = answer.json()
    return result


def test_review_then_release_from_ten_responses(app_client: TestClient) -> None:
    slug, hr, org_id = _org(app_client)
    body = hr.post(f"/api/o/{slug}/balans", json={"name": "R", "units": ["A", "B"]}).json()
    round_id = body["round"]
    codes = {c["unit"]: c["code"] for c in body["codes"]}
    anonymous = _client(app_client)
    for n in range(9):
        said = f"Meer overleg {n}" if n != 4 else "Jan de Vries pest mij"
        assert anonymous.post(f"/api/r/{codes['A']}", json=_with(said)).status_code == 201
    for n in range(9):
        assert anonymous.post(f"/api/r/{codes['B']}", json=_with(f"B {n}")).status_code == 201

    # 9 responses: nothing readable, not even for the reviewer, and no release.
    review = hr.get(f"/api/o/{slug}/balans/{round_id}/comments").json()
    units = {u["unit"]: u for u in review["units"]}
    assert units["A"]["reviewable"] is False and units["A"]["new"] == []
    assert units["A"]["waiting"] == 9
    assert "Meer overleg" not in hr.get(f"/o/{slug}/balans/{round_id}/opmerkingen").text
    early = hr.post(f"/api/o/{slug}/balans/{round_id}/comments/release", json={"unit": "A"})
    assert early.status_code == 422 and "9 responses" in early.json()["detail"]

    assert anonymous.post(f"/api/r/{codes['A']}", json=_with("Meer overleg 9")).status_code == 201
    review = hr.get(f"/api/o/{slug}/balans/{round_id}/comments").json()
    unit_a = next(u for u in review["units"] if u["unit"] == "A")
    assert unit_a["reviewable"] is True and len(unit_a["new"]) == 10
    # Nothing is shown before release.
    assert _results(hr, slug, round_id)["comments"] == []

    naming = next(c for c in unit_a["new"] if "Jan de Vries" in c["text"])
    hidden = hr.post(
        f"/api/o/{slug}/balans/{round_id}/comments/hide", json={"comment": naming["id"]}
    )
    assert hidden.status_code == 204
    released = hr.post(f"/api/o/{slug}/balans/{round_id}/comments/release", json={"unit": "A"})
    assert released.json() == {"unit": "A", "released": 9}

    shown = _results(hr, slug, round_id)["comments"]
    assert [(c["unit"], c["question"]) for c in shown] == [("A", "helps_most")]
    assert sorted(shown[0]["answers"]) == sorted(f"Meer overleg {n}" for n in range(10) if n != 4)
    page = hr.get(f"/o/{slug}/balans/{round_id}").text
    assert "Meer overleg 3" in page and "Jan de Vries" not in page and "B 1" not in page

    # A late answer waits for the next review.
    assert anonymous.post(f"/api/r/{codes['A']}", json=_with("Laat idee")).status_code == 201
    assert "Laat idee" not in str(_results(hr, slug, round_id)["comments"])

    # Not in the per-round exports; only released ones in the full export.
    for path in ("export.csv", "export.xlsx", "summary.pdf"):
        got = hr.get(f"/o/{slug}/balans/{round_id}/{path}")
        assert got.status_code == 200
        assert b"Meer overleg" not in got.content and b"Laat idee" not in got.content
    full = lifecycle.export_all(app_database(app_client), system_tenant(org_id, slug, "test"))
    texts = sorted(c["text"] for c in full.balance_comments)
    assert texts == sorted(f"Meer overleg {n}" for n in range(10) if n != 4)
    dumped = full.model_dump_json()
    assert "Jan de Vries" not in dumped and "Laat idee" not in dumped


def test_the_answer_form_takes_an_open_answer(app_client: TestClient) -> None:
    slug, hr, org_id = _org(app_client)
    body = hr.post(f"/api/o/{slug}/balans", json={"name": "R", "units": ["A"]}).json()
    code = body["codes"][0]["code"]
    form = {f"q_{q.id}": "3" for q in default().questions}
    form["c_keep_doing"] = "  De koffie\x00 om tien uur  "
    sent = _client(app_client).post(f"/r/{code}", data=form)
    assert sent.status_code == 200 and "Dank u wel" in sent.text
    db = app_database(app_client)
    with db.tenant(system_tenant(org_id, slug, "test")) as session:
        stored = _comments(session, org_id)
    assert [(c.question, c.text, c.state) for c in stored] == [
        ("keep_doing", "De koffie om tien uur", "new")
    ]
