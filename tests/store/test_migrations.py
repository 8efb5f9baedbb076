"""Migrations: from an empty database, and from a store holding an earlier version's data."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner

from tests.analytics.helpers import employees_csv, fillers, spells_csv
from tests.dbsetup import fresh_postgres_database, using_postgres
from verzuim.analytics import service
from verzuim.analytics.store import Store as DuckStore
from verzuim.cli import app
from verzuim.store import migrate
from verzuim.store.models import Base

runner = CliRunner()


def _upgrade_and_compare(url: str) -> None:
    engine = create_engine(url)
    assert migrate.current(engine) is None
    migrate.upgrade(url)
    assert migrate.current(engine) == migrate.head()
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    migrate.upgrade(url)  # a second run changes nothing
    assert migrate.current(engine) == migrate.head()
    engine.dispose()


def test_upgrade_from_an_empty_sqlite_database(tmp_path: Path) -> None:
    _upgrade_and_compare(f"sqlite:///{tmp_path / 'empty.sqlite3'}")


@pytest.mark.skipif(not using_postgres(), reason="PostgreSQL run")
def test_upgrade_from_an_empty_postgres_database() -> None:
    _app_url, owner_url = fresh_postgres_database()
    engine = create_engine(owner_url)
    with engine.begin() as connection:  # fresh_postgres_database migrated it: start again
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    _upgrade_and_compare(owner_url)


def test_an_earlier_versions_store_is_brought_into_an_organisation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The single-organisation DuckDB file of earlier versions: upgrade points at it, and
    import-legacy brings every row into the organisation, figures unchanged."""
    monkeypatch.setenv("VERZUIM_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("VERZUIM_DATABASE_URL", raising=False)
    emps = [*fillers(5, "A"), *fillers(6, "B")]
    emps = [(f"{e[0]}{e[1]}", *e[1:]) for e in emps]
    spells = [("f0A", "s1", "2024-02-01", "2024-02-10", 100, "sick")]
    legacy = DuckStore(tmp_path / "analytics.duckdb")
    summary = legacy.import_parsed(
        service.parse_uploads(
            service.Upload("e.csv", employees_csv(emps)),
            service.Upload("s.csv", spells_csv(spells)),
        ),
        org_id="default",
        mode="replace",
    )
    assert summary.accepted
    legacy.close()

    upgraded = runner.invoke(app, ["db", "upgrade"])
    assert upgraded.exit_code == 0 and "import-legacy" in upgraded.stdout
    assert runner.invoke(app, ["org", "create", "oud", "--name", "Oud"]).exit_code == 0
    moved = runner.invoke(app, ["db", "import-legacy", "--org", "oud"])
    assert moved.exit_code == 0, moved.stdout + moved.stderr
    assert "11 employees and 1 episodes" in moved.stdout
    exported = runner.invoke(app, ["org", "export", "oud"])
    data = __import__("json").loads(exported.stdout)
    assert len(data["employees"]) == 11 and len(data["spells"]) == 1
