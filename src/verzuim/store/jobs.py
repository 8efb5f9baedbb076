"""Jobs in the database: queued by any process, claimed by one worker, progress readable by
all, and a state that survives a restart (a job left 'running' by a worker that died is
queued again when a worker starts).

The claim is one short transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite's
write lock serialises it), so two workers never run the same job.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import socket
import threading
import time
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from verzuim.store.database import Database
from verzuim.store.models import Job, Organisation, utcnow
from verzuim.store.tenancy import Role, Tenant


class JobView(BaseModel):
    """What a page or the API shows of a job (never its payload)."""

    id: str
    kind: str
    state: str
    stage: str
    done: int
    total: int
    finished: bool
    error: str | None
    summary: dict[str, Any] | None  # what the job produced (an import's summary)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


def view(job: Job) -> JobView:
    return JobView(
        id=job.id,
        kind=job.kind,
        state=job.state,
        stage=job.stage,
        done=job.done,
        total=job.total,
        finished=job.state in ("done", "failed"),
        error=job.error,
        summary=job.result,
    )


def pack(files: dict[str, tuple[str, bytes]]) -> bytes:
    """Uploaded files (role -> (name, bytes)) as one payload."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for role, (name, data) in files.items():
            archive.writestr(f"{role}/{name}", data)
    return buffer.getvalue()


def unpack(payload: bytes) -> dict[str, tuple[str, bytes]]:
    found: dict[str, tuple[str, bytes]] = {}
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        for info in archive.infolist():
            role, name = info.filename.split("/", 1)
            found[role] = (name, archive.read(info))
    return found


def enqueue(
    session: Session,
    tenant: Tenant,
    kind: str,
    params: dict[str, Any],
    payload: bytes | None = None,
    state: str = "queued",
) -> Job:
    """A new job; ``state="running"`` when the caller runs it itself (no worker claims it)."""
    job = Job(
        id=uuid.uuid4().hex,
        org_id=tenant.org_id,
        kind=kind,
        state=state,
        stage=state,
        done=0,
        total=0,
        params=params,
        payload=payload,
        created_by=tenant.actor,
        created_at=utcnow(),
    )
    session.add(job)
    session.flush()
    return job


def get(session: Session, tenant: Tenant, job_id: str) -> Job | None:
    return session.scalar(select(Job).where(Job.id == job_id, Job.org_id == tenant.org_id))


@dataclass(frozen=True)
class Claimed:
    job_id: str
    kind: str
    tenant: Tenant
    params: dict[str, Any]
    payload: bytes | None


def _worker_scope(database: Database, session: Session) -> None:
    if database.is_postgres:
        session.execute(text("SELECT set_config('verzuim.worker', 'on', true)"))


def claim(database: Database, worker: str) -> Claimed | None:
    with database.public() as session:
        _worker_scope(database, session)
        query = select(Job).where(Job.state == "queued").order_by(Job.created_at).limit(1)
        if database.is_postgres:
            query = query.with_for_update(skip_locked=True)
        job = session.scalar(query)
        if job is None:
            return None
        org = session.get(Organisation, job.org_id)
        job.state, job.stage, job.worker, job.started_at = "running", "started", worker, utcnow()
        assert org is not None
        tenant = Tenant(
            org_id=org.id,
            org_slug=org.slug,
            actor="worker",
            role=Role.ADMIN,
            on_behalf_of=job.created_by,
        )
        return Claimed(job.id, job.kind, tenant, dict(job.params), job.payload)


def requeue_abandoned(database: Database) -> int:
    """Jobs a stopped worker left running go back to the queue (imports are all-or-nothing,
    so running one again is safe); on PostgreSQL they are put on procrastinate's queue again."""
    with database.public() as session:
        _worker_scope(database, session)
        ids = list(session.scalars(select(Job.id).where(Job.state == "running")))
        session.execute(update(Job).where(Job.id.in_(ids)).values(state="queued", stage="queued"))
    if database.is_postgres:
        for job_id in ids:
            database.deferrer().defer(job_id)
    return len(ids)


def progress(
    database: Database, tenant: Tenant, job_id: str, stage: str, done: int, total: int
) -> None:
    with database.tenant(tenant) as session:
        session.execute(
            update(Job)
            .where(Job.id == job_id, Job.org_id == tenant.org_id)
            .values(stage=stage, done=done, total=total)
        )


def finish(
    database: Database,
    tenant: Tenant,
    job_id: str,
    result: dict[str, Any] | None,
    error: str | None,
) -> None:
    """Done or failed; the payload (personal data) is removed, unless the result waits for
    the user (``"awaiting"`` in it: an import to confirm or whose columns are to be mapped),
    then it is kept until the answer (:func:`take_held`) or for at most ``HOLD``."""
    keep = error is None and bool(result and result.get("awaiting"))
    values: dict[str, Any] = {
        "state": "failed" if error else "done",
        "stage": "failed" if error else "done",
        "result": result,
        "error": error,
        "finished_at": utcnow(),
    }
    if not keep:
        values["payload"] = None
    with database.tenant(tenant) as session:
        session.execute(
            update(Job).where(Job.id == job_id, Job.org_id == tenant.org_id).values(**values)
        )


HOLD = dt.timedelta(hours=24)


def take_held(session: Session, tenant: Tenant, job_id: str) -> tuple[dict[str, Any], bytes]:
    """The params and files of a finished job that waits for the user, taken out of it (a
    job's files are used once). KeyError when there is no such job, or it no longer waits."""
    job = get(session, tenant, job_id)
    if job is None or job.state != "done" or job.payload is None:
        raise KeyError(job_id)
    params, payload = dict(job.params), job.payload
    job.payload = None
    return params, payload


def purge_held(database: Database, now: dt.datetime | None = None) -> int:
    """Housekeeping: files of imports nobody answered within ``HOLD`` are removed."""
    cutoff = (now or utcnow()) - HOLD
    with database.public() as session:
        _worker_scope(database, session)
        result = session.execute(
            update(Job)
            .where(Job.state == "done", Job.payload.is_not(None), Job.finished_at < cutoff)
            .values(payload=None)
        )
        return int(getattr(result, "rowcount", 0) or 0)


Handler = Callable[[Database, Claimed, Callable[[str, int, int], None]], dict[str, Any]]
HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function

    return register


def submit(
    database: Database,
    tenant: Tenant,
    kind: str,
    params: dict[str, Any],
    payload: bytes | None = None,
    *,
    queue: bool = True,
) -> str:
    """Store a job (committed) and, on PostgreSQL, put it on procrastinate's queue.

    ``queue=False`` leaves it for the caller to run at once (``import_job.run_now``).
    """
    with database.tenant(tenant) as session:
        state = "queued" if queue else "running"
        job_id = enqueue(session, tenant, kind, params, payload, state).id
    if queue and database.is_postgres:
        database.deferrer().defer(job_id)
    return job_id


def run_claimed(database: Database, job_id: str) -> None:
    """Run one job procrastinate handed us (PostgreSQL), if it is still queued."""
    with database.public() as session:
        _worker_scope(database, session)
        query = select(Job).where(Job.id == job_id, Job.state == "queued").with_for_update()
        job = session.scalar(query)
        if job is None:
            return  # already run (a retry after a stall, or run inline)
        org = session.get(Organisation, job.org_id)
        assert org is not None
        job.state, job.stage, job.worker, job.started_at = (
            "running",
            "started",
            worker_name(),
            utcnow(),
        )
        tenant = Tenant(
            org_id=org.id,
            org_slug=org.slug,
            actor="worker",
            role=Role.ADMIN,
            on_behalf_of=job.created_by,
        )
        claimed = Claimed(job.id, job.kind, tenant, dict(job.params), job.payload)
    _run(database, claimed)


def run_one(database: Database, worker: str) -> bool:
    """Claim and run one job; False when the queue is empty."""
    claimed = claim(database, worker)
    if claimed is None:
        return False
    _run(database, claimed)
    return True


def _run(database: Database, claimed: Claimed) -> None:
    def report(stage: str, done: int, total: int) -> None:
        progress(database, claimed.tenant, claimed.job_id, stage, done, total)

    try:
        result = HANDLERS[claimed.kind](database, claimed, report)
    except Exception as exc:  # the job records why; the worker goes on
        finish(database, claimed.tenant, claimed.job_id, None, f"{type(exc).__name__}: {exc}")
    else:
        finish(database, claimed.tenant, claimed.job_id, result, None)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


DAY_SECONDS = 24 * 3600


class Worker:
    """Runs jobs until stopped; ``verzuim worker`` runs one, ``serve`` one in-process."""

    def __init__(
        self,
        database: Database,
        poll_seconds: float = 0.5,
        daily: Callable[[Database], object] | None = None,
    ) -> None:
        self.database = database
        self.poll_seconds = poll_seconds
        # Housekeeping run at start and then once a day (the retention settings).
        self.daily = daily
        self._last_daily = 0.0
        self._queue: Any = None  # procrastinate's worker, on PostgreSQL
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def wake(self) -> None:
        self._wake.set()

    def run_forever(self) -> None:
        name = worker_name()
        while not self._stop.is_set():
            if self.daily is not None and time.monotonic() - self._last_daily > DAY_SECONDS:
                self._last_daily = time.monotonic()
                self.daily(self.database)
            if not run_one(self.database, name):
                self._wake.wait(self.poll_seconds)
                self._wake.clear()

    def start(self) -> None:
        if self.database.is_postgres:
            from verzuim.store.pg_queue import QueueWorker

            self._queue = QueueWorker(self.database)
            self._queue.start()
            if self.daily is None:
                return
        target = self._daily_forever if self.database.is_postgres else self.run_forever
        self._thread = threading.Thread(target=target, name="verzuim-worker", daemon=True)
        self._thread.start()

    def _daily_forever(self) -> None:
        while not self._stop.is_set():
            if self.daily is not None:
                self.daily(self.database)
            self._stop.wait(DAY_SECONDS)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._queue is not None:
            self._queue.stop()
        if self._thread is not None:
            self._thread.join(timeout=30)
