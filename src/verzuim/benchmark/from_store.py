"""The hosted store as the pooled benchmark's input (``verzuim org export --format parquet``).

Writes ``organisations.parquet``, ``employees.parquet`` and ``spells.parquet`` in the layout
of ``verzuim.benchmark.inputs`` (docs/benchmark.md), one organisation at a time: each is
audited as an export in its own organisation's chain, then its rows are streamed in chunks
from a read-only transaction into the Parquet writers, so memory holds one chunk, not an
organisation and not the store.

The files carry no key of the store. The benchmark needs keys that are unique within an
organisation and nothing more, so organisations, employees and spells get pseudonyms: an
HMAC-SHA256 of the stored key under a random secret made for this export and never kept.
Within one export the same employee always gets the same pseudonym (their spells still
join); two exports cannot be linked to each other or back to the organisation's own
employee numbers. Unit names are not exported (the benchmark does not use them): the
``unit`` column holds ``-``. Files are written beside their final name and renamed when
every organisation is in, so a reader never sees half an export.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select
from sqlalchemy.orm import Session

from verzuim.accounts import audit
from verzuim.benchmark.inputs import COLUMNS
from verzuim.store import organisations
from verzuim.store.database import Database
from verzuim.store.models import EmployeeRow, EpisodeRow
from verzuim.store.tenancy import Tenant

CHUNK = 20_000  # rows per Parquet row group: memory holds about this many rows per table
UNIT = "-"
Rows = Iterator[tuple[Any, ...]]
_ARROW = {"VARCHAR": pa.string(), "DOUBLE": pa.float64(), "DATE": pa.date32()}
SCHEMAS = {
    table: pa.schema([(name, _ARROW[kind]) for name, kind in columns.items()])
    for table, columns in COLUMNS.items()
}


@dataclass(frozen=True)
class PoolExport:
    """What an export wrote: the folder, and how many of each it holds."""

    folder: Path
    organisations: int
    employees: int
    episodes: int


class Pseudonyms:
    """Keys of this export only: HMAC-SHA256 under a secret that lives as long as the object."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret if secret is not None else secrets.token_bytes(32)

    def __call__(self, *parts: object) -> str:
        message = "\x1f".join(str(p) for p in parts).encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()[:20]


def _chunks(rows: Iterable[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _batch(table: str, rows: list[tuple[Any, ...]]) -> pa.RecordBatch:
    schema = SCHEMAS[table]
    arrays = [pa.array([r[i] for r in rows], type=field.type) for i, field in enumerate(schema)]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


class _Writers:
    """One Parquet writer per table, to ``.NAME.parquet.part``; ``publish`` renames them."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.parts = {t: folder / f".{t}.parquet.part" for t in SCHEMAS}
        self.writers = {t: pq.ParquetWriter(str(p), SCHEMAS[t]) for t, p in self.parts.items()}
        self.counts = dict.fromkeys(SCHEMAS, 0)

    def write(self, table: str, rows: Iterable[tuple[Any, ...]]) -> None:
        for chunk in _chunks(rows):
            self.writers[table].write_batch(_batch(table, chunk))
            self.counts[table] += len(chunk)

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()

    def publish(self) -> None:
        for table, part in self.parts.items():
            os.replace(part, self.folder / f"{table}.parquet")

    def discard(self) -> None:
        for part in self.parts.values():
            part.unlink(missing_ok=True)


def _employees(session: Session, tenant: Tenant, key: Pseudonyms, org: str) -> Rows:
    query = (
        select(
            EmployeeRow.employee_id,
            EmployeeRow.part_time_factor,
            EmployeeRow.employment_start,
            EmployeeRow.employment_end,
        )
        .where(EmployeeRow.org_id == tenant.org_id)
        .execution_options(yield_per=CHUNK)
    )
    for employee, ptf, start, end in session.execute(query):
        yield (org, key("e", tenant.org_id, employee), UNIT, ptf, start, end)


def _episodes(session: Session, tenant: Tenant, key: Pseudonyms, org: str) -> Rows:
    query = (
        select(
            EpisodeRow.employee_id,
            EpisodeRow.spell_id,
            EpisodeRow.first_day,
            EpisodeRow.last_day,
            EpisodeRow.unfit_pct,
            EpisodeRow.kind,
        )
        .where(EpisodeRow.org_id == tenant.org_id)
        .execution_options(yield_per=CHUNK)
    )
    for employee, spell, first, last, pct, kind in session.execute(query):
        yield (
            org,
            key("e", tenant.org_id, employee),
            key("s", tenant.org_id, employee, spell),
            first,
            last,
            pct,
            kind,
        )


def export_parquet(
    database: Database,
    tenants: Sequence[Tenant],
    folder: Path,
    purpose: str = "pooled benchmark input (parquet, pseudonymised)",
) -> PoolExport:
    """Write the benchmark input of ``tenants`` to ``folder``; each one audited as an export."""
    key = Pseudonyms()
    writers = _Writers(folder)
    try:
        for tenant in tenants:
            # The audit entry commits first, in its own short transaction (as every read).
            with database.tenant(tenant) as session:
                audit.record(session, tenant, "export", "absence-data", purpose)
            with database.tenant(tenant, read_only=True) as session:
                stored = organisations.get(session, tenant)
                org = key("o", tenant.org_id)
                row = (org, stored.sbi_section, stored.size_class, stored.region)
                writers.write("organisations", [row])
                writers.write("employees", _employees(session, tenant, key, org))
                writers.write("spells", _episodes(session, tenant, key, org))
        writers.close()
        writers.publish()
    except BaseException:
        writers.close()
        writers.discard()
        raise
    return PoolExport(
        folder,
        writers.counts["organisations"],
        writers.counts["employees"],
        writers.counts["spells"],
    )
