"""Application factory: one FastAPI app with every area's router."""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from verzuim import __version__
from verzuim.knowledge import load
from verzuim.knowledge.pages import actors
from verzuim.knowledge.search import index_for
from verzuim.store import config, import_job, jobs, lifecycle, migrate
from verzuim.store.database import Database
from verzuim.web import (
    accounts,
    advice,
    analytics,
    apidocs,
    balance,
    downloads,
    errors,
    favicon,
    knowledge,
    organisation,
    plans,
    shared_practices,
)
from verzuim.web.context import LoginRequired
from verzuim.web.security.install import install_security

# import_job registers the import handler with the worker when imported.
_HANDLERS = (import_job.run_import,)

STATIC = Path(__file__).parent / "static"
# Sync handlers run in a pool of threads that share one GIL. Under load forty threads (the
# default) take turns at random and every database call hands the GIL over again, so some
# requests wait far longer than others; eight keep the same throughput with a shorter
# tail (docs/performance.md, issue 8). VERZUIM_THREADS sets another number.
DEFAULT_THREADS = 8


def thread_limit(env: dict[str, str] | None = None) -> int:
    """The number of threads for sync handlers (VERZUIM_THREADS, default 8)."""
    raw = (env if env is not None else dict(os.environ)).get("VERZUIM_THREADS", "").strip()
    if not raw:
        return DEFAULT_THREADS
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"VERZUIM_THREADS={raw!r} is not a positive whole number of threads.")
    return int(raw)


def create_app(database_url: str | None = None, *, worker: bool | None = None) -> FastAPI:
    """The app with its own store. ``database_url`` defaults to ``config.database_url()``
    (SQLite in the data directory, or VERZUIM_DATABASE_URL). The schema is brought up to
    date first. ``worker``: run the job worker in this process (default: on for SQLite and
    when VERZUIM_INPROCESS_WORKER=1; hosted, run ``verzuim worker`` beside the server)."""
    url = database_url or config.database_url()
    migrate.upgrade(config.admin_url() if database_url is None else url)
    database = Database(url)
    threads = thread_limit()
    in_process = worker
    if in_process is None:
        in_process = not database.is_postgres or os.environ.get("VERZUIM_INPROCESS_WORKER") == "1"

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        runner = jobs.Worker(database, daily=lifecycle.daily) if in_process else None
        if runner is not None:
            jobs.requeue_abandoned(database)
            runner.start()
        app.state.worker = runner
        try:
            yield
        finally:
            if runner is not None:
                runner.stop()
            database.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="Verzuim in beeld",
        version=__version__,
        description="Knowledge, advice and analytics for preventing sickness absence. "
        "Every page has a JSON twin under /api/ built from the same service function.",
        docs_url=None,  # /api/docs is web/apidocs.py: Swagger UI cannot run under the CSP
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    # Build the search indexes now, not on the first visitors' (concurrent) requests.
    index_for(load())
    actors("", kb=load())
    app.state.database = database
    app.state.worker = None
    errors.install(app)
    app.add_exception_handler(LoginRequired, _to_login)
    install_security(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    areas = (
        knowledge,
        advice,
        analytics,
        apidocs,
        downloads,
        favicon,
        accounts,
        organisation,
        shared_practices,
    )
    for area in (*areas, balance, plans):
        app.include_router(area.router)
    _document_facets(app)
    # The knowledge base and indexes live as long as the process and never change: move them
    # out of the collector's sight so its full passes do not stall requests.
    gc.freeze()
    return app


async def _to_login(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(f"/login?next={exc.next_url}", status_code=303)


def _document_facets(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            knowledge.document_facet_values(generate())
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
