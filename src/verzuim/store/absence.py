"""An organisation's absence data (employees, episodes, spells) in the store, and the
engine its metrics run on.

The store (SQLite or PostgreSQL) holds the rows. Metrics run on DuckDB for the embedded
store: each process keeps an in-memory DuckDB copy of an organisation's rows, keyed by the
organisation's ``data_version``, so a change made by any process is seen by all. On
PostgreSQL the same definitions run in PostgreSQL itself (``analytics/engines.py``).

Imports are checked and merged in a fresh DuckDB copy (the all-or-nothing checks of
``analytics/store.py``); only an accepted result is written back, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from verzuim.accounts import audit
from verzuim.analytics.engines import PostgresCursor
from verzuim.analytics.ingest import COLUMN_PROBLEMS, Parsed
from verzuim.analytics.models import ImportSummary
from verzuim.analytics.store import Mode
from verzuim.analytics.store import Store as DuckStore
from verzuim.store import organisations
from verzuim.store.database import Database
from verzuim.store.models import EmployeeRow, EpisodeRow, Organisation, SpellRow
from verzuim.store.tenancy import Tenant

_TABLES: dict[str, Any] = {
    "employees": EmployeeRow.__table__,
    "episodes": EpisodeRow.__table__,
    "spells": SpellRow.__table__,
}
_COLUMNS = {name: [c.name for c in table.columns] for name, table in _TABLES.items()}
CACHE_SIZE = 4


class _Workspaces:
    """Per-process DuckDB copies of organisations' rows, newest used kept (LRU)."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple[str, int], tuple[int, DuckStore]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, database: Database, session: Session, org: Organisation) -> DuckStore:
        key = (database.url, org.id)
        with self._lock:
            found = self._items.get(key)
            if found is not None and found[0] == org.data_version:
                self._items.move_to_end(key)
                return found[1]
        fresh = _copy_to_duckdb(session, org.id)
        # Built before any other thread can see the copy, so requests never race to build.
        fresh.derive(str(org.id))
        with self._lock:
            found = self._items.get(key)
            if found is not None and found[0] >= org.data_version:
                # Another thread copied the same version meanwhile: use that one.
                fresh.close()
                return found[1]
            self._items[key] = (org.data_version, fresh)
            self._items.move_to_end(key)
            while len(self._items) > CACHE_SIZE:
                self._items.popitem(last=False)
        # Replaced and evicted copies are not closed here: a request may still be reading
        # one; DuckDB closes it when the last reference goes.
        return fresh

    def clear(self) -> None:
        with self._lock:
            for _version, store in self._items.values():
                store.close()
            self._items.clear()


WORKSPACES = _Workspaces()


def _copy_to_duckdb(session: Session, org_id: int) -> DuckStore:
    """The organisation's rows into a new in-memory DuckDB (Arrow keeps it columnar)."""
    duck = DuckStore(None)
    cur = duck.cursor()
    for name, table in _TABLES.items():
        columns = _COLUMNS[name]
        rows = session.execute(select(table).where(table.c.org_id == org_id)).all()
        arrays = {c: [r[i] for r in rows] for i, c in enumerate(columns)}
        arrays["org_id"] = [str(org_id)] * len(rows)
        frame = pa.table({c: pa.array(arrays[c], type=_arrow_type(table.c[c])) for c in columns})
        cur.register("incoming", frame)
        cur.execute(f"INSERT INTO {name} ({', '.join(columns)}) SELECT * FROM incoming")
        cur.unregister("incoming")
    return duck


def _arrow_type(column: Any) -> pa.DataType:
    python = column.type.python_type
    if column.name == "org_id":
        return pa.string()
    if python is dt.date:
        return pa.date32()
    if python is float:
        return pa.float64()
    return pa.string()


@dataclass
class AbsenceSource:
    """What the analytics service reads, for one tenant inside one open transaction."""

    database: Database
    session: Session
    tenant: Tenant
    org: Organisation
    _cursor: Any = field(default=None, repr=False)

    @property
    def org_key(self) -> str | int:
        """The organisation as the metric queries filter on it (per engine)."""
        return self.org.id if self.database.is_postgres else str(self.org.id)

    def cursor(self) -> Any:
        if self._cursor is None:
            if self.database.is_postgres:
                self._cursor = PostgresCursor(self.session)
            else:
                self._cursor = WORKSPACES.get(self.database, self.session, self.org).cursor()
        return self._cursor

    def visible(self, unit: str) -> bool:
        return self.tenant.sees_unit(unit)

    def settings(self) -> tuple[str | None, str | None]:
        return self.org.sbi_section, self.org.size_class

    def region(self) -> str | None:
        return self.org.region

    def counts(self) -> tuple[int, int]:
        employees = self.session.scalar(
            select(func.count()).select_from(EmployeeRow).where(EmployeeRow.org_id == self.org.id)
        )
        episodes = self.session.scalar(
            select(func.count()).select_from(EpisodeRow).where(EpisodeRow.org_id == self.org.id)
        )
        return int(employees or 0), int(episodes or 0)

    def date_range(self) -> tuple[dt.date | None, dt.date | None]:
        row = self.session.execute(
            select(
                func.min(EpisodeRow.first_day),
                func.max(func.coalesce(EpisodeRow.last_day, EpisodeRow.first_day)),
            ).where(EpisodeRow.org_id == self.org.id)
        ).first()
        return (row[0], row[1]) if row else (None, None)


@contextmanager
def reading(
    database: Database, tenant: Tenant, obj: str, scope: str = "", action: audit.Action = "read"
) -> Iterator[AbsenceSource]:
    """Open the tenant's absence data for reading. The audit entry commits first, so no
    figure leaves without it: in one short transaction with the entries of the reads that
    arrive at the same moment (group commit, ``Database.write_together``); the read itself
    then runs in a read-only transaction and holds no lock while the figures are computed."""
    database.write_together(
        tenant, lambda session: audit.record(session, tenant, action, obj, scope)
    )
    with database.tenant(tenant, read_only=True) as session:
        yield AbsenceSource(database, session, tenant, organisations.get(session, tenant))


def import_parsed(
    database: Database,
    tenant: Tenant,
    parsed: Parsed,
    mode: Mode,
    allow_unrelated: bool = False,
) -> ImportSummary:
    """All or nothing: checked and merged in DuckDB, written back only when accepted.

    Nothing is written either while the import waits for the user: a merge that shares no
    employee with what is stored (``allow_unrelated`` confirms it), or a file whose columns
    are to be mapped in the page (``summary.awaiting``)."""
    with database.tenant(tenant) as session:
        org = organisations.get(session, tenant)
        work = _copy_to_duckdb(session, org.id)
        try:
            summary = work.import_parsed(
                parsed, org_id=str(org.id), mode=mode, allow_unrelated=allow_unrelated
            )
            summary.organisation = tenant.org_slug
            summary.ignored_columns = parsed.ignored_columns
            # Store checks on rows of a file not read yet (unknown employees) follow from the
            # missing column; once it is mapped they are checked again.
            if parsed.columns_to_map and all(p.code in COLUMN_PROBLEMS for p in parsed.problems):
                summary.awaiting = "columns"
                summary.columns = parsed.columns_to_map
            if summary.accepted:
                _write_back(session, work, str(org.id), org.id)
                organisations.bump_data_version(session, tenant)
                audit.record(
                    session,
                    tenant,
                    "change",
                    "absence-data",
                    f"import mode={mode} employees={summary.employees_in_file} "
                    f"episodes={summary.episodes_in_file}",
                )
            return summary
        finally:
            work.close()


def _write_back(session: Session, work: DuckStore, key: str, org_id: int) -> None:
    """Replace the organisation's rows by those of ``key`` in the DuckDB workspace."""
    cur = work.cursor()
    for name in ("spells", "episodes", "employees"):
        session.execute(delete(_TABLES[name]).where(_TABLES[name].c.org_id == org_id))
    for name in ("employees", "episodes", "spells"):
        columns = [c for c in _COLUMNS[name] if c != "org_id"]
        rows = cur.execute(
            f"SELECT {', '.join(columns)} FROM {name} WHERE org_id = ?", [key]
        ).fetchall()
        for start in range(0, len(rows), 5000):
            chunk = [
                {"org_id": org_id, **dict(zip(columns, r, strict=True))}
                for r in rows[start : start + 5000]
            ]
            session.execute(insert(_TABLES[name]), chunk)


def rows_for_export(session: Session, tenant: Tenant, name: str) -> list[dict[str, Any]]:
    """Every row of one of the organisation's absence tables (for the full data export)."""
    table = _TABLES[name]
    result = session.execute(
        select(table).where(table.c.org_id == tenant.org_id).order_by(*table.primary_key.columns)
    )
    return [dict(r._mapping) for r in result]


def remove_ended_employments(session: Session, tenant: Tenant, before: dt.date) -> int:
    """Retention: employees whose employment ended before ``before``, with their spells."""
    ids = select(EmployeeRow.employee_id).where(
        EmployeeRow.org_id == tenant.org_id,
        EmployeeRow.employment_end.is_not(None),
        EmployeeRow.employment_end < before,
    )
    gone = list(session.scalars(ids))
    if not gone:
        return 0
    for start in range(0, len(gone), 500):
        chunk = gone[start : start + 500]
        for model in (SpellRow, EpisodeRow, EmployeeRow):
            session.execute(
                delete(model).where(model.org_id == tenant.org_id, model.employee_id.in_(chunk))
            )
    organisations.bump_data_version(session, tenant)
    return len(gone)


LEGACY_KEY = "default"  # the one organisation key of the single-store versions


def import_legacy(database: Database, tenant: Tenant, path: Path) -> tuple[int, int]:
    """Bring the data of an earlier version's single DuckDB file into an organisation.

    Those versions kept one organisation's rows under the key 'default'; they replace the
    organisation's rows here. Returns (employees, episodes) imported.
    """
    legacy = DuckStore(path)
    try:
        employees, episodes = legacy.counts(LEGACY_KEY)
        with database.tenant(tenant) as session:
            organisations.get(session, tenant)
            legacy.rebuild_spells(LEGACY_KEY)
            _write_back(session, legacy, LEGACY_KEY, tenant.org_id)
            organisations.bump_data_version(session, tenant)
            audit.record(
                session,
                tenant,
                "change",
                "absence-data",
                f"imported from {path.name}: {employees} employees, {episodes} episodes",
            )
    finally:
        legacy.close()
    return employees, episodes
