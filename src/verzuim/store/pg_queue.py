"""On PostgreSQL the job queue is procrastinate's (a well-kept PostgreSQL task queue):
it carries which job to run next, locks it for one worker and retries it when its worker
stalls. Our own ``jobs`` row (organisation-owned, row-level security) keeps what people
see: the organisation, the stage, progress and the result.

SQLite has no such library; there ``jobs.Worker`` claims queued rows under SQLite's write
lock (``store/jobs.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from typing import Any

import procrastinate
from sqlalchemy.engine import make_url

from verzuim.store.database import Database

QUEUE = "verzuim"
TASK = "verzuim.run_job"
log = logging.getLogger(__name__)


def conninfo(url: str) -> str:
    """libpq's form of a SQLAlchemy URL (procrastinate connects with psycopg itself)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def schema_sql() -> str:
    """procrastinate's tables and functions, for the migration that installs them."""
    from procrastinate.schema import SchemaManager

    return str(SchemaManager.get_schema())


def _app(database: Database, connector: Any) -> procrastinate.App:
    from verzuim.store import jobs

    app = procrastinate.App(connector=connector)

    @app.task(name=TASK, queue=QUEUE)
    def run_job(job_id: str) -> None:
        jobs.run_claimed(database, job_id)

    return app


class Deferrer:
    """Puts job ids on procrastinate's queue from the app's (synchronous) code."""

    def __init__(self, database: Database) -> None:
        connector = procrastinate.SyncPsycopgConnector(conninfo=conninfo(database.url))
        self._app = _app(database, connector)
        self._lock = threading.Lock()
        self._opened = False

    def defer(self, job_id: str) -> None:
        with self._lock:
            if not self._opened:
                self._app.open()
                self._opened = True
            self._app.configure_task(TASK).defer(job_id=job_id)

    def close(self) -> None:
        with self._lock:
            if self._opened:
                self._app.close()
                self._opened = False


class QueueWorker:
    """procrastinate's worker in a thread of its own, until stopped."""

    def __init__(self, database: Database) -> None:
        connector = procrastinate.PsycopgConnector(
            conninfo=conninfo(database.url), min_size=1, max_size=4
        )
        self._app = _app(database, connector)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._thread: threading.Thread | None = None

    async def _main(self, once: bool) -> None:
        async with self._app.open_async():
            self._task = asyncio.current_task()
            await self._app.run_worker_async(
                queues=[QUEUE], wait=not once, install_signal_handlers=False
            )

    def run(self, once: bool = False) -> None:
        """In the calling thread: every queued job (``once``) or until cancelled."""
        with contextlib.suppress(asyncio.CancelledError):
            asyncio.run(self._main(once))

    def start(self) -> None:
        def target() -> None:
            self._loop = asyncio.new_event_loop()
            try:
                self._loop.run_until_complete(self._main(False))
            except asyncio.CancelledError:
                pass
            finally:
                self._loop.close()

        self._thread = threading.Thread(target=target, name="verzuim-queue", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._loop is not None and self._task is not None:
            self._loop.call_soon_threadsafe(self._task.cancel)
        if self._thread is not None:
            self._thread.join(timeout=30)
