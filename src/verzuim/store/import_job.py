"""The import job: uploaded files in, all-or-nothing import into the organisation's store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from verzuim.analytics import service
from verzuim.store import absence, column_mappings, jobs
from verzuim.store.database import Database
from verzuim.store.tenancy import Tenant


@jobs.handler("import")
def run_import(
    database: Database, claimed: jobs.Claimed, report: Callable[[str, int, int], None]
) -> dict[str, Any]:
    files = jobs.unpack(claimed.payload or b"")

    def upload(role: str) -> service.Upload | None:
        return service.Upload(*files[role]) if role in files else None

    with database.tenant(claimed.tenant, read_only=True) as session:
        remembered = column_mappings.remembered(session, claimed.tenant)
    # Columns picked in the page for this upload win over what was remembered before.
    for kind, picked in (claimed.params.get("columns") or {}).items():
        remembered[kind] = {**remembered.get(kind, {}), **picked}
    parsed = service.parse_uploads(
        upload("employees"),
        upload("spells"),
        upload("mapping"),
        progress=report,
        remembered=remembered,
    )
    report("store", 0, 1)
    summary = absence.import_parsed(
        database,
        claimed.tenant,
        parsed,
        claimed.params["mode"],
        allow_unrelated=bool(claimed.params.get("confirmed", False)),
    )
    report("store", 1, 1)
    return summary.model_dump(mode="json")


def held(summary: dict[str, Any] | None) -> bool:
    """An import waiting for the user (a confirmation or a column mapping) keeps its files
    until the user answers or housekeeping removes them (``jobs.purge_held``)."""
    return bool(summary and summary.get("awaiting"))


def run_now(database: Database, tenant: Tenant, job_id: str) -> None:
    """Run a job this request submitted as running (``jobs.submit(queue=False)``) in the
    calling thread (small uploads); no worker can claim it."""
    with database.tenant(tenant) as session:
        job = jobs.get(session, tenant, job_id)
        assert job is not None and job.state == "running"
        claimed = jobs.Claimed(job.id, job.kind, tenant, dict(job.params), job.payload)

    def report(stage: str, done: int, total: int) -> None:
        return None

    try:
        result = jobs.HANDLERS[claimed.kind](database, claimed, report)
    except Exception as exc:
        jobs.finish(database, tenant, job_id, None, f"{type(exc).__name__}: {exc}")
        raise
    jobs.finish(database, tenant, job_id, result, None)
