"""An organisation's remembered column mapping: which of its own columns is which field.

Picked in the upload page (``web/analytics.py``), applied to the next upload of the same
kind of file. The CLI keeps its own mapping file (``analytics/columns.py``); a mapping file
given with an upload wins over what is remembered.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from verzuim.accounts import audit
from verzuim.analytics import columns
from verzuim.store.models import ColumnMapping, utcnow
from verzuim.store.tenancy import Tenant

FileKind = Literal["employees", "spells"]
FILE_KINDS: tuple[FileKind, ...] = ("employees", "spells")
FIELDS: dict[FileKind, tuple[str, ...]] = {
    "employees": columns.EMPLOYEE_FIELDS,
    "spells": columns.SPELL_FIELDS,
}

# kind -> {their column as written -> field}
Remembered = dict[str, dict[str, str]]


def remembered(session: Session, tenant: Tenant) -> Remembered:
    rows = session.scalars(
        select(ColumnMapping)
        .where(ColumnMapping.org_id == tenant.org_id)
        .order_by(ColumnMapping.file_kind, ColumnMapping.field)
    )
    found: Remembered = {kind: {} for kind in FILE_KINDS}
    for row in rows:
        found.setdefault(row.file_kind, {})[row.source_column] = row.field
    return found


def remember(session: Session, tenant: Tenant, kind: FileKind, chosen: dict[str, str]) -> None:
    """Replace what is remembered for this kind of file by ``chosen`` (field -> column)."""
    allowed = FIELDS[kind]
    unknown = sorted(f for f in chosen if f not in allowed)
    if unknown:
        raise ValueError(f"unknown field(s) {unknown} for the {kind} file")
    session.execute(
        delete(ColumnMapping).where(
            ColumnMapping.org_id == tenant.org_id, ColumnMapping.file_kind == kind
        )
    )
    for field, column in chosen.items():
        session.add(
            ColumnMapping(
                org_id=tenant.org_id,
                file_kind=kind,
                field=field,
                source_column=column[:200],
                updated_by=tenant.actor,
                updated_at=utcnow(),
            )
        )
    shown = ", ".join(f"{c} -> {f}" for f, c in sorted(chosen.items()))
    audit.record(session, tenant, "change", "analyse/column-mapping", f"{kind}: {shown}")


def forget(session: Session, tenant: Tenant) -> None:
    session.execute(delete(ColumnMapping).where(ColumnMapping.org_id == tenant.org_id))
    audit.record(session, tenant, "change", "analyse/column-mapping", "forgotten")
