"""Knowledge-base pages and their JSON twins."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from verzuim.knowledge import load
from verzuim.web.rendering import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request) -> HTMLResponse:
    kb = load()
    return render(request, "practices.html", {"practices": kb.practices})


@router.get("/api/practices", tags=["kennisbank"])
def api_practices() -> list[dict[str, Any]]:
    return [p.model_dump(mode="json") for p in load().practices]
