"""The hosted store as the benchmark's input: ``verzuim org export --format parquet`` and
``verzuim benchmark build --from-store`` give the cells of the same data as a folder."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import insert, select
from typer.testing import CliRunner

from tests.benchmark.conftest import GOLDEN
from tests.dbsetup import fresh_postgres_database, using_postgres
from verzuim.benchmark import build, output
from verzuim.benchmark.engines import DuckDBEngine
from verzuim.benchmark.from_store import Pseudonyms, export_parquet
from verzuim.benchmark.models import Benchmark
from verzuim.cli import app
from verzuim.store import organisations
from verzuim.store.database import Database
from verzuim.store.migrate import upgrade
from verzuim.store.models import AuditEntry, EmployeeRow, EpisodeRow
from verzuim.store.tenancy import Tenant, system_tenant

runner = CliRunner()


def _read(name: str) -> list[dict[str, str]]:
    with (GOLDEN / f"{name}.csv").open() as handle:
        return list(csv.DictReader(handle))


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    """A store holding the golden organisations (slug = the golden org_id) and their rows:
    SQLite, or a fresh PostgreSQL database (``VERZUIM_TEST_DATABASE=postgres``), where the
    app's role is bound by row-level security."""
    monkeypatch.setenv("VERZUIM_DATA_DIR", str(tmp_path))
    if using_postgres():
        url, owner = fresh_postgres_database()
        monkeypatch.setenv("VERZUIM_DATABASE_URL", url)
        monkeypatch.setenv("VERZUIM_DATABASE_ADMIN_URL", owner)
    else:
        monkeypatch.delenv("VERZUIM_DATABASE_URL", raising=False)
        monkeypatch.delenv("VERZUIM_DATABASE_ADMIN_URL", raising=False)
        url = f"sqlite:///{tmp_path / 'verzuim.sqlite3'}"
        upgrade(url)
    database = Database(url)
    tenants: dict[str, Tenant] = {}
    with database.public() as session:
        for r in _read("organisations"):
            org = organisations.create(
                session, r["org_id"], r["org_id"], r["sbi_section"] or None,
                r["size_class"] or None, r["region"],
            )  # fmt: skip
            tenants[r["org_id"]] = system_tenant(org.id, org.slug, "test")
    employees, episodes = _read("employees"), _read("spells")
    for slug, tenant in tenants.items():
        mine = [r for r in employees if r["org_id"] == slug]
        their_episodes = [r for r in episodes if r["org_id"] == slug]
        with database.tenant(tenant) as session:
            if mine:
                session.execute(insert(EmployeeRow), [_employee(tenant, r) for r in mine])
            if their_episodes:
                session.execute(insert(EpisodeRow), [_episode(tenant, r) for r in their_episodes])
    return database


def _employee(tenant: Tenant, r: dict[str, str]) -> dict[str, object]:
    return {
        "org_id": tenant.org_id,
        "employee_id": r["employee_id"],
        "unit": r["unit"],
        "part_time_factor": float(r["part_time_factor"]),
        "employment_start": _day(r["employment_start"]),
        "employment_end": _day(r["employment_end"]),
    }


def _episode(tenant: Tenant, r: dict[str, str]) -> dict[str, object]:
    return {
        "org_id": tenant.org_id,
        "employee_id": r["employee_id"],
        "spell_id": r["spell_id"],
        "first_day": _day(r["first_day"]),
        "last_day": _day(r["last_day"]),
        "unfit_pct": float(r["unfit_pct"]),
        "kind": r["kind"],
    }


def _tenants(database: Database) -> list[Tenant]:
    with database.public() as session:
        return [
            system_tenant(o.id, o.slug, "test") for o in organisations.all_organisations(session)
        ]


def _build(folder: Path | str, by: list[str]) -> Benchmark:
    engine = DuckDBEngine()
    try:
        return build.build(engine, folder, by, "quarter")  # type: ignore[arg-type]
    finally:
        engine.close()


def _rows(folder: Path, table: str) -> list[tuple[object, ...]]:
    con = duckdb.connect()
    try:
        return con.execute(f"SELECT * FROM read_parquet('{folder / table}.parquet')").fetchall()
    finally:
        con.close()


def test_the_export_is_the_input_layout_pseudonymised_and_audited_per_organisation(
    store: Database, tmp_path: Path
) -> None:
    out = tmp_path / "pool"
    written = export_parquet(store, _tenants(store), out)
    assert (written.organisations, written.employees, written.episodes) == (16, 75, 10)
    assert sorted(p.name for p in out.iterdir()) == [
        "employees.parquet",
        "organisations.parquet",
        "spells.parquet",
    ]
    orgs, emps, eps = (_rows(out, t) for t in ("organisations", "employees", "spells"))
    # No key of the store leaves: not the slug, not the employee or spell numbers, no unit.
    stored_keys = {r["org_id"] for r in _read("organisations")} | {
        r["employee_id"] for r in _read("employees")
    } | {r["spell_id"] for r in _read("spells")}  # fmt: skip
    exported_keys = {o[0] for o in orgs} | {e[1] for e in emps} | {x[2] for x in eps}
    assert not stored_keys & exported_keys
    assert {e[2] for e in emps} == {"-"}
    # ... but the spells still join their employees, within their organisation.
    assert {(x[0], x[1]) for x in eps} <= {(e[0], e[1]) for e in emps}
    assert sorted((o[1] or "", o[2] or "", o[3]) for o in orgs) == sorted(
        (r["sbi_section"], r["size_class"], r["region"]) for r in _read("organisations")
    )
    for tenant in _tenants(store):
        with store.tenant(tenant) as session:
            audited = session.execute(
                select(AuditEntry.org_id, AuditEntry.object).where(
                    AuditEntry.action == "export", AuditEntry.org_id == tenant.org_id
                )
            ).all()
        assert [tuple(a) for a in audited] == [(tenant.org_id, "absence-data")]


def test_a_second_export_cannot_be_linked_to_the_first(store: Database, tmp_path: Path) -> None:
    first = export_parquet(store, _tenants(store), tmp_path / "a").folder
    second = export_parquet(store, _tenants(store), tmp_path / "b").folder
    assert not {e[1] for e in _rows(first, "employees")} & {
        e[1] for e in _rows(second, "employees")
    }
    same = Pseudonyms(b"k" * 32)
    assert same("e", 1, "x") == same("e", 1, "x") != same("e", 2, "x")


@pytest.mark.parametrize("by", [["sector", "size_class"], ["sector", "size_class", "region"]])
def test_the_store_gives_the_cells_of_the_folder(
    store: Database, tmp_path: Path, by: list[str]
) -> None:
    exported = export_parquet(store, _tenants(store), tmp_path / "pool").folder
    from_store, from_folder = _build(exported, by), _build(GOLDEN, by)
    assert from_store.cells == from_folder.cells
    assert len(by) == 3 or any(not c.suppressed for c in from_store.cells)
    assert (from_store.organisations_in_input, from_store.organisations_without_cell) == (
        from_folder.organisations_in_input,
        from_folder.organisations_without_cell,
    )


def test_the_commands_export_and_build_from_the_store(store: Database, tmp_path: Path) -> None:
    store.dispose()
    pool, out = tmp_path / "pool", tmp_path / "bench"
    done = runner.invoke(app, ["org", "export", "--all", "--format", "parquet", "--out", str(pool)])
    assert done.exit_code == 0, done.output
    assert "16 organisations, 75 employees and 10 episodes" in done.stderr
    one = runner.invoke(
        app, ["org", "export", "g1", "--format", "parquet", "--out", str(tmp_path / "g1")]
    )
    assert one.exit_code == 0, one.output
    assert len(_rows(tmp_path / "g1", "organisations")) == 1
    args = ["--by", "sector,size_class", "--period", "quarter", "--out", str(out)]
    built = runner.invoke(app, ["benchmark", "build", "--from-store", *args])
    assert built.exit_code == 0, built.output
    assert sorted(p.name for p in out.iterdir()) == [output.CSV, output.MANIFEST, output.PARQUET]
    assert output.load(out).cells == _build(GOLDEN, ["sector", "size_class"]).cells


@pytest.mark.parametrize(
    "args",
    [
        ["org", "export", "--all"],  # JSON is of one organisation
        ["org", "export", "g1", "--format", "parquet"],  # no --out folder
        ["org", "export", "g1", "--all", "--format", "parquet", "--out", "x"],  # both
        ["benchmark", "build", "--out", "x"],  # neither --input nor --from-store
    ],
)
def test_unclear_export_arguments_are_refused(store: Database, args: list[str]) -> None:
    done = runner.invoke(app, args)
    assert done.exit_code == 2, done.output


def test_a_region_is_set_checked_and_listed(store: Database) -> None:
    assert runner.invoke(app, ["org", "set-region", "g1", "  Noord  Holland "]).exit_code == 0
    listed = runner.invoke(app, ["org", "list"]).output
    assert "g1\tg1\tG\t10-100\tNoord Holland" in listed
    bad = runner.invoke(app, ["org", "set-region", "g1", "x" * 41])
    assert bad.exit_code == 1 and "at most 40" in bad.stderr
    assert runner.invoke(app, ["org", "set-region", "g1", ""]).exit_code == 0
    assert "g1\tg1\tG\t10-100\t-" in runner.invoke(app, ["org", "list"]).output
