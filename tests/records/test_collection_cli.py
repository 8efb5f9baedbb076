"""`verzuim record import` and `verzuim search` with the shared practices of the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.records.test_records import _record
from verzuim.accounts import audit
from verzuim.cli import app
from verzuim.records.model import Words
from verzuim.store import config
from verzuim.store.database import Database
from verzuim.store.models import AuditEntry

runner = CliRunner()


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VERZUIM_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("VERZUIM_DATABASE_URL", raising=False)
    monkeypatch.delenv("VERZUIM_DATABASE_ADMIN_URL", raising=False)
    return tmp_path


def test_import_then_search_beside_the_report(store: Path) -> None:
    stats_before = runner.invoke(app, ["kb", "stats"]).stdout
    report_only = json.loads(
        runner.invoke(app, ["search", "werkdruk", "--format", "json", "--no-shared"]).stdout
    )
    assert "shared" not in report_only
    record = _record(
        None, "practice_based", id="cli-werkdruk", title=Words(nl="Werkdruk samen verdelen")
    )
    good = store / "good.json"
    good.write_text(record.model_dump_json(), encoding="utf-8")
    done = runner.invoke(app, ["record", "import", str(good)])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["files"][0]["action"] == "added"

    found = json.loads(runner.invoke(app, ["search", "werkdruk", "--format", "json"]).stdout)
    assert [h["id"] for h in found["shared"]["hits"]] == ["cli-werkdruk"]
    assert found["shared"]["hits"][0]["evidence"]["kind"] == "no_evaluation"
    assert {k: v for k, v in found.items() if k != "shared"} == report_only
    table = runner.invoke(app, ["search", "werkdruk"])
    assert "cli-werkdruk" in table.stdout and "Gedeelde praktijken" in table.stdout
    assert runner.invoke(app, ["kb", "stats"]).stdout == stats_before

    # The operator's import is in the audit chain outside organisations.
    database = Database(config.database_url())
    with database.public() as session:
        entries = [e for e in session.query(AuditEntry) if e.org_id is None]
    database.dispose()
    [entry] = [e for e in entries if e.object == "shared_practice:cli-werkdruk"]
    assert entry.actor.startswith("cli:") and entry.action == "create"
    assert audit.verify_chain(entries) == []


def test_a_refused_record_is_reported_and_nothing_is_stored(store: Path) -> None:
    proven = store / "proven.json"
    proven.write_text(_record(None, "proven", id="cli-proven").model_dump_json(), encoding="utf-8")
    good = store / "good.json"
    good.write_text(_record(None, "practice_based", id="cli-good").model_dump_json())
    refused = runner.invoke(app, ["record", "import", str(good), str(proven), "--lang", "en"])
    assert refused.exit_code == 1
    assert "evidence_claim: the record calls itself proven" in refused.stderr
    result = json.loads(refused.stdout)
    assert [f["action"] for f in result["files"]] == ["not_stored", "refused"]
    found = json.loads(runner.invoke(app, ["search", "", "--format", "json"]).stdout)
    assert found["shared"]["hits"] == []
    missing = runner.invoke(app, ["record", "import", str(store / "nothing.json")])
    assert missing.exit_code == 1 and "cannot read" in missing.stderr
    no_org = runner.invoke(app, ["record", "import", str(good), "--org", "nope"])
    assert no_org.exit_code == 1 and "No organisation 'nope'" in no_org.stderr
