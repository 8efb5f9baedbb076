"""Advies op maat on the web: a four-step wizard, the result page, exports and the JSON API.

Nothing is stored. Every answer travels in the URL (GET forms with hidden fields), so back and
forward keep the answers, the result is shareable as a link, and the pages work without
JavaScript. Pages render what :mod:`verzuim.advice` computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Body, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from pydantic import Field

from verzuim.advice.profile import (
    NOT_PROFESSIONALS,
    Concern,
    MeasureId,
    ProfessionalId,
    Profile,
    ProfileError,
    RiskCode,
    SectorCode,
    SizeClass,
    parse_profile,
    profile_data_from_query,
    profile_from_query,
)
from verzuim.advice.render import (
    MEDIA_TYPES,
    STYLE,
    template_context,
    to_html,
    to_json,
    to_markdown,
    to_pdf,
)
from verzuim.advice.result import Advice
from verzuim.advice.service import advice_for
from verzuim.knowledge import load
from verzuim.web.rendering import render, request_lang

router = APIRouter()
STEPS = 4
# The profile keys each wizard step asks; the other answers ride along as hidden fields.
STEP_KEYS: dict[int, tuple[str, ...]] = {
    1: ("sector", "size_class"),
    2: ("share_practical", "share_home_work"),
    3: ("concern", "risks", "workers_at_risk"),
    4: ("measures_in_place", "professionals_available"),
}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    group: str = ""


def _options(lang: str) -> dict[str, list[Option]]:
    kb = load()

    def pick(nl: str, en: str) -> str:
        return nl if lang == "nl" else en

    measures = [
        Option(s.id, pick(s.title.nl, s.title.en), pick("Wetenschappelijke reviews", "Reviews"))
        for s in kb.statements
    ]
    measures += [
        Option(p.id, f"{pick(p.title.nl, p.title.en)} ({p.table} nr. {p.number})", p.table)
        for p in kb.practices
    ]
    return {
        "sector": [
            Option(s.letter, f"{s.letter} – {pick(s.label.nl, s.label.en)}")
            for s in kb.vocab.sbi_sections
        ],
        "risks": [Option(t.code, pick(t.label.nl, t.label.en)) for t in kb.vocab.risks],
        "measures_in_place": measures,
        "professionals_available": [
            Option(a.id, pick(a.name.nl, a.name.en) + (" ★" if a.core_expert else ""))
            for a in kb.actors
            if a.id not in NOT_PROFESSIONALS
        ],
    }


def _hidden(data: dict[str, Any], step: int) -> list[tuple[str, str]]:
    """Answers of the other steps, as (name, value) pairs for hidden inputs."""
    out: list[tuple[str, str]] = []
    for key, value in data.items():
        if key in STEP_KEYS[step]:
            continue
        if isinstance(value, list):
            out += [(key, str(v)) for v in value]
        elif isinstance(value, bool):
            out.append((key, "true" if value else "false"))
        elif isinstance(value, float):
            out.append((key, f"{value:g}"))
        else:
            out.append((key, str(value)))
    return out


def _pct(value: Any) -> str:
    return f"{value * 100:g}" if isinstance(value, float) else ""


@router.get("/advies", response_class=HTMLResponse, include_in_schema=False)
def wizard(request: Request) -> Response:
    items = list(request.query_params.multi_items())
    names = {k for k, _ in items}
    # A link with answers but no step (e.g. from the analytics signals) goes to the result.
    if "step" not in names and "sector" in names:
        query = urlencode([(k, v) for k, v in items if k != "lang"])
        return RedirectResponse(f"/advies/resultaat?{query}", status_code=303)
    raw_step = request.query_params.get("step", "1")
    step = int(raw_step) if raw_step.isdigit() and 1 <= int(raw_step) <= STEPS else 1
    data = profile_data_from_query(items)
    problems: list[str] = []
    if step > 1 and not data.get("sector"):
        step, problems = 1, ["sector: " + _missing_sector(request)]
    elif data.get("sector"):
        try:
            parse_profile(data)
        except ProfileError as exc:
            problems = exc.problems
    lang = request_lang(request)
    context = {
        "step": step,
        "steps": STEPS,
        "data": data,
        "hidden": _hidden(data, step),
        "options": _options(lang),
        "pct": _pct,
        "problems": problems,
        "style_url": "/advies/advies.css",
    }
    return render(request, "advies_wizard.html", context, status_code=422 if problems else 200)


def _missing_sector(request: Request) -> str:
    lang = request_lang(request)
    return "kies eerst een sector" if lang == "nl" else "choose a sector first"


def _profile_or_error(request: Request) -> Profile | Response:
    try:
        return profile_from_query(request.query_params.multi_items())
    except ProfileError as exc:
        data = profile_data_from_query(request.query_params.multi_items())
        back = "/advies?" + urlencode([("step", "1"), *_hidden(data, 1)])
        if data.get("sector"):
            back = "/advies?" + urlencode(
                [("step", "1"), *_hidden(data, 1), ("sector", str(data["sector"]))]
            )
        return render(
            request,
            "advies_error.html",
            {"problems": exc.problems, "back": back, "style_url": "/advies/advies.css"},
            status_code=422,
        )


def share_url(profile: Profile) -> str:
    return "/advies/resultaat?" + urlencode(profile.query_items())


@router.get("/advies/resultaat", response_class=HTMLResponse, include_in_schema=False)
def result(request: Request) -> Response:
    found = _profile_or_error(request)
    if isinstance(found, Response):
        return found
    advice = advice_for(found)
    lang = request_lang(request)
    query = urlencode(found.query_items())
    context = template_context(advice, lang, date.today())
    context.update(
        share=share_url(found),
        edit="/advies?" + urlencode([("step", "1"), *found.query_items()]),
        exports=[(fmt, f"/advies/export?format={fmt}&{query}&lang={lang}") for fmt in MEDIA_TYPES],
        api=f"/api/advies?{query}",
        style_url="/advies/advies.css",
        plan_links=plan_links(advice, lang),
    )
    return render(request, "advies_result.html", context)


def plan_links(advice: Advice, lang: str) -> dict[str, str]:
    """Per recommended measure, "put in the plan" with the form pre-filled: title, origin,
    the risk it answers (why it was recommended) and the professionals to call first."""
    links: dict[str, str] = {}
    for m in advice.measures:
        risk = " · ".join(r.explain.pick(lang) for r in m.reasons[:2])
        params = [("origin", "advice"), ("ref", m.id), ("title", m.title.pick(lang)[:200])]
        params += [("risk", risk[:2000])] + [("actor", a) for a in advice.start.call]
        links[m.id] = "/plan/nieuw?" + urlencode(params)
    return links


@router.get("/advies/export", include_in_schema=False)
def export(request: Request, format: str = "pdf") -> Response:
    if format not in MEDIA_TYPES:
        allowed = ", ".join(MEDIA_TYPES)
        return PlainTextResponse(f"unknown format {format!r}; allowed: {allowed}", status_code=400)
    found = _profile_or_error(request)
    if isinstance(found, Response):
        return found
    advice = advice_for(found)
    lang = request_lang(request)
    today = date.today()
    absolute = str(request.base_url).rstrip("/") + share_url(found)
    body: str | bytes
    if format == "md":
        body = to_markdown(advice, lang, today)
    elif format == "html":
        body = to_html(advice, lang, today, share_url=absolute)
    elif format == "json":
        body = to_json(advice)
    else:
        body = to_pdf(advice, lang, today)
    name = f"advies-{found.sector}-{today.isoformat()}.{format}"
    return Response(
        body,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/advies/advies.css", include_in_schema=False)
def style() -> Response:
    return Response(STYLE.read_text(encoding="utf-8"), media_type="text/css")


# --- JSON API ------------------------------------------------------------------------


def _api_error(exc: ProfileError) -> RequestValidationError:
    errors = []
    for problem in exc.problems:
        field, _, msg = problem.partition(": ")
        errors.append({"loc": ("query", field), "msg": msg or problem, "type": "value_error"})
    return RequestValidationError(errors)


@router.get("/api/advies", response_model=Advice, tags=["advies"])
def api_advice_get(
    sector: Annotated[SectorCode, Query(description="SBI 2008 section letter, e.g. F")],
    size_class: Annotated[SizeClass | None, Query()] = None,
    share_practical: Annotated[float | None, Query(ge=0, le=1)] = None,
    share_home_work: Annotated[float | None, Query(ge=0, le=1)] = None,
    concern: Annotated[Concern | None, Query()] = None,
    risks: Annotated[
        list[Annotated[RiskCode, Field(min_length=1)]] | None,
        Query(description="Repeat for each risk code"),
    ] = None,
    workers_at_risk: Annotated[bool, Query()] = False,
    measures_in_place: Annotated[
        list[Annotated[MeasureId, Field(min_length=1)]] | None,
        Query(description="Repeat for each practice or statement id"),
    ] = None,
    professionals_available: Annotated[
        list[Annotated[ProfessionalId, Field(min_length=1)]] | None,
        Query(description="Repeat for each actor id"),
    ] = None,
) -> Advice:
    """Advice for a profile given as query parameters (the same keys as the JSON profile)."""
    data: dict[str, Any] = {
        "sector": sector,
        "size_class": size_class,
        "share_practical": share_practical,
        "share_home_work": share_home_work,
        "concern": concern or "unknown",
        "risks": risks or [],
        "workers_at_risk": workers_at_risk,
        "measures_in_place": measures_in_place or [],
        "professionals_available": professionals_available or [],
    }
    try:
        profile = parse_profile(data)
    except ProfileError as exc:
        raise _api_error(exc) from exc
    return advice_for(profile)


@router.post("/api/advies", response_model=Advice, tags=["advies"])
def api_advice_post(profile: Annotated[Profile, Body()]) -> Advice:
    """Advice for a profile sent as JSON (contract in docs/advice.md)."""
    return advice_for(profile)
