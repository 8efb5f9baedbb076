"""Jobs that survive a restart, the worker command, retention, export and deletion."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from tests.analytics.helpers import employees_csv, fillers, spells_csv
from verzuim.cli import app
from verzuim.store import jobs, lifecycle, organisations
from verzuim.store.database import Database
from verzuim.store.tenancy import system_tenant

runner = CliRunner()


def test_a_queued_import_survives_a_restart_and_runs_in_the_worker(
    store: Database, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["org", "create", "acme", "--name", "Acme"]).exit_code == 0
    with store.public() as session:
        org = organisations.by_slug(session, "acme")
        assert org is not None
        tenant = system_tenant(org.id, org.slug, "test")
    payload = jobs.pack(
        {
            "employees": ("e.csv", employees_csv(fillers(6))),
            "spells": (
                "s.csv",
                spells_csv([("f0", "s1", "2024-01-02", "2024-01-05", 100, "sick")]),
            ),
        }
    )
    with store.tenant(tenant) as session:
        job_id = jobs.enqueue(session, tenant, "import", {"mode": "merge"}, payload).id
    # A worker claims it and "dies" (the process stops while the job is running) ...
    assert jobs.claim(store, "dead-worker") is not None
    store.dispose()
    # ... the next worker puts it back in the queue and runs it.
    done = runner.invoke(app, ["worker", "--once"])
    assert done.exit_code == 0, done.stderr
    with store.tenant(tenant) as session:
        job = jobs.get(session, tenant, job_id)
        assert job is not None
        assert (job.state, job.payload, job.result and job.result["employees_added"]) == (
            "done",
            None,
            6,
        )


def test_retention_removes_employees_long_gone_and_is_audited(store: Database) -> None:
    assert runner.invoke(app, ["org", "create", "acme", "--name", "Acme"]).exit_code == 0
    emps = [
        *fillers(5),
        ("gone", "A", 1.0, "2010-01-01", "2020-06-30"),
        ("recent", "A", 1.0, "2010-01-01", "2024-06-30"),
    ]
    spells = [("gone", "s1", "2019-01-01", "2019-01-05", 100, "sick")]
    (Path(store.url.removeprefix("sqlite:///")).parent / "e.csv").write_bytes(employees_csv(emps))
    folder = Path(store.url.removeprefix("sqlite:///")).parent
    (folder / "s.csv").write_bytes(spells_csv(spells))
    imported = runner.invoke(
        app,
        [
            "import",
            "--org",
            "acme",
            "--employees",
            str(folder / "e.csv"),
            "--spells",
            str(folder / "s.csv"),
        ],
    )
    assert imported.exit_code == 0, imported.stderr
    with store.public() as session:
        org = organisations.by_slug(session, "acme")
        assert org is not None
    removed = lifecycle.apply_retention(store, org, dt.date(2025, 1, 1))
    assert removed == 1  # ended 2020-06-30, more than 24 months before; 'recent' stays
    exported = json.loads(runner.invoke(app, ["org", "export", "acme"]).stdout)
    ids = {e["employee_id"] for e in exported["employees"]}
    assert "gone" not in ids and "recent" in ids and exported["spells"] == []


def test_delete_removes_the_organisation_whole(store: Database) -> None:
    assert runner.invoke(app, ["org", "create", "acme", "--name", "Acme"]).exit_code == 0
    assert runner.invoke(app, ["org", "delete", "acme", "--yes"]).exit_code == 0
    assert "acme" not in runner.invoke(app, ["org", "list"]).stdout
    verified = runner.invoke(app, ["audit", "verify"])
    assert verified.exit_code == 0 and "intact" in verified.stdout
