"""Application factory: one FastAPI app with every area's router."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from verzuim import __version__
from verzuim.web import knowledge

STATIC = Path(__file__).parent / "static"


def create_app() -> FastAPI:
    app = FastAPI(
        title="Verzuim in beeld",
        version=__version__,
        description="Knowledge, advice and analytics for preventing sickness absence.",
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(knowledge.router)
    return app
