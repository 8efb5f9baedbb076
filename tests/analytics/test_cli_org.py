"""`verzuim analyse --org`: the stored data, the same JSON as with files, audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tests.analytics.helpers import employees_csv, fillers, spells_csv
from verzuim.cli import app
from verzuim.store import config
from verzuim.store.database import Database
from verzuim.store.models import AuditEntry

runner = CliRunner()
PERIOD = ["--from", "2024-01-01", "--to", "2024-12-31"]


@pytest.fixture()
def stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("VERZUIM_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.delenv("VERZUIM_DATABASE_URL", raising=False)
    emps = [*fillers(5, "A"), *[(f"b{i}", "B", 0.5, "2010-01-01", "") for i in range(5)]]
    spells = [
        ("f0", "s1", "2024-01-10", "2024-01-19", 100, "sick"),
        ("b1", "s2", "2024-03-01", "2024-03-05", 50, "sick"),
        ("b2", "s3", "2024-11-20", "", 100, "sick"),
    ]
    e, s = tmp_path / "E.csv", tmp_path / "S.csv"
    e.write_bytes(employees_csv(emps))
    s.write_bytes(spells_csv(spells))
    assert runner.invoke(app, ["org", "create", "acme", "--name", "Acme"]).exit_code == 0
    imported = runner.invoke(
        app, ["import", "--org", "acme", "--employees", str(e), "--spells", str(s)]
    )
    assert imported.exit_code == 0, imported.stderr
    return e, s


def test_org_gives_the_same_json_as_the_files(stored: tuple[Path, Path]) -> None:
    e, s = stored
    files = runner.invoke(
        app, ["analyse", "--employees", str(e), "--spells", str(s), *PERIOD, "--by", "unit",
              "--format", "json"],
    )  # fmt: skip
    org = runner.invoke(
        app, ["analyse", "--org", "acme", *PERIOD, "--by", "unit", "--format", "json"]
    )
    assert files.exit_code == 0 and org.exit_code == 0, org.stderr
    assert json.loads(org.stdout) == json.loads(files.stdout)
    assert json.loads(org.stdout)["total"]["employees"] == 10


def test_org_read_is_audited_as_the_cli_user(stored: tuple[Path, Path]) -> None:
    assert runner.invoke(app, ["analyse", "--org", "acme", *PERIOD]).exit_code == 0
    database = Database(config.database_url())
    try:
        with database.public() as session:
            entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
            reads = [(e.action, e.actor) for e in entries if e.object == "analyse/metrics"]
    finally:
        database.dispose()
    assert reads and reads[-1][0] == "read" and reads[-1][1].startswith("cli:")


def test_org_and_files_together_or_neither_are_refused(stored: tuple[Path, Path]) -> None:
    e, _spells = stored
    both = runner.invoke(app, ["analyse", "--org", "acme", "--employees", str(e), *PERIOD])
    assert both.exit_code == 1 and "not both" in both.stderr
    neither = runner.invoke(app, ["analyse", *PERIOD])
    assert neither.exit_code == 1 and "--org" in neither.stderr
    unknown = runner.invoke(app, ["analyse", "--org", "nobody", *PERIOD])
    assert unknown.exit_code == 1 and "No organisation 'nobody'" in unknown.stderr


def test_import_merge_of_an_unrelated_file_needs_confirmation(
    stored: tuple[Path, Path], tmp_path: Path
) -> None:
    other = tmp_path / "other.csv"
    other.write_bytes(employees_csv([(f"z{i}", "C", 1.0, "2020-01-01", "") for i in range(5)]))
    command = ["import", "--org", "acme", "--employees", str(other)]
    held = runner.invoke(app, command)
    assert held.exit_code == 1 and "--confirm-unrelated" in held.stderr
    done = runner.invoke(app, [*command, "--confirm-unrelated"])
    assert done.exit_code == 0 and "5 added" in done.stdout
