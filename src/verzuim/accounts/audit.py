"""The audit log in the spirit of NEN 7513: every read, export, change and deletion of
organisation data is recorded with when, who, which organisation, what, and on whose behalf.

Entries are only ever appended. Each entry's hash covers its fields and the hash of the
entry before it in the same chain (one chain per organisation; one for events outside any
organisation), so a changed or removed entry breaks the chain and ``verify`` says where.
On PostgreSQL the app's role may not UPDATE or DELETE audit rows at all (rls.grant_sql).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from verzuim.store.database import Database
from verzuim.store.models import AuditEntry, utcnow
from verzuim.store.tenancy import Tenant

Action = Literal["read", "export", "change", "delete", "login", "logout", "create", "denied"]
GENESIS = "0" * 64


def _entry_hash(prev_hash: str, fields: dict[str, object]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def _fields(entry: AuditEntry) -> dict[str, object]:
    return {
        "org_id": entry.org_id,
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor": entry.actor,
        "on_behalf_of": entry.on_behalf_of,
        "action": entry.action,
        "object": entry.object,
        "scope": entry.scope,
    }


def record(
    session: Session,
    tenant: Tenant | None,
    action: Action,
    obj: str,
    scope: str = "",
    *,
    actor: str | None = None,
) -> AuditEntry:
    """Append one entry in ``session``'s transaction (so it commits with what it records).

    ``tenant`` None records an event outside any organisation (a login, say), by ``actor``.
    """
    org_id = tenant.org_id if tenant else None
    appended = _appended(session)
    last = appended.get(org_id)
    if last is None:  # the chain's first entry in this transaction: lock it, find its end
        if session.get_bind().dialect.name == "postgresql":
            # Two processes appending to one chain would both link to the same last entry.
            session.execute(text("SELECT pg_advisory_xact_lock(7513, :k)"), {"k": org_id or 0})
        found = session.execute(
            select(AuditEntry.seq, AuditEntry.hash)
            .where(AuditEntry.org_id.is_(None) if org_id is None else AuditEntry.org_id == org_id)
            .order_by(AuditEntry.seq.desc())
            .limit(1)
        ).first()
        last = (found[0], found[1]) if found else None
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    entry = AuditEntry(
        org_id=org_id,
        seq=seq,
        at=utcnow(),
        actor=(tenant.actor if tenant else actor) or "anonymous",
        on_behalf_of=tenant.on_behalf_of if tenant else None,
        action=action,
        object=obj[:200],
        scope=scope,
        prev_hash=prev,
    )
    entry.hash = _entry_hash(prev, _fields(entry))
    # Not flushed one by one: the entries of a group commit (store/group_commit.py) go to
    # the store in one batched INSERT when the transaction ends (or when a query needs them).
    session.add(entry)
    appended[org_id] = (seq, entry.hash)
    return entry


_APPENDED = "verzuim_audit_appended"


def _appended(session: Session) -> dict[int | None, tuple[int, str]]:
    """The end of each chain this transaction has appended to (seq, hash), so the next
    entry links to it without asking the store; it belongs to the transaction, never
    outlives it (the session's outermost transaction is part of the key)."""
    transaction = session.get_transaction()
    if transaction is None:  # not begun yet: nothing appended
        return {}
    held = session.info.get(_APPENDED)
    if held is None or held[0] is not transaction:
        held = (transaction, {})
        session.info[_APPENDED] = held
    chains: dict[int | None, tuple[int, str]] = held[1]
    return chains


@dataclass(frozen=True)
class Break:
    org_id: int | None
    seq: int
    problem: str


def verify_chain(entries: list[AuditEntry]) -> list[Break]:
    """Check one chain (entries of one organisation, in seq order)."""
    found: list[Break] = []
    prev, expected_seq = GENESIS, 1
    for entry in entries:
        if entry.seq != expected_seq:
            found.append(Break(entry.org_id, entry.seq, f"entry {expected_seq} is missing"))
        if entry.prev_hash != prev:
            found.append(Break(entry.org_id, entry.seq, "does not link to the entry before it"))
        if _entry_hash(entry.prev_hash, _fields(entry)) != entry.hash:
            found.append(Break(entry.org_id, entry.seq, "was changed after it was written"))
        prev, expected_seq = entry.hash, entry.seq + 1
    return found


def verify(database: Database) -> tuple[int, list[Break]]:
    """Every chain in the store: (entries checked, breaks found)."""
    with database.public() as session:
        if database.is_postgres:
            session.execute(text("SELECT set_config('verzuim.audit_verify', 'on', true)"))
        rows = list(session.scalars(select(AuditEntry).order_by(AuditEntry.org_id, AuditEntry.seq)))
    chains: dict[int | None, list[AuditEntry]] = {}
    for row in rows:
        chains.setdefault(row.org_id, []).append(row)
    breaks: list[Break] = []
    for entries in chains.values():
        breaks += verify_chain(entries)
    return len(rows), breaks


def entries(session: Session, tenant: Tenant, limit: int = 500) -> list[AuditEntry]:
    """The organisation's newest entries first (for admins; the caller checks the role)."""
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.org_id == tenant.org_id)
            .order_by(AuditEntry.seq.desc())
            .limit(limit)
        )
    )
