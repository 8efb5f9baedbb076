"""The balance tables in the organisation's full export, and gone with the organisation."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from verzuim.balance.answering import submit
from verzuim.balance.instrument import default
from verzuim.cli import app
from verzuim.store.database import Database
from verzuim.store.models import BalanceCode, BalanceResponse, BalanceRound

runner = CliRunner()


def _round(store: Database) -> tuple[int, list[str]]:
    assert runner.invoke(app, ["org", "create", "acme", "--name", "Acme"]).exit_code == 0
    made = runner.invoke(
        app,
        [
            *("balans", "create", "--org", "acme", "--name", "Voorjaar", "--unit", "Zorg"),
            *("--unit", "ICT", "--unit", "Kantoor", "--codes", "6", "--format", "json"),
        ],
    )
    assert made.exit_code == 0, made.output
    payload = json.loads(made.stdout)
    for unit, value, n in (("Zorg", 2, 6), ("ICT", 3, 5), ("Kantoor", 4, 1)):
        for code in [c["code"] for c in payload["codes"] if c["unit"] == unit][:n]:
            submit(store, code, {q.id: value for q in default().questions})
    return int(payload["round"]), [c["code"] for c in payload["codes"]]


def test_the_full_export_holds_rounds_responses_and_results_but_no_code(store: Database) -> None:
    round_id, codes = _round(store)
    done = runner.invoke(app, ["org", "export", "acme"])
    assert done.exit_code == 0, done.output
    exported = json.loads(done.stdout)
    assert [r["id"] for r in exported["balance_rounds"]] == [round_id]
    assert exported["balance_rounds"][0]["units"] == ["Zorg", "ICT", "Kantoor"]
    assert len(exported["balance_responses"]) == 12
    assert {r["unit"] for r in exported["balance_responses"]} == {"Zorg", "ICT", "Kantoor"}
    assert set(exported["balance_responses"][0]) == {"id", "round_id", "unit", "day", "answers"}
    invited = {i["unit"]: (i["codes"], i["used"]) for i in exported["balance_invitations"]}
    assert invited == {"Zorg": (6, 6), "ICT": (6, 5), "Kantoor": (6, 1)}
    results = exported["balance_results"]
    zorg = {r["dimension"]: r["score"] for r in results if r["unit"] == "Zorg"}
    assert zorg["emotional"] == 25.0  # (2 - 1) x 25 on every answer
    # Kantoor (1 response) is hidden without scores; the total (12) is shown.
    kantoor = [r for r in results if r["unit"] == "Kantoor"]
    assert kantoor == [
        {
            "round_id": round_id,
            "unit": "Kantoor",
            "responses": 1,
            "suppressed": "small",
            "dimension": None,
            "score": None,
        }
    ]
    # ICT, the smallest shown unit, is hidden too: else Kantoor = total - Zorg - ICT.
    assert [(r["suppressed"], r["score"]) for r in results if r["unit"] == "ICT"] == [
        ("complementary", None)
    ]
    total = {r["dimension"]: r["score"] for r in results if r["unit"] is None}
    assert total["emotional"] == pytest.approx((6 * 25 + 5 * 50 + 75) / 12)
    for code in codes:
        assert code not in done.stdout


def test_the_organisation_delete_removes_every_balance_row(store: Database) -> None:
    _round(store)
    assert runner.invoke(app, ["org", "delete", "acme", "--yes"]).exit_code == 0
    with store.public() as session:
        for model in (BalanceRound, BalanceCode, BalanceResponse):
            assert session.scalar(select(func.count()).select_from(model)) == 0
