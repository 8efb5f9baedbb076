"""The plan van aanpak on the web: list, timeline, by owner, one measure with its forms, the
effect evaluation, exports, and "put in the plan" from advice and signals (docs/plans.md).

Every page renders a result of ``verzuim.plans``; its JSON twin under ``/api/o/{org}/plan``
returns the same object. Changes are POSTs (forms and JSON alike), so one role rule covers
both.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from verzuim.accounts import users
from verzuim.accounts.permissions import Permission, allows
from verzuim.evaluation.result import Design
from verzuim.plans import export, record, service
from verzuim.plans.effect import MeasureEffect, evaluate_measure
from verzuim.plans.model import (
    ORIGINS,
    STATUSES,
    ByOwner,
    Choices,
    Filters,
    MeasureIn,
    PlanItem,
    PlanList,
    ProcessFields,
    StatusIn,
    Timeline,
)
from verzuim.plans.record import RecordIn
from verzuim.plans.svg import timeline_svg
from verzuim.plans.texts import pt
from verzuim.plans.validate import PlanError, invalid_values, problem
from verzuim.records.model import LICENCES, GoodPracticeRecord
from verzuim.records.validate import RecordRefused
from verzuim.store.tenancy import Role
from verzuim.web.context import AUTH_ERRORS, OrgContext, database, org_context, require_viewer
from verzuim.web.rendering import render, request_lang

router = APIRouter()
TAG = "plan"

Reader = Annotated[OrgContext, Depends(org_context(Permission.VIEW_PLAN))]
Editor = Annotated[OrgContext, Depends(org_context(Permission.EDIT_PLAN))]
MeasureId = Annotated[int, Path(ge=1, le=2**31 - 1)]
PLAN_ERRORS: dict[int | str, dict[str, Any]] = {
    **AUTH_ERRORS,
    422: {"description": "What is wrong, per field, in Dutch and English"},
}
EDITORS = tuple(r for r in Role if allows(r, Permission.EDIT_PLAN))


def _today() -> dt.date:
    return dt.date.today()


def _refused(exc: PlanError, lang: str) -> JSONResponse:
    """422 with ``detail`` as one sentence (the API's error shape) and each problem located."""
    detail = "; ".join(f"{p.field}: {p.en if lang == 'en' else p.nl}" for p in exc.problems)
    return JSONResponse({"detail": detail, "problems": [p.model_dump() for p in exc.problems]}, 422)


def _not_found(measure: int) -> HTTPException:
    return HTTPException(
        404, f"Geen maatregel {measure} in dit plan. / No measure {measure} in this plan."
    )


def _item(ctx: OrgContext, measure: int, action: str = "read") -> PlanItem:
    try:
        return service.item(
            ctx.database, ctx.tenant, measure, "export" if action == "export" else "read"
        )
    except service.NotFound:
        raise _not_found(measure) from None


def _filters(status: str | None, owner: str | None, unit: str | None) -> Filters:
    try:
        owner_id = int(owner) if owner else None
    except ValueError:
        raise HTTPException(
            400, "owner moet een gebruikersnummer zijn. / owner must be a user id."
        ) from None
    return Filters(status=service.status_of(status or ""), owner_id=owner_id, unit=unit or None)


StatusQ = Annotated[str | None, Query(max_length=10, description="planned|running|done|stopped")]
OwnerQ = Annotated[
    str | None, Query(max_length=12, description="user id of the person responsible")
]
UnitQ = Annotated[str | None, Query(max_length=500, description="unit path (its subtree)")]


def _plan(
    ctx: OrgContext, status: str | None, owner: str | None, unit: str | None, action: str = "read"
) -> PlanList:
    return service.plan(
        ctx.database,
        ctx.tenant,
        _filters(status, owner, unit),
        "export" if action == "export" else "read",
    )


def _base(ctx: OrgContext) -> str:
    return f"/o/{ctx.tenant.org_slug}/plan"


def _common(request: Request, ctx: OrgContext) -> dict[str, Any]:
    lang = request_lang(request)
    return {
        "pt": lambda key: pt(key, lang),
        "org": ctx.tenant.org_slug,
        "base": _base(ctx),
        "can_edit": allows(ctx.tenant.role, Permission.EDIT_PLAN),
        "statuses": STATUSES,
        "origins": ORIGINS,
    }


# ---------------------------------------------------------------- list, timeline, owners


@router.get("/api/o/{org}/plan", tags=[TAG], response_model=PlanList, responses=AUTH_ERRORS)
def api_plan(
    ctx: Reader, status: StatusQ = None, owner: OwnerQ = None, unit: UnitQ = None
) -> PlanList:
    """The plan's measures (managers: those for their units), filtered by status/owner/unit."""
    return _plan(ctx, status, owner, unit)


@router.get("/o/{org}/plan", response_class=HTMLResponse, include_in_schema=False)
def plan_page(
    request: Request, ctx: Reader, status: StatusQ = None, owner: OwnerQ = None, unit: UnitQ = None
) -> HTMLResponse:
    found = _plan(ctx, status, owner, unit)
    choices = service.choices(ctx.database, ctx.tenant)
    query = urlencode(
        {k: v for k, v in (("status", status), ("owner", owner), ("unit", unit)) if v}
    )
    return render(
        request,
        "plan_list.html",
        {**_common(request, ctx), "plan": found, "choices": choices, "query": query},
        api_url=f"/api/o/{ctx.tenant.org_slug}/plan" + (f"?{query}" if query else ""),
    )


@router.get(
    "/api/o/{org}/plan/timeline", tags=[TAG], response_model=Timeline, responses=AUTH_ERRORS
)
def api_timeline(
    ctx: Reader, status: StatusQ = None, owner: OwnerQ = None, unit: UnitQ = None
) -> Timeline:
    """The measures as bars from start to end, sorted by start (like OiRA's timeline)."""
    return service.timeline(_plan(ctx, status, owner, unit), _today())


@router.get("/o/{org}/plan/tijdlijn", response_class=HTMLResponse, include_in_schema=False)
def timeline_page(
    request: Request, ctx: Reader, status: StatusQ = None, owner: OwnerQ = None, unit: UnitQ = None
) -> HTMLResponse:
    lang = request_lang(request)
    found = service.timeline(_plan(ctx, status, owner, unit), _today())
    names: dict[str, str] = {s: pt(f"status_{s}", lang) for s in STATUSES}
    svg = timeline_svg(found, pt("timeline", lang), export.month_names(lang), names)
    return render(
        request,
        "plan_timeline.html",
        {**_common(request, ctx), "timeline": found, "svg": svg},
        api_url=f"/api/o/{ctx.tenant.org_slug}/plan/timeline",
    )


@router.get("/api/o/{org}/plan/owners", tags=[TAG], response_model=ByOwner, responses=AUTH_ERRORS)
def api_owners(ctx: Reader, status: StatusQ = None, unit: UnitQ = None) -> ByOwner:
    """The measures grouped by the person responsible (nobody yet last)."""
    return service.by_owner(_plan(ctx, status, None, unit))


@router.get("/o/{org}/plan/eigenaren", response_class=HTMLResponse, include_in_schema=False)
def owners_page(
    request: Request, ctx: Reader, status: StatusQ = None, unit: UnitQ = None
) -> HTMLResponse:
    found = service.by_owner(_plan(ctx, status, None, unit))
    return render(
        request,
        "plan_owners.html",
        {**_common(request, ctx), "groups": found.groups},
        api_url=f"/api/o/{ctx.tenant.org_slug}/plan/owners",
    )


# ---------------------------------------------------------------- exports


def _download(body: bytes | str, media: str, name: str) -> Response:
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/o/{org}/plan/export.xlsx", include_in_schema=False)
def export_xlsx(request: Request, ctx: Reader) -> Response:
    found = _plan(ctx, None, None, None, "export")
    body = export.to_xlsx(found, service.timeline(found, _today()), request_lang(request))
    return _download(
        body,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"plan-{ctx.tenant.org_slug}.xlsx",
    )


@router.get("/o/{org}/plan/export.json", include_in_schema=False)
def export_json(ctx: Reader) -> Response:
    found = _plan(ctx, None, None, None, "export")
    return _download(export.to_json(found), "application/json", f"plan-{ctx.tenant.org_slug}.json")


@router.get("/o/{org}/plan/export.pdf", include_in_schema=False)
def export_pdf(request: Request, ctx: Reader) -> Response:
    found = _plan(ctx, None, None, None, "export")
    lang = request_lang(request)
    body = export.to_pdf(
        found, service.timeline(found, _today()), lang, ctx.tenant.org_slug, _today()
    )
    return _download(body, "application/pdf", f"plan-{ctx.tenant.org_slug}.pdf")


# ---------------------------------------------------------------- new measure


def _prefill(request: Request) -> dict[str, Any]:
    """A new measure's form filled from the query ("put in the plan" from advice or a signal)."""
    q = request.query_params
    origin = q.get("origin", "free")
    return {
        "title": q.get("title", "")[:200],
        "origin": origin if origin in ORIGINS else "free",
        "origin_ref": q.get("ref", "")[:300],
        "risk": q.get("risk", "")[:2000],
        "units": q.getlist("unit")[:200],
        "actors": q.getlist("actor")[:40],
        "owner_id": None,
        "budget_eur": None,
        "planned_start": None,
        "planned_end": None,
        "notes": "",
    }


def _form_page(
    request: Request,
    ctx: OrgContext,
    values: dict[str, Any],
    problems: list[Any],
    action: str,
    status: int = 200,
) -> HTMLResponse:
    choices: Choices = service.choices(ctx.database, ctx.tenant)
    return render(
        request,
        "plan_form.html",
        {
            **_common(request, ctx),
            "v": values,
            "choices": choices,
            "problems": problems,
            "action": action,
        },
        status_code=status,
    )


@router.get("/o/{org}/plan/nieuw", response_class=HTMLResponse, include_in_schema=False)
def new_page(request: Request, ctx: Editor) -> HTMLResponse:
    return _form_page(request, ctx, _prefill(request), [], _base(ctx))


@router.post(
    "/api/o/{org}/plan", tags=[TAG], status_code=201, response_model=PlanItem, responses=PLAN_ERRORS
)
def api_create(request: Request, ctx: Editor, data: MeasureIn) -> PlanItem | JSONResponse:
    """Add a measure (status 'planned'); every problem is named with its field."""
    try:
        return service.create(ctx.database, ctx.tenant, data, _today())
    except PlanError as exc:
        return _refused(exc, request_lang(request))


async def _measure_form(request: Request) -> tuple[dict[str, Any], MeasureIn | None, list[Any]]:
    form = await request.form()

    def text(name: str) -> str:
        value = form.get(name)
        return value.strip() if isinstance(value, str) else ""

    units = [str(v) for k, v in form.multi_items() if k == "unit"]
    units += [u for u in text("units_text").splitlines() if u.strip()]
    values: dict[str, Any] = {
        "title": text("title"),
        "origin": text("origin") or "free",
        "origin_ref": text("origin_ref"),
        "risk": text("risk"),
        "units": units,
        "actors": [str(v) for k, v in form.multi_items() if k == "actor"],
        "owner_id": text("owner_id") or None,
        "budget_eur": text("budget_eur").replace(",", ".") or None,
        "planned_start": text("planned_start") or None,
        "planned_end": text("planned_end") or None,
        "notes": text("notes"),
    }
    try:
        return values, MeasureIn.model_validate(values), []
    except ValidationError as exc:
        return values, None, invalid_values(exc)


@router.post("/o/{org}/plan", include_in_schema=False)
async def create_form(request: Request, ctx: Editor) -> Response:
    values, data, problems = await _measure_form(request)
    if data is not None:
        try:
            created = await run_in_threadpool(
                service.create, ctx.database, ctx.tenant, data, _today()
            )
            return RedirectResponse(f"{_base(ctx)}/{created.id}", 303)
        except PlanError as exc:
            problems = exc.problems
    return _form_page(request, ctx, values, problems, _base(ctx), 422)


# ---------------------------------------------------------------- one measure


@router.get(
    "/api/o/{org}/plan/{measure}", tags=[TAG], response_model=PlanItem, responses=AUTH_ERRORS
)
def api_measure(ctx: Reader, measure: MeasureId) -> PlanItem:
    """One measure with its status history and process evaluation."""
    return _item(ctx, measure)


def _measure_page(
    request: Request,
    ctx: OrgContext,
    found: PlanItem,
    problems: list[Any] | None = None,
    status: int = 200,
) -> HTMLResponse:
    choices = service.choices(ctx.database, ctx.tenant)
    values = found.model_dump()
    values["actors"] = [a.id for a in found.actors]
    values["owner_id"] = found.owner.user_id if found.owner else None
    return render(
        request,
        "plan_measure.html",
        {
            **_common(request, ctx),
            "m": found,
            "v": values,
            "choices": choices,
            "problems": problems or [],
            "action": f"{_base(ctx)}/{found.id}",
            "today": _today().isoformat(),
        },
        status_code=status,
        api_url=f"/api/o/{ctx.tenant.org_slug}/plan/{found.id}",
    )


@router.get("/o/{org}/plan/{measure}", response_class=HTMLResponse, include_in_schema=False)
def measure_page(request: Request, ctx: Reader, measure: MeasureId) -> HTMLResponse:
    return _measure_page(request, ctx, _item(ctx, measure))


@router.post(
    "/api/o/{org}/plan/{measure}", tags=[TAG], response_model=PlanItem, responses=PLAN_ERRORS
)
def api_update(
    request: Request, ctx: Editor, measure: MeasureId, data: MeasureIn
) -> PlanItem | JSONResponse:
    """Change a measure's details (all fields at once, as on the form)."""
    try:
        return service.update(ctx.database, ctx.tenant, measure, data)
    except service.NotFound:
        raise _not_found(measure) from None
    except PlanError as exc:
        return _refused(exc, request_lang(request))


@router.post("/o/{org}/plan/{measure}", include_in_schema=False)
async def update_form(request: Request, ctx: Editor, measure: MeasureId) -> Response:
    _values, data, problems = await _measure_form(request)
    if data is not None:
        try:
            await run_in_threadpool(service.update, ctx.database, ctx.tenant, measure, data)
            return RedirectResponse(f"{_base(ctx)}/{measure}", 303)
        except service.NotFound:
            raise _not_found(measure) from None
        except PlanError as exc:
            problems = exc.problems
    return _measure_page(request, ctx, _item(ctx, measure), problems, 422)


@router.post(
    "/api/o/{org}/plan/{measure}/status", tags=[TAG], response_model=PlanItem, responses=PLAN_ERRORS
)
def api_status(
    request: Request, ctx: Editor, measure: MeasureId, data: StatusIn
) -> PlanItem | JSONResponse:
    """Change the status (planned, running, done, stopped) from a day (default today)."""
    try:
        return service.set_status(ctx.database, ctx.tenant, measure, data, _today())
    except service.NotFound:
        raise _not_found(measure) from None
    except PlanError as exc:
        return _refused(exc, request_lang(request))


@router.post("/o/{org}/plan/{measure}/status", include_in_schema=False)
async def status_form(request: Request, ctx: Editor, measure: MeasureId) -> Response:
    form = await request.form()
    raw = {k: str(v) for k, v in form.items() if k in ("status", "day") and str(v)}
    try:
        data = StatusIn.model_validate(raw)
        await run_in_threadpool(
            service.set_status, ctx.database, ctx.tenant, measure, data, _today()
        )
        return RedirectResponse(f"{_base(ctx)}/{measure}", 303)
    except service.NotFound:
        raise _not_found(measure) from None
    except ValidationError:
        problems = [
            problem(
                "status",
                "Kies een status en een datum (JJJJ-MM-DD).",
                "Choose a status and a date (YYYY-MM-DD).",
            )
        ]
    except PlanError as exc:
        problems = exc.problems
    return _measure_page(request, ctx, _item(ctx, measure), problems, 422)


@router.post(
    "/api/o/{org}/plan/{measure}/process",
    tags=[TAG],
    response_model=PlanItem,
    responses=PLAN_ERRORS,
)
def api_process(ctx: Editor, measure: MeasureId, data: ProcessFields) -> PlanItem:
    """Store the RE-AIM process evaluation and the after-action review (replaces the old)."""
    try:
        return service.set_process(ctx.database, ctx.tenant, measure, data)
    except service.NotFound:
        raise _not_found(measure) from None


@router.post("/o/{org}/plan/{measure}/proces", include_in_schema=False)
async def process_form(request: Request, ctx: Editor, measure: MeasureId) -> Response:
    form = await request.form()
    raw: dict[str, Any] = {
        k: str(v).strip().replace(",", ".") if k in ("reach_pct", "costs_eur") else str(v).strip()
        for k, v in form.items()
        if k in ProcessFields.model_fields and str(v).strip()
    }
    try:
        data = ProcessFields.model_validate(raw)
        await run_in_threadpool(service.set_process, ctx.database, ctx.tenant, measure, data)
        return RedirectResponse(f"{_base(ctx)}/{measure}#proces", 303)
    except service.NotFound:
        raise _not_found(measure) from None
    except ValidationError as exc:
        problems = invalid_values(exc)
    return _measure_page(request, ctx, _item(ctx, measure), problems, 422)


@router.post(
    "/api/o/{org}/plan/{measure}/delete", tags=[TAG], status_code=204, responses=AUTH_ERRORS
)
def api_delete(ctx: Editor, measure: MeasureId) -> Response:
    """Remove a measure and its history from the plan."""
    try:
        service.delete(ctx.database, ctx.tenant, measure)
    except service.NotFound:
        raise _not_found(measure) from None
    return Response(status_code=204)


@router.post("/o/{org}/plan/{measure}/verwijderen", include_in_schema=False)
def delete_form(ctx: Editor, measure: MeasureId) -> Response:
    api_delete(ctx, measure)
    return RedirectResponse(_base(ctx), 303)


# ---------------------------------------------------------------- effect evaluation

StartQ = Annotated[
    str | None,
    Query(max_length=10, description="start YYYY-MM-DD (default: the day it became running)"),
]
ComparisonQ = Annotated[
    list[str] | None, Query(max_length=100, description="comparison unit paths")
]
DesignQ = Annotated[
    str | None, Query(max_length=3, description="did or its (default: did with a comparison)")
]


def _effect(
    ctx: OrgContext,
    measure: int,
    start: str | None,
    comparison: list[str] | None,
    design: str | None,
) -> MeasureEffect:
    # Blank values come from the page's form ("automatic"): they mean "not given".
    try:
        day = dt.date.fromisoformat(start) if start else None
    except ValueError:
        raise HTTPException(
            400,
            f"start '{start}': geef een datum als JJJJ-MM-DD. / give a date as YYYY-MM-DD.",
        ) from None
    if design not in (None, "", "did", "its"):
        raise HTTPException(
            400, f"design '{design}': kies did of its. / design '{design}': choose did or its."
        )
    chosen: Design | None = "did" if design == "did" else "its" if design == "its" else None
    try:
        return evaluate_measure(ctx.database, ctx.tenant, measure, day, comparison, chosen)
    except service.NotFound:
        raise _not_found(measure) from None


@router.get(
    "/api/o/{org}/plan/{measure}/effect",
    tags=[TAG],
    response_model=MeasureEffect,
    responses=AUTH_ERRORS,
)
def api_effect(
    ctx: Reader,
    measure: MeasureId,
    start: StartQ = None,
    comparison: ComparisonQ = None,
    design: DesignQ = None,
) -> MeasureEffect:
    """The organisation's own effect evaluation of a running or completed measure."""
    return _effect(ctx, measure, start, comparison, design)


@router.get("/o/{org}/plan/{measure}/effect", response_class=HTMLResponse, include_in_schema=False)
def effect_page(
    request: Request,
    ctx: Reader,
    measure: MeasureId,
    start: StartQ = None,
    comparison: ComparisonQ = None,
    design: DesignQ = None,
) -> HTMLResponse:
    from verzuim.plans.charts import effect_chart

    lang = request_lang(request)
    found = _effect(ctx, measure, start, comparison, design)
    chart = effect_chart(found.evaluation, lang) if found.evaluation else ""
    choices = service.choices(ctx.database, ctx.tenant)
    query = request.url.query
    return render(
        request,
        "plan_effect.html",
        {
            **_common(request, ctx),
            "e": found,
            "m": found.measure,
            "ev": found.evaluation,
            "chart": chart,
            "units": [u for u in choices.units if u not in found.measure.units],
        },
        api_url=f"/api/o/{ctx.tenant.org_slug}/plan/{measure}/effect"
        + (f"?{query}" if query else ""),
    )


# ---------------------------------------------------------------- put in the plan


@router.get("/plan/nieuw", include_in_schema=False)
def choose_organisation(request: Request) -> Response:
    """ "Put in the plan" from the public advice: to the organisation's form (asking which
    when the user may edit the plan in several), or to the login first."""
    found = require_viewer(request)
    with database(request).member_lookup(found.user.id) as session:
        orgs = [
            (o.slug, o.name)
            for o, m in users.organisations_of(session, found.user.id)
            if Role(m.role) in EDITORS
        ]
    query = request.url.query
    if len(orgs) == 1:
        return RedirectResponse(f"/o/{orgs[0][0]}/plan/nieuw" + (f"?{query}" if query else ""), 303)
    lang = request_lang(request)
    return render(
        request,
        "plan_choose.html",
        {"pt": lambda key: pt(key, lang), "orgs": orgs, "query": query},
        status_code=200 if orgs else 403,
    )


# ---------------------------------------------------------------- good-practice record


def _reasons_json(exc: RecordRefused, lang: str) -> JSONResponse:
    detail = "; ".join(
        f"{r.field}: {r.text.en if lang == 'en' and r.text.en else r.text.nl}" for r in exc.reasons
    )
    return JSONResponse(
        {"detail": detail, "reasons": [r.model_dump(mode="json") for r in exc.reasons]}, 422
    )


@router.post(
    "/api/o/{org}/plan/{measure}/record",
    tags=[TAG],
    response_model=GoodPracticeRecord,
    responses=PLAN_ERRORS,
)
def api_record(
    request: Request, ctx: Editor, measure: MeasureId, data: RecordIn
) -> GoodPracticeRecord | JSONResponse:
    """The completed measure as an anonymised good-practice record (schema
    /api/schema/good-practice.json); refused with every reason when it cannot be shared."""
    try:
        return record.build(ctx.database, ctx.tenant, measure, data, _today())
    except service.NotFound:
        raise _not_found(measure) from None
    except RecordRefused as exc:
        return _reasons_json(exc, request_lang(request))


def _record_page(
    request: Request,
    ctx: OrgContext,
    measure: int,
    values: dict[str, Any] | None = None,
    reasons: list[Any] | None = None,
    status: int = 200,
) -> HTMLResponse:
    try:
        found = record.draft(ctx.database, ctx.tenant, measure)
    except service.NotFound:
        raise _not_found(measure) from None
    choices = service.choices(ctx.database, ctx.tenant)
    return render(
        request,
        "plan_record.html",
        {
            **_common(request, ctx),
            "m": found.measure,
            "v": values or found.values.model_dump(),
            "categories": found.categories,
            "licences": LICENCES,
            "reasons": reasons or [],
            "units": [u for u in choices.units if u not in found.measure.units],
        },
        status_code=status,
    )


@router.get("/o/{org}/plan/{measure}/record", response_class=HTMLResponse, include_in_schema=False)
def record_page(request: Request, ctx: Editor, measure: MeasureId) -> HTMLResponse:
    return _record_page(request, ctx, measure)


@router.post("/o/{org}/plan/{measure}/record", include_in_schema=False)
async def record_form(request: Request, ctx: Editor, measure: MeasureId) -> Response:
    form = await request.form()
    lists = ("categories", "comparison")
    values: dict[str, Any] = {
        k: str(v).strip() for k, v in form.items() if k in RecordIn.model_fields and k not in lists
    }
    for name in lists:
        values[name] = [str(v) for k, v in form.multi_items() if k == name]
    values["include_evaluation"] = form.get("include_evaluation") == "on"
    values["home_work"] = form.get("home_work") == "on"
    for name in ("absence_type", "worker_type"):
        if not values.get(name):
            values[name] = None
    fmt = str(form.get("format") or "json")
    lang = request_lang(request)
    try:
        data = RecordIn.model_validate(values)
        built = await run_in_threadpool(
            record.build, ctx.database, ctx.tenant, measure, data, _today()
        )
    except service.NotFound:
        raise _not_found(measure) from None
    except ValidationError as exc:
        reasons = [
            {"field": ".".join(str(p) for p in e["loc"]), "text": {"nl": e["msg"], "en": e["msg"]}}
            for e in exc.errors()
        ]
        return _record_page(request, ctx, measure, values, reasons, 422)
    except RecordRefused as exc:
        reasons = [r.model_dump(mode="json") for r in exc.reasons]
        return _record_page(request, ctx, measure, values, reasons, 422)
    name = f"good-practice-{built.id}"
    if fmt == "pdf":
        from verzuim.plans.record_pdf import record_pdf

        return _download(record_pdf(built, lang), "application/pdf", f"{name}.pdf")
    return _download(
        built.model_dump_json(indent=2, exclude_none=True), "application/json", f"{name}.json"
    )
