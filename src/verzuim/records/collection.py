"""The shared-practices collection: good-practice records imported into this installation.

An import checks every file as ``verzuim record check`` does (the schema, the evidence
rules) and again for anonymity against the importing organisation's unit names; it stores
all files or none, so a refused batch leaves the store as it was. The collection is
installation-wide (records are anonymised and licensed for sharing); who imported a record,
and in which organisation's context, goes to the audit log in the same transaction.

A record id already in the collection is replaced only by a newer version of the record (a
later ``created`` date); the same or an older version is refused with the stored date, so a
second upload of the same file never silently changes anything (docs/good-practice-record.md).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from verzuim.accounts import audit
from verzuim.records.model import GoodPracticeRecord
from verzuim.records.share import anonymity_problems
from verzuim.records.validate import Reason, check_record
from verzuim.store.database import Database
from verzuim.store.models import EmployeeRow, SharedPractice
from verzuim.store.tenancy import Tenant

# A record is a few kilobytes; this bounds what one uploaded file may be.
MAX_RECORD_BYTES = 512 * 1024
MAX_FILES = 50


class FileOutcome(BaseModel):
    """What happened (or would have happened) to one file of an import."""

    file: str
    id: str | None
    action: Literal["added", "replaced", "refused", "not_stored"]
    reasons: list[Reason] = []


class ImportResult(BaseModel):
    """An import: every file's outcome; ``accepted`` only when all of them were stored."""

    accepted: bool
    stored: int
    files: list[FileOutcome]


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@dataclass(frozen=True)
class StoredPractice:
    record: GoodPracticeRecord
    imported_at: dt.datetime


def _reason(code: str, field: str, nl: str, en: str) -> Reason:
    return Reason.make(code, field, nl, en)


def _too_big(upload: Upload) -> Reason | None:
    if len(upload.data) <= MAX_RECORD_BYTES:
        return None
    return _reason(
        "too_large",
        "(file)",
        f"het bestand is groter dan {MAX_RECORD_BYTES // 1024} kB; een record is een paar kB. "
        "Kies het JSON-bestand van één record.",
        f"the file is larger than {MAX_RECORD_BYTES // 1024} kB; a record is a few kB. "
        "Choose the JSON file of one record.",
    )


def _duplicate(record: GoodPracticeRecord, stored: dt.date) -> Reason:
    return _reason(
        "duplicate",
        "created",
        f"record '{record.id}' staat al in de collectie met datum {stored.isoformat()}; alleen "
        "een nieuwere versie (een latere 'created') vervangt het. Geef een nieuwe versie een "
        "latere datum, of een ander record een eigen 'id'.",
        f"record '{record.id}' is already in the collection dated {stored.isoformat()}; only a "
        "newer version (a later 'created') replaces it. Give a new version a later date, or "
        "another record its own 'id'.",
    )


def _twice(record: GoodPracticeRecord, first: str) -> Reason:
    return _reason(
        "duplicate_in_upload",
        "id",
        f"record '{record.id}' zit ook in {first}; importeer elk record één keer.",
        f"record '{record.id}' is also in {first}; import each record once.",
    )


def organisation_units(session: Session, tenant: Tenant) -> set[str]:
    """The unit paths of the organisation's absence data (for the anonymity check)."""
    rows = session.scalars(
        select(EmployeeRow.unit).where(EmployeeRow.org_id == tenant.org_id).distinct()
    )
    return set(rows)


def check_uploads(
    uploads: Sequence[Upload],
    stored: dict[str, dt.date],
    units: Iterable[str] = (),
    category_codes: set[str] | None = None,
) -> list[tuple[FileOutcome, GoodPracticeRecord | None]]:
    """Each file checked against the rules, the units and what the collection holds."""
    unit_list = list(units)
    out: list[tuple[FileOutcome, GoodPracticeRecord | None]] = []
    seen: dict[str, str] = {}
    for upload in uploads:
        big = _too_big(upload)
        if big is not None:
            out.append(
                (FileOutcome(file=upload.name, id=None, action="refused", reasons=[big]), None)
            )
            continue
        outcome = check_record(upload.data, category_codes)
        record = outcome.record
        reasons = list(outcome.reasons)
        if record is not None:
            reasons += anonymity_problems(record, unit_list)
            if record.id in seen:
                reasons.append(_twice(record, seen[record.id]))
            seen.setdefault(record.id, upload.name)
            known = stored.get(record.id)
            if known is not None and record.created <= known:
                reasons.append(_duplicate(record, known))
        action: Literal["added", "replaced", "refused"] = (
            "refused" if reasons else "replaced" if record and record.id in stored else "added"
        )
        out.append(
            (
                FileOutcome(
                    file=upload.name, id=record.id if record else None, action=action,
                    reasons=reasons,
                ),
                None if reasons else record,
            )
        )  # fmt: skip
    return out


def _stored_dates(session: Session, ids: Iterable[str]) -> dict[str, dt.date]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.execute(
        select(SharedPractice.id, SharedPractice.created).where(SharedPractice.id.in_(wanted))
    )
    return {row[0]: row[1] for row in rows}


def _peek_ids(uploads: Sequence[Upload]) -> list[str]:
    """The ids the files name, before they are checked (to read what the store holds)."""
    found = []
    for upload in uploads:
        try:
            value = json.loads(upload.data) if len(upload.data) <= MAX_RECORD_BYTES else None
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            found.append(value["id"])
    return found


def import_uploads(
    database: Database,
    uploads: Sequence[Upload],
    *,
    tenant: Tenant | None,
    actor: str,
    extra_units: Iterable[str] = (),
    category_codes: set[str] | None = None,
) -> ImportResult:
    """Check every file and store them all, or none when any is refused.

    ``tenant``: the organisation context the import runs in (its unit names are checked,
    the audit entries go to its chain); None for an operator's import outside any
    organisation, recorded under ``actor``.
    """
    if not uploads:
        refusal = _reason(
            "no_files",
            "(file)",
            "kies minstens één JSON-bestand.",
            "choose at least one JSON file.",
        )
        return ImportResult(
            accepted=False, stored=0,
            files=[FileOutcome(file="", id=None, action="refused", reasons=[refusal])],
        )  # fmt: skip
    if len(uploads) > MAX_FILES:
        refusal = _reason(
            "too_many_files",
            "(file)",
            f"{len(uploads)} bestanden; importeer er hoogstens {MAX_FILES} tegelijk.",
            f"{len(uploads)} files; import at most {MAX_FILES} at a time.",
        )
        return ImportResult(
            accepted=False, stored=0,
            files=[FileOutcome(file="", id=None, action="refused", reasons=[refusal])],
        )  # fmt: skip
    transaction = database.tenant(tenant) if tenant is not None else database.public()
    with transaction as session:
        units = set(extra_units)
        if tenant is not None:
            units |= organisation_units(session, tenant)
        stored = _stored_dates(session, _peek_ids(uploads))
        checked = check_uploads(uploads, stored, units, category_codes)
        if any(outcome.reasons for outcome, _ in checked):
            files = [
                o if o.reasons else o.model_copy(update={"action": "not_stored"})
                for o, _ in checked
            ]
            return ImportResult(accepted=False, stored=0, files=files)
        for outcome, record in checked:
            assert record is not None
            row = session.get(SharedPractice, record.id)
            data = record.model_dump(mode="json")
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            if row is None:
                session.add(
                    SharedPractice(
                        id=record.id, created=record.created, record=data, imported_at=now
                    )
                )
            else:
                row.created, row.record, row.imported_at = record.created, data, now
            session.flush()
            audit.record(
                session,
                tenant,
                "create" if outcome.action == "added" else "change",
                f"shared_practice:{record.id}",
                f"file={outcome.file[:100]} created={record.created.isoformat()}",
                actor=actor,
            )
    _VERSIONS.pop(database.url, None)  # this process sees its own import at once
    return ImportResult(accepted=True, stored=len(checked), files=[o for o, _ in checked])


# The version is read at most once a second per process: every search of /maatregelen asks
# for it, and a query each time would double the cost of the public pages. An import in
# another process shows here within that second.
VERSION_SECONDS = 1.0
_VERSIONS: dict[str, tuple[float, tuple[int, str]]] = {}


def version(database: Database) -> tuple[int, str]:
    """Changes whenever the collection does (a count and the newest import time): the key
    under which its search index and rendered pages are kept."""
    now = time.monotonic()
    seen = _VERSIONS.get(database.url)
    if seen is not None and now - seen[0] < VERSION_SECONDS:
        return seen[1]
    with database.public(read_only=True) as session:
        count, newest = session.execute(
            select(func.count(SharedPractice.id), func.max(SharedPractice.imported_at))
        ).one()
    current = int(count or 0), newest.isoformat() if newest is not None else ""
    _VERSIONS[database.url] = (now, current)
    return current


def all_practices(database: Database) -> list[StoredPractice]:
    with database.public(read_only=True) as session:
        rows = list(session.scalars(select(SharedPractice).order_by(SharedPractice.id)))
    return [
        StoredPractice(GoodPracticeRecord.model_validate(r.record), r.imported_at) for r in rows
    ]


def get(database: Database, practice_id: str) -> StoredPractice | None:
    with database.public(read_only=True) as session:
        row = session.get(SharedPractice, practice_id)
    if row is None:
        return None
    return StoredPractice(GoodPracticeRecord.model_validate(row.record), row.imported_at)
