"""The API documentation page and the favicon, served from the app itself.

Swagger UI is vendored from its npm package (static/vendor/swagger-ui), so /api/docs works
offline and asks no other host for anything. The page lists example requests first: a reader
who only wants the data can copy a command without opening the interactive part.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel

from verzuim.i18n import Lang
from verzuim.web.rendering import render, request_lang

router = APIRouter()
STATIC = Path(__file__).parent / "static"


class Example(BaseModel):
    """One example request: what it answers, and the path to ask."""

    nl: str
    en: str
    method: str
    path: str
    body: str | None = None
    headers: tuple[str, ...] = ()

    def text(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.nl


EXAMPLES = (
    Example(
        nl="Maatregelen tegen mentaal verzuim, met uitleg in het Engels",
        en="Measures against mental-health absence, explained in English",
        method="GET",
        path="/api/maatregelen?q=stress&absence_type=mental&lang=en",
    ),
    Example(
        nl="Eén maatregel met alle velden",
        en="One measure with every field",
        method="GET",
        path="/api/maatregelen/gp-b11-01",
    ),
    Example(
        nl="De kaart van bewijs en hiaten, per soort werkende",
        en="The evidence-and-gap map, per kind of worker",
        method="GET",
        path="/api/kaart?second=worker_type",
    ),
    Example(
        nl="Dezelfde kaart als CSV",
        en="The same map as CSV",
        method="GET",
        path="/kaart.csv?second=worker_type",
    ),
    Example(
        nl="Wie kan helpen bij werken met gevaarlijke stoffen?",
        en="Who can help with work involving hazardous substances?",
        method="GET",
        path="/api/wie-doet-wat?q=gevaarlijke+stoffen",
    ),
    Example(
        nl="De kennislacunes; foutmeldingen volgen Accept-Language",
        en="The knowledge gaps; error messages follow Accept-Language",
        method="GET",
        path="/api/kennislacunes",
        headers=("Accept-Language: en-GB",),
    ),
    Example(
        nl="Advies op maat voor een zorgorganisatie",
        en="Tailored advice for a healthcare organisation",
        method="POST",
        path="/api/advies",
        body='{"sector": "Q", "size_class": "100+", "concern": "mental"}',
        headers=("Content-Type: application/json",),
    ),
)


def curl(example: Example, base: str) -> str:
    """The example as a curl command against this server."""
    parts = ["curl"]
    if example.method != "GET":
        parts += ["-X", example.method]
    parts += [f"-H '{header}'" for header in example.headers]
    if example.body:
        parts.append(f"-d '{example.body}'")
    parts.append(f"'{base.rstrip('/')}{example.path}'")
    return " ".join(parts)


@router.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
def docs_page(request: Request) -> HTMLResponse:
    lang = request_lang(request)
    base = str(request.base_url)
    examples = [
        {"text": e.text(lang), "curl": curl(e, base), "path": e.path, "method": e.method}
        for e in EXAMPLES
    ]
    return render(
        request,
        "api_docs.html",
        {"examples": examples, "openapi_url": "/api/openapi.json"},
    )


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> FileResponse:
    # Browsers ask for /favicon.ico on their own, whatever the page links.
    return FileResponse(STATIC / "favicon.ico", media_type="image/x-icon")
