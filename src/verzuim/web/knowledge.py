"""Knowledge-base pages and their JSON twins: each pair calls one service function.

The HTML route renders what the service returned; the /api/ route returns the same object.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache
from typing import Annotated, Any, Literal
from urllib.parse import quote_plus

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from verzuim import charts
from verzuim.charts import specs
from verzuim.i18n import Lang, translate
from verzuim.knowledge import load, pages
from verzuim.knowledge.facets import FACET_NAMES
from verzuim.knowledge.gapmap import SECOND_DIMENSIONS, GapMap, gap_map, gap_map_csv
from verzuim.knowledge.measure import MeasureDetail, measure
from verzuim.knowledge.search import MAX_QUERY, index_for
from verzuim.records.shared_search import (
    MeasuresResult,
    search_measures,
    search_measures_versioned,
)
from verzuim.web.context import database
from verzuim.web.errors import ERROR_RESPONSES, NOT_FOUND
from verzuim.web.rendering import is_htmx, render, request_lang

router = APIRouter()

# The knowledge base is immutable while the app runs, so each service answer is cached per
# argument set (bounded); the pages and their JSON twins share the cached object.
_measure_cached = lru_cache(maxsize=512)(measure)
_gap_map = lru_cache(maxsize=16)(gap_map)
_actors = lru_cache(maxsize=1024)(pages.actors)
_perspectives = lru_cache(maxsize=2)(pages.perspectives)
_gaps = lru_cache(maxsize=2)(pages.gaps)
_model = lru_cache(maxsize=2)(pages.absence_model)


@lru_cache(maxsize=16)
def _map_chart(second: str, lang: Lang) -> str:
    """The gap map drawn from its Vega-Lite spec; built once per dimension and language."""
    return charts.inline(specs.gap_map(_gap_map(second, lang), lang), lang)


TAGS: list[str | Enum] = ["kennisbank"]

LangParam = Annotated[
    Lang | None,
    Query(description="Language of labels and texts: nl (default) or en. Pages also use a cookie."),
]
QueryParam = Annotated[
    str,
    Query(
        max_length=MAX_QUERY,
        description="Free text in Dutch or English; stemmed, with synonyms both ways.",
    ),
]


def _facet_param(name: str) -> object:
    return Query(
        alias=name,
        description=f"Filter on {name}; repeat for several values (OR). "
        "An unknown value gives 400 with the allowed values.",
    )


# async: it only parses, so it needs no trip through the thread pool (web/analytics.py).
async def facet_params(
    absence_type: Annotated[list[str] | None, _facet_param("absence_type")] = None,
    worker_type: Annotated[list[str] | None, _facet_param("worker_type")] = None,
    components: Annotated[list[str] | None, _facet_param("components")] = None,
    category: Annotated[list[str] | None, _facet_param("category")] = None,
    level: Annotated[list[str] | None, _facet_param("level")] = None,
    sector: Annotated[list[str] | None, _facet_param("sector")] = None,
    country: Annotated[list[str] | None, _facet_param("country")] = None,
    evidence: Annotated[list[str] | None, _facet_param("evidence")] = None,
    home_work: Annotated[list[str] | None, _facet_param("home_work")] = None,
) -> dict[str, list[str]]:
    values = locals()
    return {name: values[name] for name in FACET_NAMES if values[name]}


FacetParams = Annotated[dict[str, list[str]], Depends(facet_params)]
SharedParam = Annotated[
    Literal["yes", "no"],
    Query(
        description="yes (default): also list the shared practices (organisations' own "
        "records, in their own section, never in the counts); no: leave them out."
    ),
]
FACET_PATHS = ("/api/maatregelen",)


def document_facet_values(openapi: dict[str, Any]) -> None:
    """List each facet's allowed values in the OpenAPI document.

    The values come from the vocabularies at run time, so they cannot be Python types; the
    route takes plain strings and the search answers an unknown value with 400 and the list.
    """
    codes = {f.name: list(f.codes) for f in index_for(load()).facets}
    for path in FACET_PATHS:
        operation = openapi.get("paths", {}).get(path, {}).get("get", {})
        for param in operation.get("parameters", []):
            if param.get("in") == "query" and param.get("name") in codes:
                param["schema"] = {
                    "type": "array",
                    "items": {"type": "string", "enum": codes[param["name"]]},
                    "title": param["name"],
                }


def _lang(request: Request, lang: Lang | None) -> Lang:
    return lang or request_lang(request)


# --- home ---------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home_page(request: Request) -> HTMLResponse:
    data = pages.home(request_lang(request))
    return render(request, "home.html", {"home": data}, api_url="/api/home", cacheable=True)


@router.get("/api/home", tags=TAGS, summary="Key figures and ways in (page: /)")
def api_home(request: Request, lang: LangParam = None) -> pages.Home:
    return pages.home(_lang(request, lang))


# --- measures -----------------------------------------------------------------------


@router.get("/maatregelen", response_class=HTMLResponse, include_in_schema=False)
def measures_page(
    request: Request, facets: FacetParams, q: QueryParam = "", shared: SharedParam = "yes"
) -> HTMLResponse:
    lang = request_lang(request)
    db = database(request)
    result, version = search_measures_versioned(db, q, facets, shared=shared == "yes", lang=lang)
    context = {"result": result, "max_query": MAX_QUERY}
    api_url = result.url.replace("/maatregelen", "/api/maatregelen", 1)
    template = "_results.html" if is_htmx(request) else "maatregelen.html"
    # The page also shows the shared practices: a cached page is one of this collection.
    variant = repr(version)
    return render(
        request, template, context, api_url=api_url, cacheable=True, cache_variant=variant
    )


@router.get(
    "/api/maatregelen",
    tags=TAGS,
    summary="Faceted search over practices and review-level evidence, with the shared "
    "practices in their own section (page: /maatregelen)",
    responses=ERROR_RESPONSES,
    response_model=MeasuresResult,
)
def api_measures(
    request: Request,
    facets: FacetParams,
    q: QueryParam = "",
    shared: SharedParam = "yes",
    lang: LangParam = None,
) -> Response:
    result = search_measures(
        database(request),
        q,
        facets,
        shared=shared == "yes",
        lang=_lang(request, lang),
        base_url="/api/maatregelen",
    )
    # Serialised here, in the handler's thread: FastAPI checks a model returned by a sync
    # handler in a second trip through the thread pool, and under load every trip waits in
    # line again (docs/performance.md, issue 8).
    return Response(result.model_dump_json(by_alias=True), media_type="application/json")


MeasureId = Annotated[str, Path(max_length=80, description="Record id, e.g. gp-b11-01")]


def _measure(measure_id: str, lang: Lang) -> MeasureDetail:
    found = _measure_cached(measure_id, lang)
    if found is None:
        raise HTTPException(404, translate("error.no_measure", lang).format(id=measure_id[:80]))
    return found


@router.get("/maatregelen/{measure_id}", response_class=HTMLResponse, include_in_schema=False)
def measure_page(request: Request, measure_id: MeasureId) -> HTMLResponse:
    detail = _measure(measure_id, request_lang(request))
    return render(
        request,
        "maatregel.html",
        {"m": detail},
        api_url=f"/api/maatregelen/{detail.id}",
        cacheable=True,
    )


@router.get(
    "/api/maatregelen/{measure_id}",
    tags=TAGS,
    summary="One measure with all fields (page: /maatregelen/{id})",
    responses=NOT_FOUND,
)
def api_measure(request: Request, measure_id: MeasureId, lang: LangParam = None) -> MeasureDetail:
    return _measure(measure_id, _lang(request, lang))


# --- evidence-and-gap map -----------------------------------------------------------

Second = Annotated[
    Literal["none", "worker_type", "level", "components"],
    Query(description="Second column dimension under absence type."),
]


@router.get("/kaart", response_class=HTMLResponse, include_in_schema=False)
def map_page(request: Request, second: Second = "none") -> HTMLResponse:
    lang = request_lang(request)
    data = _gap_map(second, lang)
    return render(
        request,
        "kaart.html",
        {
            "map": data,
            "chart": _map_chart(second, lang),
            "dimensions": SECOND_DIMENSIONS,
        },
        api_url=f"/api/kaart?second={second}",
        cacheable=True,
    )


@router.get("/api/kaart", tags=TAGS, summary="Evidence-and-gap map (page: /kaart)")
def api_map(request: Request, second: Second = "none", lang: LangParam = None) -> GapMap:
    return _gap_map(second, _lang(request, lang))


def _map_file(body: str | bytes, media_type: str, filename: str) -> Response:
    """A download of the map (the browser saves it instead of showing it)."""
    return Response(
        body, media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )  # fmt: skip


@router.get(
    "/kaart.csv",
    tags=TAGS,
    summary="The evidence-and-gap map as CSV, one row per cell",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def map_csv(request: Request, second: Second = "none", lang: LangParam = None) -> Response:
    body = gap_map_csv(_gap_map(second, _lang(request, lang)))
    return _map_file(body, "text/csv; charset=utf-8", f"kaart-{second}.csv")


@router.get(
    "/kaart.svg",
    tags=TAGS,
    summary="The evidence-and-gap map as SVG (a Vega-Lite chart rendered on the server)",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
def map_svg(request: Request, second: Second = "none", lang: LangParam = None) -> Response:
    chosen = _lang(request, lang)
    svg = charts.svg(specs.gap_map(_gap_map(second, chosen), chosen), chosen)
    return _map_file(svg, "image/svg+xml", f"kaart-{second}.svg")


@router.get(
    "/kaart.png",
    tags=TAGS,
    summary="The evidence-and-gap map as PNG, for slides",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
)
def map_png(request: Request, second: Second = "none", lang: LangParam = None) -> Response:
    chosen = _lang(request, lang)
    image = charts.png(specs.gap_map(_gap_map(second, chosen), chosen), chosen)
    return _map_file(image, "image/png", f"kaart-{second}.png")


@router.get(
    "/kaart.vl.json",
    tags=TAGS,
    summary="The evidence-and-gap map as a Vega-Lite specification (data included)",
)
def map_spec(request: Request, second: Second = "none", lang: LangParam = None) -> dict[str, Any]:
    chosen = _lang(request, lang)
    return specs.gap_map(_gap_map(second, chosen), chosen)


# --- who does what ------------------------------------------------------------------

ActorQuery = Annotated[
    str, Query(max_length=MAX_QUERY, description="Who can help with ...? Searches tasks.")
]


CoreOnly = Annotated[
    bool,
    Query(description="Only the core experts (kerndeskundigen) of the Working Conditions Act."),
]


def _actors_api_url(data: pages.Actors) -> str:
    params = "&".join(
        p
        for p in (
            f"q={quote_plus(data.query)}" if data.query else "",
            "kerndeskundige=1" if data.core_only else "",
        )
        if p
    )
    return "/api/wie-doet-wat" + (f"?{params}" if params else "")


@router.get("/wie-doet-wat", response_class=HTMLResponse, include_in_schema=False)
def actors_page(
    request: Request, q: ActorQuery = "", kerndeskundige: CoreOnly = False
) -> HTMLResponse:
    data = _actors(q, request_lang(request), core_only=kerndeskundige)
    return render(
        request, "wie-doet-wat.html", {"data": data}, api_url=_actors_api_url(data), cacheable=True
    )


@router.get(
    "/api/wie-doet-wat",
    tags=TAGS,
    summary="The 24 actors; ?q= ranks them, ?kerndeskundige=1 keeps the core experts "
    "(page: /wie-doet-wat)",
)
def api_actors(
    request: Request, q: ActorQuery = "", kerndeskundige: CoreOnly = False, lang: LangParam = None
) -> pages.Actors:
    return _actors(q, _lang(request, lang), core_only=kerndeskundige)


# --- perspectives, knowledge gaps, absence model -----------------------------------


@router.get("/perspectieven", response_class=HTMLResponse, include_in_schema=False)
def perspectives_page(request: Request) -> HTMLResponse:
    data = _perspectives(request_lang(request))
    return render(
        request, "perspectieven.html", {"data": data}, api_url="/api/perspectieven", cacheable=True
    )


@router.get("/api/perspectieven", tags=TAGS, summary="Chapter 4 (page: /perspectieven)")
def api_perspectives(request: Request, lang: LangParam = None) -> pages.Perspectives:
    return _perspectives(_lang(request, lang))


@router.get("/kennislacunes", response_class=HTMLResponse, include_in_schema=False)
def gaps_page(request: Request) -> HTMLResponse:
    data = _gaps(request_lang(request))
    return render(
        request, "kennislacunes.html", {"data": data}, api_url="/api/kennislacunes", cacheable=True
    )


@router.get("/api/kennislacunes", tags=TAGS, summary="Knowledge gaps (page: /kennislacunes)")
def api_gaps(request: Request, lang: LangParam = None) -> pages.Gaps:
    return _gaps(_lang(request, lang))


@router.get("/verzuimmodel", response_class=HTMLResponse, include_in_schema=False)
def model_page(request: Request) -> HTMLResponse:
    data = _model(request_lang(request))
    return render(
        request, "verzuimmodel.html", {"data": data}, api_url="/api/verzuimmodel", cacheable=True
    )


@router.get("/api/verzuimmodel", tags=TAGS, summary="The absence model (page: /verzuimmodel)")
def api_model(request: Request, lang: LangParam = None) -> pages.AbsenceModel:
    return _model(_lang(request, lang))
