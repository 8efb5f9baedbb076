"""The plan's repository and views: every function takes the organisation context; reads
and changes are audited; input is checked whole before anything is written.

Managers see the measures that concern their unit subtrees (and organisation-wide ones);
the web layer decides who may change (accounts/permissions.py), not this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from verzuim.accounts import audit, users
from verzuim.knowledge import load
from verzuim.plans.model import (
    ActorRef,
    ByOwner,
    Choices,
    Filters,
    MeasureIn,
    OwnerGroup,
    OwnerRef,
    PlanItem,
    PlanList,
    ProcessFields,
    Status,
    StatusEntry,
    StatusIn,
    Timeline,
    TimelineBar,
)
from verzuim.plans.validate import PlanError, check_measure, check_status, unit_prefixes
from verzuim.store.database import Database
from verzuim.store.models import EmployeeRow, PlanMeasure, PlanStatusChange, utcnow
from verzuim.store.tenancy import Tenant


class NotFound(LookupError):
    """No such measure in this organisation (or not one this manager may see)."""


def actor_refs() -> dict[str, ActorRef]:
    """The professionals of the knowledge base (chapter 5), kerndeskundigen marked."""
    return {
        a.id: ActorRef(id=a.id, name_nl=a.name.nl, name_en=a.name.en, core_expert=a.core_expert)
        for a in load().actors
    }


def employee_units(session: Session, tenant: Tenant) -> list[str]:
    rows = session.scalars(
        select(EmployeeRow.unit).where(EmployeeRow.org_id == tenant.org_id).distinct()
    )
    return sorted(set(rows))


def _members(session: Session, tenant: Tenant) -> dict[int, OwnerRef]:
    return {u.id: OwnerRef(user_id=u.id, email=u.email) for u, _m in users.members(session, tenant)}


def _concerns(tenant: Tenant, units: Sequence[str]) -> bool:
    """Whether a manager's subtrees meet the measure's units (organisation-wide: always)."""
    if not tenant.unit_limited or not units:
        return True
    return any(
        tenant.sees_unit(u) or any(root.startswith(u + "/") for root in tenant.units) for u in units
    )


def _history(session: Session, tenant: Tenant, measure_id: int) -> list[StatusEntry]:
    rows = session.scalars(
        select(PlanStatusChange)
        .where(PlanStatusChange.org_id == tenant.org_id, PlanStatusChange.measure_id == measure_id)
        .order_by(PlanStatusChange.id)
    ).all()
    return [StatusEntry(status=r.status, day=r.day, by=r.changed_by) for r in rows]


def _item(
    row: PlanMeasure,
    history: list[StatusEntry],
    members: dict[int, OwnerRef],
    actors: dict[str, ActorRef],
) -> PlanItem:
    started = next((h.day for h in history if h.status == "running"), None)
    finished = next((h.day for h in reversed(history) if h.status in ("done", "stopped")), None)
    if row.status not in ("done", "stopped"):
        finished = None
    return PlanItem(
        id=row.id,
        title=row.title,
        origin=row.origin,
        origin_ref=row.origin_ref,
        risk=row.risk,
        units=list(row.units),
        actors=[actors[a] for a in row.actors if a in actors],
        owner=members.get(row.owner_id) if row.owner_id is not None else None,
        budget_eur=row.budget_eur,
        planned_start=row.planned_start,
        planned_end=row.planned_end,
        status=row.status,
        status_since=row.status_since,
        started=started,
        finished=finished,
        notes=row.notes,
        process=ProcessFields.model_validate(row.process or {}),
        history=history,
    )


def _row(session: Session, tenant: Tenant, measure_id: int) -> PlanMeasure:
    row = session.scalars(
        select(PlanMeasure).where(PlanMeasure.org_id == tenant.org_id, PlanMeasure.id == measure_id)
    ).first()
    if row is None or not _concerns(tenant, row.units):
        raise NotFound(measure_id)
    return row


def _checked(session: Session, tenant: Tenant, data: MeasureIn) -> MeasureIn:
    known = unit_prefixes(employee_units(session, tenant))
    cleaned, problems = check_measure(
        data, known, set(_members(session, tenant)), set(actor_refs())
    )
    if problems:
        raise PlanError(problems)
    return cleaned


def choices(database: Database, tenant: Tenant) -> Choices:
    """What the form offers: units of the tree, members as owners, the professionals."""
    with database.tenant(tenant, read_only=True) as session:
        units = sorted(unit_prefixes(employee_units(session, tenant)))
        members = list(_members(session, tenant).values())
    actors = sorted(actor_refs().values(), key=lambda a: (not a.core_expert, a.name_nl))
    return Choices(units=[u for u in units if tenant.sees_unit(u)], members=members, actors=actors)


def create(database: Database, tenant: Tenant, data: MeasureIn, today: dt.date) -> PlanItem:
    with database.tenant(tenant) as session:
        cleaned = _checked(session, tenant, data)
        row = PlanMeasure(
            org_id=tenant.org_id,
            **cleaned.model_dump(),
            status="planned",
            status_since=today,
            process={},
            created_by=tenant.actor,
            created_at=utcnow(),
            updated_at=utcnow(),
        )
        session.add(row)
        session.flush()
        session.add(
            PlanStatusChange(
                org_id=tenant.org_id,
                measure_id=row.id,
                status="planned",
                day=today,
                changed_by=tenant.actor,
            )
        )
        session.flush()
        audit.record(session, tenant, "create", f"plan/{row.id}", f"origin={row.origin}")
        return _item(
            row, _history(session, tenant, row.id), _members(session, tenant), actor_refs()
        )


def update(database: Database, tenant: Tenant, measure_id: int, data: MeasureIn) -> PlanItem:
    with database.tenant(tenant) as session:
        row = _row(session, tenant, measure_id)
        cleaned = _checked(session, tenant, data)
        for key, value in cleaned.model_dump().items():
            setattr(row, key, value)
        row.updated_at = utcnow()
        audit.record(session, tenant, "change", f"plan/{measure_id}", "fields")
        return _item(
            row, _history(session, tenant, row.id), _members(session, tenant), actor_refs()
        )


def set_status(
    database: Database, tenant: Tenant, measure_id: int, data: StatusIn, today: dt.date
) -> PlanItem:
    day = data.day or today
    with database.tenant(tenant) as session:
        row = _row(session, tenant, measure_id)
        history = _history(session, tenant, measure_id)
        problems = check_status(row.status, data.status, day, history, today)  # type: ignore[arg-type]
        if problems:
            raise PlanError(problems)
        row.status, row.status_since, row.updated_at = data.status, day, utcnow()
        session.add(
            PlanStatusChange(
                org_id=tenant.org_id,
                measure_id=measure_id,
                status=data.status,
                day=day,
                changed_by=tenant.actor,
            )
        )
        session.flush()
        audit.record(session, tenant, "change", f"plan/{measure_id}", f"status={data.status}")
        return _item(
            row, _history(session, tenant, row.id), _members(session, tenant), actor_refs()
        )


def set_process(
    database: Database, tenant: Tenant, measure_id: int, data: ProcessFields
) -> PlanItem:
    with database.tenant(tenant) as session:
        row = _row(session, tenant, measure_id)
        row.process = data.model_dump(mode="json")
        row.updated_at = utcnow()
        audit.record(session, tenant, "change", f"plan/{measure_id}", "process evaluation")
        return _item(
            row, _history(session, tenant, row.id), _members(session, tenant), actor_refs()
        )


def delete(database: Database, tenant: Tenant, measure_id: int) -> None:
    with database.tenant(tenant) as session:
        row = _row(session, tenant, measure_id)
        session.delete(row)
        audit.record(session, tenant, "delete", f"plan/{measure_id}")


def item(
    database: Database, tenant: Tenant, measure_id: int, action: audit.Action = "read"
) -> PlanItem:
    with database.tenant(tenant) as session:
        row = _row(session, tenant, measure_id)
        audit.record(session, tenant, action, f"plan/{measure_id}")
        return _item(
            row, _history(session, tenant, row.id), _members(session, tenant), actor_refs()
        )


def _all(session: Session, tenant: Tenant) -> list[PlanItem]:
    rows = session.scalars(
        select(PlanMeasure)
        .where(PlanMeasure.org_id == tenant.org_id)
        .order_by(PlanMeasure.planned_start.is_(None), PlanMeasure.planned_start, PlanMeasure.id)
    ).all()
    changes = session.scalars(
        select(PlanStatusChange)
        .where(PlanStatusChange.org_id == tenant.org_id)
        .order_by(PlanStatusChange.id)
    ).all()
    history: dict[int, list[StatusEntry]] = {}
    for c in changes:
        history.setdefault(c.measure_id, []).append(
            StatusEntry(status=c.status, day=c.day, by=c.changed_by)
        )
    members, actors = _members(session, tenant), actor_refs()
    return [
        _item(r, history.get(r.id, []), members, actors) for r in rows if _concerns(tenant, r.units)
    ]


def _matches(found: PlanItem, filters: Filters) -> bool:
    if filters.status and found.status != filters.status:
        return False
    if filters.owner_id is not None and (
        found.owner is None or found.owner.user_id != filters.owner_id
    ):
        return False
    if filters.unit:
        unit = filters.unit
        return any(
            u == unit or u.startswith(unit + "/") or unit.startswith(u + "/") for u in found.units
        )
    return True


def plan(
    database: Database,
    tenant: Tenant,
    filters: Filters | None = None,
    action: audit.Action = "read",
) -> PlanList:
    """The organisation's plan (managers: what concerns their units), filtered."""
    chosen = filters or Filters()
    with database.tenant(tenant) as session:
        audit.record(session, tenant, action, "plan", chosen.model_dump_json(exclude_none=True))
        items = [i for i in _all(session, tenant) if _matches(i, chosen)]
    counts: dict[str, int] = {s: 0 for s in ("planned", "running", "done", "stopped")}
    for i in items:
        counts[i.status] += 1
    return PlanList(
        organisation=tenant.org_slug,
        filters=chosen,
        items=items,
        counts=counts,
        budget_total_eur=sum(i.budget_eur or 0.0 for i in items),
    )


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def timeline(found: PlanList, today: dt.date) -> Timeline:
    """Bars from planned start to planned end (actual start and end where known), by start,
    like OiRA's action-plan timeline; undated measures get a month from today."""
    bars: list[TimelineBar] = []
    for i in found.items:
        start = i.started or i.planned_start
        end = i.finished or i.planned_end
        dated = start is not None
        start = start or today
        end = end if end and end >= start else max(start, (i.planned_end or start))
        if end == start and not (i.planned_end or i.finished):
            end = start + dt.timedelta(days=30)
        bars.append(
            TimelineBar(id=i.id, title=i.title, status=i.status, start=start, end=end, dated=dated)
        )
    bars.sort(key=lambda b: (b.start, b.id))
    first = _month(min([b.start for b in bars] + [today]))
    last_day = max([b.end for b in bars] + [today])
    months = [first]
    while _next_month(months[-1]) <= last_day:
        months.append(_next_month(months[-1]))
    return Timeline(
        organisation=found.organisation,
        first=first,
        last=_next_month(months[-1]) - dt.timedelta(days=1),
        months=months,
        today=today,
        bars=bars,
    )


def by_owner(found: PlanList) -> ByOwner:
    groups: dict[int | None, list[PlanItem]] = {}
    owners: dict[int | None, OwnerRef | None] = {None: None}
    for i in found.items:
        key = i.owner.user_id if i.owner else None
        owners[key] = i.owner
        groups.setdefault(key, []).append(i)
    ordered = sorted(groups, key=lambda k: (k is None, owners[k].email if owners[k] else ""))  # type: ignore[union-attr]
    return ByOwner(
        organisation=found.organisation,
        groups=[
            OwnerGroup(
                owner=owners[k],
                items=groups[k],
                budget_eur=sum(i.budget_eur or 0.0 for i in groups[k]),
            )
            for k in ordered
        ],
    )


def status_of(value: str) -> Status | None:
    return value if value in ("planned", "running", "done", "stopped") else None  # type: ignore[return-value]
