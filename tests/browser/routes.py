"""Every GET page of the app, read from its route table, for the tests that visit them all.

A route added by any area is picked up without touching the tests. Routes with a path
parameter get sample values where we have them; the others are listed in ``SKIPPED`` with
the reason, so a test run says what it did not visit instead of leaving it out silently.
Organisation pages keep ``{org}`` (``ORG``): the tests fill in an organisation of their own and
visit them logged in as its administrator (``admin_session`` in conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from verzuim.web.app import create_app

ORG = "{org}"
SAMPLE_PARAMS = {
    "{measure_id}": ["gp-b11-01", "es-multi-level"],
    "{job_id}": ["no-such-job"],  # the clear "no such import" page
}
# Not pages: the JSON twins (checked by the API tests), static files and the OpenAPI document.
NOT_PAGES = ("/api/", "/static", "/data/")
DOWNLOAD_SUFFIXES = (".css", ".js", ".csv", ".svg", ".png", ".pdf", ".ico", ".json", ".xlsx")
# Pages that are pages although they live under /api/.
API_PAGES = ("/api/docs",)
# Pages in a state the route table cannot show (English, filters, an error page).
EXTRA = [
    "/?lang=en",
    "/maatregelen?q=rugklachten&absence_type=physical",
    "/kaart?second=worker_type",
    "/advies/resultaat?sector=Q&size_class=100%2B&concern=mental",
    "/api/docs?lang=en",
    "/bestaat-niet",
    "/o/{org}/analyse/dashboard?from=2024-01-01&to=2024-12-31",
    "/o/{org}/analyse/dashboard?from=2024-01-01&to=2024-12-31&lang=en",
]


def all_routes(routes: Iterable[Any]) -> Iterable[Any]:
    """Every route, those of included routers too (FastAPI includes them lazily)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from all_routes(inner.routes)
        else:
            yield route


def _pages() -> tuple[list[str], dict[str, str]]:
    pages: list[str] = []
    skipped: dict[str, str] = {}
    for route in all_routes(create_app().routes):
        path = getattr(route, "path", None)
        methods = getattr(route, "methods", None) or set()
        if not path or "GET" not in methods:
            continue
        if path.startswith(NOT_PAGES) and path not in API_PAGES:
            continue
        if path.endswith(DOWNLOAD_SUFFIXES):
            continue
        expanded = [path]
        for placeholder, samples in SAMPLE_PARAMS.items():
            if placeholder in path:
                expanded = [p.replace(placeholder, s) for p in expanded for s in samples]
        for p in expanded:
            if "{" in p.replace(ORG, ""):
                skipped[path] = "needs a path parameter we have no sample for"
            else:
                pages.append(p)
    return sorted(set(pages)) + EXTRA, skipped


PAGES, SKIPPED = _pages()


def for_org(url: str, slug: str) -> str:
    """``url`` with its organisation placeholder filled in."""
    return url.replace(ORG, slug)
