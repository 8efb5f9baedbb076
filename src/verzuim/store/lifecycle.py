"""An organisation's data over its life: export all of it, delete it whole, and remove
employees (with their spells) a set time after their employment ended (retention)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select

from verzuim.accounts import audit, users
from verzuim.balance import archive
from verzuim.store import absence, organisations
from verzuim.store.database import Database
from verzuim.store.models import Organisation, PlanMeasure, PlanStatusChange
from verzuim.store.tenancy import Tenant, system_tenant


class OrgExport(BaseModel):
    """Everything the organisation stored, as it is stored (``verzuim org export``)."""

    format: str = "verzuim-org-export/1"
    exported_at: dt.datetime
    example_data: bool = False  # a demo organisation: every row is invented
    organisation: dict[str, Any]
    members: list[dict[str, Any]]
    employees: list[dict[str, Any]]
    episodes: list[dict[str, Any]]
    spells: list[dict[str, Any]]
    # The balance check (balance/archive.py): rounds, invitation counts (no codes),
    # anonymous responses and the aggregated results, suppression applied.
    balance_rounds: list[dict[str, Any]]
    balance_comments: list[dict[str, Any]]  # released answers to open questions only
    balance_invitations: list[dict[str, Any]]
    balance_responses: list[dict[str, Any]]
    balance_results: list[dict[str, Any]]
    plan_measures: list[dict[str, Any]] = []
    plan_status_changes: list[dict[str, Any]] = []


def export_all(database: Database, tenant: Tenant) -> OrgExport:
    with database.tenant(tenant) as session:
        audit.record(session, tenant, "export", "organisation", "all data")
        org = organisations.get(session, tenant)
        members = [
            {"email": u.email, "role": m.role, "units": list(m.units or [])}
            for u, m in users.members(session, tenant)
        ]
        tables = {n: absence.rows_for_export(session, tenant, n) for n in absence._TABLES}
        balance = archive.export_rows(session, tenant)
        for model in (PlanMeasure, PlanStatusChange):
            found = session.scalars(
                select(model).where(model.org_id == tenant.org_id).order_by(model.id)
            )
            tables[model.__tablename__] = [
                {c.name: getattr(r, c.name) for c in model.__table__.columns} for r in found
            ]
    for rows in tables.values():
        for row in rows:
            row.pop("org_id", None)
    return OrgExport(
        exported_at=dt.datetime.now(dt.UTC),
        example_data=bool((org.settings or {}).get("example_data")),
        organisation={
            "slug": org.slug,
            "name": org.name,
            "sbi_section": org.sbi_section,
            "size_class": org.size_class,
            "retention_months": org.retention_months,
        },
        members=members,
        employees=tables["employees"],
        episodes=tables["episodes"],
        spells=tables["spells"],
        balance_rounds=balance["balance_rounds"],
        balance_comments=balance["balance_comments"],
        balance_invitations=balance["balance_invitations"],
        balance_responses=balance["balance_responses"],
        balance_results=balance["balance_results"],
        plan_measures=tables["plan_measures"],
        plan_status_changes=tables["plan_status_changes"],
    )


def delete_organisation(database: Database, tenant: Tenant) -> None:
    """All of it, in one transaction; the audit chain keeps the record that it happened."""
    with database.tenant(tenant) as session:
        audit.record(session, tenant, "delete", "organisation", "all data")
        organisations.delete_whole(session, tenant)
    absence.WORKSPACES.clear()


def retention_cutoff(today: dt.date, months: int) -> dt.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    day = min(today.day, 28)
    return dt.date(year, month + 1, day)


def apply_retention(database: Database, org: Organisation, today: dt.date) -> int:
    """Remove employees whose employment ended more than the retention period ago."""
    tenant = system_tenant(org.id, org.slug, "worker:retention")
    cutoff = retention_cutoff(today, org.retention_months)
    with database.tenant(tenant) as session:
        removed = absence.remove_ended_employments(session, tenant, cutoff)
        audit.record(
            session,
            tenant,
            "delete",
            "absence-data",
            f"retention: {removed} employees whose employment ended before {cutoff}",
        )
    return removed


def apply_retention_everywhere(database: Database, today: dt.date) -> dict[str, int]:
    with database.public() as session:
        orgs = organisations.all_organisations(session)
    return {org.slug: apply_retention(database, org, today) for org in orgs}


def daily(database: Database) -> object:
    """What the worker does once a day: drop expired sessions and old login attempts, the
    files of imports nobody answered, and apply every organisation's retention setting."""
    from verzuim.accounts import sessions
    from verzuim.store import demo, jobs

    with database.public() as session:
        sessions.purge_expired(session)
    jobs.purge_held(database)
    demo.remove_expired(database, dt.date.today())
    return apply_retention_everywhere(database, dt.date.today())
