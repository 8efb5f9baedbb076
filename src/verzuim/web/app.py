"""Application factory: one FastAPI app with every area's router."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from verzuim import __version__
from verzuim.knowledge import load
from verzuim.knowledge.pages import actors
from verzuim.knowledge.search import index_for
from verzuim.web import advice, analytics, apidocs, errors, knowledge
from verzuim.web.security.install import install_security

STATIC = Path(__file__).parent / "static"


def create_app() -> FastAPI:
    app = FastAPI(
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
    errors.install(app)
    install_security(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for area in (knowledge, advice, analytics, apidocs):
        app.include_router(area.router)
    _document_facets(app)
    # The knowledge base and indexes live as long as the process and never change: move them
    # out of the collector's sight so its full passes do not stall requests.
    gc.freeze()
    return app


def _document_facets(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            knowledge.document_facet_values(generate())
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
