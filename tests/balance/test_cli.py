"""``verzuim balans create`` with the JSON shape issue 9 names, and ``balans results``."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from verzuim.balance.answering import submit
from verzuim.balance.instrument import default
from verzuim.cli import app
from verzuim.store.database import Database

runner = CliRunner()


def test_create_with_codes_and_read_results(store: Database) -> None:
    assert runner.invoke(app, ["org", "create", "acme", "--name", "Acme"]).exit_code == 0
    args = ["balans", "create", "--org", "acme", "--name", "Voorjaar"]
    made = runner.invoke(
        app, [*args, "--unit", "Zorg/A", "--unit", "Kantoor", "--codes", "5", "--format", "json"]
    )
    assert made.exit_code == 0, made.output
    payload = json.loads(made.stdout)
    assert set(payload) == {"round", "codes"}
    assert isinstance(payload["round"], int)
    assert [set(c) for c in payload["codes"]] == [{"unit", "code"}] * 10
    assert sum(c["unit"] == "Zorg/A" for c in payload["codes"]) == 5
    for c in payload["codes"][:5]:
        submit(store, c["code"], {q.id: 2 for q in default().questions})
    shown = runner.invoke(
        app,
        [
            "balans",
            "results",
            "--org",
            "acme",
            "--round",
            str(payload["round"]),
            "--format",
            "json",
        ],
    )
    assert shown.exit_code == 0, shown.output
    units = {u["unit"]: u for u in json.loads(shown.stdout)["units"]}
    assert units["Zorg/A"]["scores"]["emotional"] == 25.0
    assert units["Kantoor"]["suppressed"] is True


def test_open_codes_and_table_and_refusals(store: Database) -> None:
    assert runner.invoke(app, ["org", "create", "acme", "--name", "Acme"]).exit_code == 0
    made = runner.invoke(
        app, ["balans", "create", "--org", "acme", "--name", "R", "--unit", "A", "--format", "json"]
    )
    assert len(json.loads(made.stdout)["codes"]) == 1
    table = runner.invoke(app, ["balans", "create", "--org", "acme", "--name", "R", "--unit", "A"])
    assert table.exit_code == 0 and "/r/" in table.stdout
    bad = runner.invoke(
        app,
        [
            "balans",
            "create",
            "--org",
            "acme",
            "--name",
            "R",
            "--unit",
            "A",
            "--closes",
            "2020-01-01",
            "--opens",
            "2021-01-01",
        ],
    )
    assert bad.exit_code == 2 and "closes" in bad.output
    unknown = runner.invoke(
        app, ["balans", "create", "--org", "nope", "--name", "R", "--unit", "A"]
    )
    assert unknown.exit_code == 1 and "No organisation 'nope'" in unknown.output
