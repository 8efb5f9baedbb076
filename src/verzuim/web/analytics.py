"""Verzuimanalyse on the web: upload with validation report, dashboard, CSV downloads, JSON twins.

Pages render what :mod:`verzuim.analytics.service` returned; each page's JSON twin under
/api/analyse/ comes from the same service call. Bad input answers 4xx with a clear message.

Query parameters are typed (see "query parameters" below), so the OpenAPI document says what
is accepted and FastAPI checks it; what a type cannot say (a date that does not exist, a
period that ends before it starts) the service checks. Either way a bad value answers 400
naming the parameter, the value and what to use instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from markupsafe import Markup
from pydantic import BeforeValidator, Field
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from verzuim import charts
from verzuim.accounts import audit
from verzuim.accounts.audit import Action
from verzuim.accounts.permissions import Permission, allows
from verzuim.analytics import (
    benchmarks,
    column_choice,
    example_data,
    explain,
    export,
    periods,
    readers,
    service,
    teams,
)
from verzuim.analytics import problems as problems_mod
from verzuim.analytics import templates as templates_mod
from verzuim.analytics.costs import CostAssumptions, CostEstimate, Method
from verzuim.analytics.models import ImportSummary, MetricsResult, Period
from verzuim.analytics.service import Dashboard, InputError, Upload
from verzuim.analytics.signals import Finding
from verzuim.analytics.store import Mode as ImportMode
from verzuim.benchmark import compare
from verzuim.charts import specs
from verzuim.i18n import Lang
from verzuim.knowledge import load
from verzuim.store import absence, column_mappings, demo, import_job, jobs, organisations
from verzuim.store.absence import AbsenceSource
from verzuim.web.context import (
    AUTH_ERRORS,
    OrgAccess,
    OrgContext,
    database,
    deferred_org_context,
    org_context,
    viewer,
)
from verzuim.web.errors import ErrorBody
from verzuim.web.rendering import (
    is_htmx,
    render,
    render_fragment,
    request_lang,
    respond,
    url_with,
)


def _bad(message: str) -> HTTPException:
    return HTTPException(400, message)


# --- query parameters -----------------------------------------------------------------------
# Typed, so FastAPI checks them and the OpenAPI document lists what is accepted. The forms send
# an empty value for "no choice": for every parameter that means "not given" (None), and the
# document says so (json_schema_input_type: the input forms the before-validator reads).

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# The SBI 2008 sections CBS publishes figures for (cbs.section_keys(); a test keeps them equal).
Section = Literal[
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S"
]
_LETTERS = "".join(get_args(Section))
AnyCaseSection = Annotated[
    str,
    Field(
        pattern=rf"^\s*[{_LETTERS}{_LETTERS.lower()}]?\s*$",
        description="Case-insensitive; spaces around it are ignored.",
    ),
]
SizeClass = Literal["1-10", "10-100", "100+"]  # benchmarks.SIZE_CLASSES
Flag = Literal["0", "1"]
Day = Annotated[str, Field(pattern=DATE_PATTERN)]
Blank = Annotated[Literal[""], Field(description="Empty: the same as not given.")]
CostPerDay = Annotated[float, Field(ge=0, le=10_000, allow_inf_nan=False)]
AnnualWage = Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)]
ContinuationPct = Annotated[float, Field(ge=70, le=100, allow_inf_nan=False)]
# From one to seven: a fraction of a day per week would make the daily wage overflow.
WorkdaysPerWeek = Annotated[float, Field(ge=1, le=7, allow_inf_nan=False)]


def _given(value: Any) -> Any:
    return None if value == "" else value


def _letter(value: Any) -> Any:
    """SBI letters are read case-insensitively, spaces around them ignored (" f" is F)."""
    return (value.strip().upper() or None) if isinstance(value, str) else value


def _decimal(value: Any) -> Any:
    """Numbers as people type them in the cost form: a decimal comma is a decimal point."""
    return (value.replace(",", ".") or None) if isinstance(value, str) else value


def _or_blank(kind: Any) -> BeforeValidator:
    return BeforeValidator(_given, json_schema_input_type=kind | Blank | None)


def _number_or_blank(kind: Any) -> BeforeValidator:
    return BeforeValidator(_decimal, json_schema_input_type=kind | Blank | None)


SectionParam = Annotated[
    Section | None,
    BeforeValidator(_letter, json_schema_input_type=Section | AnyCaseSection | None),
    Query(description="SBI 2008 section letter (A..S) to compare with; default: the setting."),
]
SizeParam = Annotated[
    SizeClass | None,
    _or_blank(SizeClass),
    Query(description="Working persons, as CBS groups them; default: from the headcount."),
]
FlagParam = Annotated[Flag | None, _or_blank(Flag)]


@dataclass(frozen=True)
class Span:
    """The period as asked: first and last day (yyyy-mm-dd), either may be missing."""

    start: str | None = None
    end: str | None = None


# The query dependencies are async: they only parse, and every sync dependency is a trip
# through the thread pool's queue (a dashboard request made seven; under load each waited in
# line again, which set the tail latency).
async def span_query(
    start: Annotated[
        Day | None,
        _or_blank(Day),
        Query(alias="from", description="First day, yyyy-mm-dd; default: 1 January of the year."),
    ] = None,
    end: Annotated[
        Day | None,
        _or_blank(Day),
        Query(alias="to", description="Last day, yyyy-mm-dd; default: 31 December of the year."),
    ] = None,
) -> Span:
    return Span(start, end)


@dataclass(frozen=True)
class Comparison:
    """What to compare with: an SBI section and a size class (None: the stored settings)."""

    sector: Section | None = None
    size_class: SizeClass | None = None


async def comparison_query(sector: SectionParam = None, size_class: SizeParam = None) -> Comparison:
    return Comparison(sector, size_class)


async def cost_query(
    method: Annotated[
        Method | None,
        _or_blank(Method),
        Query(description="per_day: a full cost per sick day; wage: the wage part only."),
    ] = None,
    cost_per_day: Annotated[
        CostPerDay | None,
        _number_or_blank(CostPerDay),
        Query(description="Euro per sick workday (method per_day); default 405."),
    ] = None,
    annual_wage: Annotated[
        AnnualWage | None,
        _number_or_blank(AnnualWage),
        Query(description="Gross annual wage in euro (method wage); default 36500."),
    ] = None,
    continuation_pct: Annotated[
        ContinuationPct | None,
        _number_or_blank(ContinuationPct),
        Query(
            description="Wage paid during sickness, % (art. 7:629 BW: at least 70); default 100."
        ),
    ] = None,
    workdays_per_week: Annotated[
        WorkdaysPerWeek | None,
        _number_or_blank(WorkdaysPerWeek),
        Query(description="Workdays in a week; default 5."),
    ] = None,
) -> CostAssumptions:
    given = {
        "method": method,
        "cost_per_day": cost_per_day,
        "annual_wage": annual_wage,
        "continuation_pct": continuation_pct,
        "workdays_per_week": workdays_per_week,
    }
    return CostAssumptions.model_validate({k: v for k, v in given.items() if v is not None})


SpanParams = Annotated[Span, Depends(span_query)]
ComparisonParams = Annotated[Comparison, Depends(comparison_query)]
CostParams = Annotated[CostAssumptions, Depends(cost_query)]


@dataclass(frozen=True)
class Trend:
    """How the dashboard splits and groups: trend per month, quarter or year; unit roll-up."""

    per: periods.Granularity | None = None
    rollup: bool = True


async def trend_query(
    per: Annotated[
        periods.Granularity | None,
        _or_blank(periods.Granularity),
        Query(description="Trend per month, quarter or year; default: by the period's length."),
    ] = None,
    rollup: Annotated[
        FlagParam,
        Query(description="1 (default): a unit also counts in its parent units; 0: it does not."),
    ] = None,
) -> Trend:
    return Trend(per, rollup != "0")


@dataclass(frozen=True)
class DashboardQuery:
    """Everything the dashboard (page, JSON twin and CSV downloads) can be asked for."""

    span: Span = Span()
    trend: Trend = Trend()
    comparison: Comparison = Comparison()
    costs: CostAssumptions = field(default_factory=CostAssumptions)


async def dashboard_query(
    span: SpanParams,
    trend: Annotated[Trend, Depends(trend_query)],
    comparison: ComparisonParams,
    costs: CostParams,
) -> DashboardQuery:
    return DashboardQuery(span, trend, comparison, costs)


DashboardParams = Annotated[DashboardQuery, Depends(dashboard_query)]

Level = Annotated[int, Field(ge=0, le=20)]
TopN = Annotated[int, Field(ge=1, le=teams.TOP_MAX)]


@dataclass(frozen=True)
class TeamQuery:
    """How the team comparison is shown: level of the unit tree, sort, top-N. Not part of
    the dashboard's cache key: the same computed dashboard serves every view of it."""

    level: int | None = None
    sort: teams.SortKey | None = None
    order: teams.Order | None = None
    top: int | None = None


async def team_query(
    level: Annotated[
        Level | None,
        _or_blank(Level),
        Query(description="Level of the unit tree to compare at (1 = top); 0: every level."),
    ] = None,
    sort: Annotated[
        teams.SortKey | None,
        _or_blank(teams.SortKey),
        Query(description="Column to sort the team table by; default zvp."),
    ] = None,
    order: Annotated[
        teams.Order | None,
        _or_blank(teams.Order),
        Query(description="asc or desc; default: desc for numbers, asc for unit names."),
    ] = None,
    top: Annotated[
        TopN | None,
        _or_blank(TopN),
        Query(
            description=f"Units in the top-N chart and the small multiples; default "
            f"{teams.TOP_DEFAULT}."
        ),
    ] = None,
) -> TeamQuery:
    return TeamQuery(level, sort, order, top)


TeamParams = Annotated[TeamQuery, Depends(team_query)]


def _problem(error: Mapping[str, Any]) -> str:
    """One rejected parameter in plain words: which, the value given, and what to use."""
    loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
    name = ".".join(loc) or "request"
    given = error.get("input")
    ctx = error.get("ctx") or {}
    kind = error.get("type")
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        choice = f"one of {expected}" if "," in expected or " or " in expected else expected
        return f"{name}: '{given}' is not allowed; use {choice}."
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == DATE_PATTERN:
        return f"{name}: '{given}' is not a date; use yyyy-mm-dd, e.g. 2024-12-31."
    message = str(error.get("msg", kind)).removeprefix("Value error, ")
    if message.startswith("Expected UploadFile"):
        return f"{name}: send a file here, not a text value."
    shown = f" (got '{given}')" if isinstance(given, str) else ""
    return f"{name}: {message}{shown}."


class _BadInputIs400(APIRoute):
    """Query and form values FastAPI rejects answer 400 with one readable sentence, like every
    other bad input of this area (docs/metrics.md); 422 stays the answer to a rejected upload
    and to a malformed path."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                errors = exc.errors()
                if any(not e.get("loc") or e["loc"][0] not in ("query", "body") for e in errors):
                    raise
                raise _bad(" ".join(_problem(e) for e in errors)) from None

        return run


router = APIRouter(route_class=_BadInputIs400)
TAG = "verzuimanalyse"
INLINE_LIMIT = 2_000_000  # bytes; larger uploads run as a background job with progress
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A bad date, period or parameter"},
    503: {"model": ErrorBody, "description": "The store is in use by another program"},
}
ORG_ERRORS: dict[int | str, dict[str, Any]] = {**ERRORS, **AUTH_ERRORS}


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return service.parse_day(value, name)
    except InputError as exc:
        raise _bad(str(exc)) from None


def _period(span: Span, source: AbsenceSource) -> Period | None:
    first, last = _date(span.start, "from"), _date(span.end, "to")
    if first is None and last is None:
        return None
    default = service.default_period(source)
    first = first or dt.date(last.year if last else default.start.year, 1, 1)
    last = last or dt.date(first.year, 12, 31)
    if (last - first).days > 366 * 10:
        raise _bad("The period may span at most 10 years.")
    try:
        return service.make_period(first, last)
    except InputError as exc:
        raise _bad(str(exc)) from None


Key = tuple[Any, ...]


def _dashboard(ctx: OrgAccess, q: DashboardQuery, obj: str, action: Action = "read") -> Dashboard:
    return _keyed_dashboard(ctx, q, obj, action)[1]


def _keyed_dashboard(
    ctx: OrgAccess, q: DashboardQuery, obj: str, action: Action = "read"
) -> tuple[Key, Dashboard]:
    """The dashboard and its cache key (what is derived from it is cached under that key)."""
    scope = f"from={q.span.start or ''} to={q.span.end or ''}"
    with absence.reading(ctx.database, ctx.tenant, obj, scope, action) as source:
        org = source.org
        # The profile (sector, size class) is part of the organisation row, so of the key too.
        pooled_dir = compare.configured_dir()
        key = (org.id, org.data_version, org.sbi_section, org.size_class, org.region,
               ctx.tenant.units, repr(q), pooled_dir, compare.stamp(pooled_dir))  # fmt: skip
        return key, ctx.database.results.get_or_make(
            key,
            lambda: service.dashboard(
                source,
                _period(q.span, source),
                q.trend.per,
                q.trend.rollup,
                q.costs,
                q.comparison.sector,
                q.comparison.size_class,
                pooled_dir,
            ),
        )


def _team(ctx: OrgAccess, key: Key, d: Dashboard, t: TeamQuery) -> teams.TeamView:
    return ctx.database.results.get_or_make(
        (*key, "team", t), lambda: service.team_view(d, t.level, t.sort, t.order, t.top)
    )


def _chart_specs(
    ctx: OrgAccess, key: Key, d: Dashboard, view: teams.TeamView, t: TeamQuery, lang: Lang
) -> dict[str, dict[str, Any]]:
    return ctx.database.results.get_or_make(
        (*key, "specs", t, lang), lambda: specs.dashboard(d, view, lang)
    )


def _charts(
    ctx: OrgAccess, key: Key, d: Dashboard, view: teams.TeamView, t: TeamQuery, lang: Lang
) -> dict[str, str]:
    """Each dashboard chart as inline SVG, from its Vega-Lite spec; cached under the
    dashboard's key, so a repeated view builds no spec and renders nothing."""
    return ctx.database.results.get_or_make(
        (*key, "svg", t, lang),
        lambda: {
            name: charts.inline(spec, lang)
            for name, spec in _chart_specs(ctx, key, d, view, t, lang).items()
        },
    )


TEAM_FORM = ("level", "top")
# The views are looked up in the handler's own thread (context.DeferredOrgContext): their
# handlers are sync and touch the context before anything else.
Viewing = Annotated[OrgAccess, Depends(deferred_org_context(Permission.VIEW_ANALYTICS))]
Exporting = Annotated[OrgContext, Depends(org_context(Permission.EXPORT_ANALYTICS))]
Importing = Annotated[OrgContext, Depends(org_context(Permission.IMPORT_DATA))]
Profiling = Annotated[OrgContext, Depends(org_context(Permission.SET_PROFILE))]


def _base(ctx: OrgAccess) -> str:
    return f"/o/{ctx.tenant.org_slug}/analyse"


# --- upload -------------------------------------------------------------------------------


@router.get("/analyse", response_class=HTMLResponse, include_in_schema=False)
def intro_page(request: Request) -> HTMLResponse:
    """Public: what the analysis does, and the way in (log in, or analyse files locally)."""
    return render(
        request, "analyse_intro.html", {"template_columns": templates_mod.COLUMNS}, cacheable=True
    )


TemplateKind = Annotated[
    templates_mod.Kind, Path(description="werknemers (employees) or verzuim (spells)")
]


def _template(kind: templates_mod.Kind, fmt: templates_mod.Format) -> Response:
    found = templates_mod.template(f"{kind}.{fmt}")
    assert found is not None  # the path's type admits only known templates
    data, media = found
    return Response(
        data,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="sjabloon-{kind}.{fmt}"'},
    )


@router.get("/analyse/sjablonen/{kind}.csv", include_in_schema=False)
def template_csv(kind: TemplateKind) -> Response:
    """Public: a template to fill in, header and one example row (docs/import.md)."""
    return _template(kind, "csv")


@router.get("/analyse/sjablonen/{kind}.xlsx", include_in_schema=False)
def template_xlsx(kind: TemplateKind) -> Response:
    """Public: the template as Excel, with a second sheet explaining each column."""
    return _template(kind, "xlsx")


@router.post("/analyse/voorbeeld", include_in_schema=False)
def example_start(request: Request) -> Response:
    """ "Probeer met voorbeeldgegevens": the user's own demo organisation (made once, then
    reused), filled with invented data; anonymous visitors log in first (store/demo.py)."""
    found = viewer(request)
    if found is None or not found.second_factor_done:
        return RedirectResponse("/login?next=/analyse%23voorbeeld", status_code=303)
    slug = demo.open_for(database(request), found.user)
    suffix = "?lang=en" if request_lang(request) == "en" else ""
    return RedirectResponse(f"/o/{slug}/analyse/dashboard{suffix}", status_code=303)


ExampleKind = Annotated[
    Literal["werknemers", "verzuim"], Path(description="werknemers (employees) or verzuim")
]


@router.get("/analyse/voorbeeld/{kind}.csv", include_in_schema=False)
def example_file(kind: ExampleKind) -> Response:
    """Public: the invented example files, to try ``verzuim analyse`` on one's own machine."""
    files = example_data.generate(demo.example_year(dt.date.today()))
    data = files.employees if kind == "werknemers" else files.spells
    return Response(
        data,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="voorbeeld-{kind}.csv"'},
    )


@router.get("/o/{org}/analyse", response_class=HTMLResponse, include_in_schema=False)
def upload_page(request: Request, ctx: Importing) -> HTMLResponse:
    with absence.reading(ctx.database, ctx.tenant, "analyse/upload", "counts") as source:
        employees, episodes = source.counts()
        sector, size_class = source.settings()
        remembered = column_mappings.remembered(source.session, ctx.tenant)
    return render(
        request,
        "analyse.html",
        {
            "employees": employees,
            "episodes": episodes,
            "sector": sector,
            "size_class": size_class,
            "sections": _section_options(request_lang(request)),
            "size_classes": benchmarks.SIZE_CLASSES,
            "base": _base(ctx),
            "org": ctx.tenant.org_slug,
            "remembered": {kind: found for kind, found in remembered.items() if found},
            "template_columns": templates_mod.COLUMNS,
        },
    )


def _section_options(lang: Lang) -> list[tuple[str, str]]:
    """The SBI sections CBS publishes, named in the reader's language (knowledge vocabulary;
    CBS's own Dutch title where the vocabulary has none)."""
    names = {s.letter: s.label.pick(lang) for s in load().vocab.sbi_sections}
    return [
        (letter, f"{letter} – {names[letter]}" if letter in names else title)
        for letter in benchmarks.sections()
        if (title := benchmarks.section_title(letter) or letter)
    ]


ModeField = Annotated[
    ImportMode | None,
    Form(description="merge (default): add and update rows by key; replace: replace all rows."),
]


def _uploads(
    employees: UploadFile | None, spells: UploadFile | None, mapping: UploadFile | None
) -> tuple[Upload | None, Upload | None, Upload | None]:
    def read(f: UploadFile | None) -> Upload | None:
        if f is None or not f.filename:
            return None
        # One byte over the limit is enough to refuse the file with a clear message; the
        # rest is never read into memory.
        return Upload(f.filename, f.file.read(readers.MAX_FILE_BYTES + 1))

    return read(employees), read(spells), read(mapping)


def _start_import(
    ctx: OrgAccess,
    emp: Upload | None,
    sp: Upload | None,
    mp: Upload | None,
    mode: ImportMode | None,
    wake: Callable[[], None],
) -> tuple[jobs.JobView, bool]:
    """(job, whether it was queued). Small files are imported at once (in this worker
    thread, not on the event loop); larger ones become a job for the worker, whose progress
    any process can read."""
    if emp is None and sp is None:
        raise _bad("Choose an employee file, a spell file or both.")
    files = {
        role: (u.name, u.data)
        for role, u in (("employees", emp), ("spells", sp), ("mapping", mp))
        if u
    }
    return _submit(ctx, {"mode": mode or "merge"}, jobs.pack(files), wake)


def _submit(
    ctx: OrgAccess, params: dict[str, Any], payload: bytes, wake: Callable[[], None]
) -> tuple[jobs.JobView, bool]:
    inline = len(payload) <= INLINE_LIMIT
    job_id = jobs.submit(ctx.database, ctx.tenant, "import", params, payload, queue=not inline)
    if inline:
        import_job.run_now(ctx.database, ctx.tenant, job_id)
    else:
        wake()
    return _job(ctx, job_id), not inline


def _resume(
    ctx: OrgAccess,
    job_id: str,
    wake: Callable[[], None],
    change: Callable[[Session, dict[str, Any], ImportSummary], None],
) -> tuple[jobs.JobView, bool]:
    """A new import of the files a held import kept (it waited for the user's answer), with
    its parameters as ``change`` sets them; the held job gives its files up."""
    with ctx.database.tenant(ctx.tenant) as session:
        found = jobs.get(session, ctx.tenant, job_id)
        summary = _summary(jobs.view(found)) if found is not None else None
        if found is None or summary is None or summary.awaiting is None:
            raise HTTPException(404, "No import waiting for an answer with this id.")
        try:
            params, payload = jobs.take_held(session, ctx.tenant, job_id)
        except KeyError:
            raise HTTPException(
                409, "The files of this import are no longer kept; upload them again."
            ) from None
        change(session, params, summary)
    return _submit(ctx, params, payload, wake)


def _confirm(session: Session, params: dict[str, Any], summary: ImportSummary) -> None:
    if summary.awaiting != "confirm_unrelated":
        raise _bad("This import does not wait for a confirmation.")
    params["confirmed"] = True


def _columns(
    ctx: OrgAccess, form: Mapping[str, str]
) -> Callable[[Session, dict[str, Any], ImportSummary], None]:
    def change(session: Session, params: dict[str, Any], summary: ImportSummary) -> None:
        if summary.awaiting != "columns":
            raise _bad("This import does not wait for a column mapping.")
        try:
            chosen = column_choice.choose(summary.columns, form)
        except column_choice.ChoiceError as exc:
            raise _bad(str(exc)) from None
        params["columns"] = chosen
        if form.get("remember") == "1":
            for kind in column_mappings.FILE_KINDS:
                if kind in chosen:
                    picked = {field: column for column, field in chosen[kind].items()}
                    column_mappings.remember(session, ctx.tenant, kind, picked)

    return change


def _job(ctx: OrgAccess, job_id: str) -> jobs.JobView:
    with ctx.database.tenant(ctx.tenant) as session:
        found = jobs.get(session, ctx.tenant, job_id)
        if found is None:
            raise HTTPException(404, "No import with this id in this organisation.")
        return jobs.view(found)


def _summary(job: jobs.JobView) -> ImportSummary | None:
    return ImportSummary.model_validate(job.summary) if job.summary else None


@router.post("/o/{org}/analyse/import", response_class=HTMLResponse, include_in_schema=False)
def import_page(
    request: Request,
    ctx: Importing,
    employees: Annotated[UploadFile | None, File()] = None,
    spells: Annotated[UploadFile | None, File()] = None,
    mapping: Annotated[UploadFile | None, File()] = None,
    mode: ModeField = None,
) -> Response:
    job, queued = _start_import(ctx, *_uploads(employees, spells, mapping), mode, _waker(request))
    if queued:  # the worker may already be done; the job's page says either way
        return RedirectResponse(f"{_base(ctx)}/import/{job.id}", status_code=303)
    return _job_page(request, ctx, job)


def _waker(request: Request) -> Callable[[], None]:
    worker = getattr(request.app.state, "worker", None)
    return worker.wake if worker is not None else (lambda: None)


def _job_page(request: Request, ctx: OrgAccess, job: jobs.JobView) -> HTMLResponse:
    summary = _summary(job)
    fragment = is_htmx(request)
    # htmx does not swap 4xx answers, so a fragment always answers 200
    waiting = summary is not None and summary.awaiting is not None
    status = 200 if fragment or summary is None or summary.accepted or waiting else 422
    template = "_analyse_progress.html" if fragment else "analyse_import.html"
    groups = problems_mod.grouped(summary.problems) if summary else []
    return render(
        request,
        template,
        {
            "job": job,
            "summary": summary,
            "groups": groups,
            "base": _base(ctx),
            "fields": column_choice.FIELDS,
        },
        status_code=status if job.finished else 200,
        api_url=f"/api{_base(ctx)}/import/{job.id}",
    )


JobId = Annotated[str, Path(max_length=64)]


@router.get(
    "/o/{org}/analyse/import/{job_id}", response_class=HTMLResponse, include_in_schema=False
)
def job_page(request: Request, ctx: Importing, job_id: JobId) -> HTMLResponse:
    return _job_page(request, ctx, _job(ctx, job_id))


def _answered(request: Request, ctx: OrgAccess, job: jobs.JobView, queued: bool) -> Response:
    if queued:
        return RedirectResponse(f"{_base(ctx)}/import/{job.id}", status_code=303)
    return _job_page(request, ctx, job)


@router.post(
    "/o/{org}/analyse/import/{job_id}/confirm",
    response_class=HTMLResponse,
    include_in_schema=False,
)
def confirm_page(request: Request, ctx: Importing, job_id: JobId) -> Response:
    """ "Toch aanvullen": merge files that share no employee with what is stored."""
    job, queued = _resume(ctx, job_id, _waker(request), _confirm)
    return _answered(request, ctx, job, queued)


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


@router.post(
    "/o/{org}/analyse/import/{job_id}/columns",
    response_class=HTMLResponse,
    include_in_schema=False,
)
async def columns_page(request: Request, ctx: Importing, job_id: JobId) -> Response:
    """The columns picked in the page: import the kept files again with them."""
    change = _columns(ctx, await _form(request))
    job, queued = await run_in_threadpool(_resume, ctx, job_id, _waker(request), change)
    return await run_in_threadpool(_answered, request, ctx, job, queued)


@router.get("/o/{org}/analyse/import/{job_id}/problems.csv", include_in_schema=False)
def job_problems_csv(ctx: Importing, job_id: JobId) -> Response:
    summary = _summary(_job(ctx, job_id))
    if summary is None:
        raise HTTPException(404, "No finished import with this id.")
    header = (
        "file", "line", "column", "value", "probleem", "oplossing", "message", "fix", "code",
    )  # fmt: skip
    rows: list[list[export.Cell]] = [
        [p.file, p.line, p.column, p.value, p.message_nl, p.fix_nl, p.message, p.fix, p.code]
        for p in summary.problems
    ]
    return _csv(export.to_csv(header, rows), "validation-report.csv")


@router.post("/o/{org}/analyse/columns/forget", include_in_schema=False)
def forget_columns(request: Request, ctx: Importing) -> Response:
    """Forget the column mapping picked in the page; the next upload asks again."""
    with ctx.database.tenant(ctx.tenant) as session:
        column_mappings.forget(session, ctx.tenant)
    suffix = "?lang=en" if request_lang(request) == "en" else ""
    return RedirectResponse(f"{_base(ctx)}{suffix}", status_code=303)


@router.post("/o/{org}/analyse/settings", include_in_schema=False)
def settings_form(
    ctx: Profiling,
    sector: Annotated[Section | None, BeforeValidator(_letter), Form()] = None,
    size_class: Annotated[SizeClass | None, Form()] = None,
) -> RedirectResponse:
    with ctx.database.tenant(ctx.tenant) as session:
        organisations.set_profile(session, ctx.tenant, sector, size_class)
        audit.record(
            session, ctx.tenant, "change", "organisation/profile", f"{sector} {size_class}"
        )
    return RedirectResponse(f"{_base(ctx)}/dashboard", status_code=303)


# --- dashboard ----------------------------------------------------------------------------


@router.get("/o/{org}/analyse/dashboard", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(
    request: Request, ctx: Viewing, q: DashboardParams, t: TeamParams
) -> HTMLResponse:
    key, d = _keyed_dashboard(ctx, q, "analyse/dashboard")
    lang = request_lang(request)
    query = request.url.query
    # htmx asks for the team section alone when a sort link or the level is chosen
    team_only = is_htmx(request) and request.headers.get("hx-target") == "team"
    template = "_dashboard_team.html" if team_only else "_dashboard_figures.html"

    def figures() -> Markup:
        view = _team(ctx, key, d, t)
        context = {
            "d": d,
            "team": view,
            "charts": _charts(ctx, key, d, view, t, lang),
            "query": query,
            # the team form keeps every other choice of the page (period, sector, sort, ...)
            "kept": [(k, v) for k, v in request.query_params.multi_items() if k not in TEAM_FORM],
            "sort_url": lambda col: (
                url_with(request, sort=col, order=teams.next_order(view, col)) + "#team"
            ),
            "explain": explain.by_key(),
            "sections": _section_options(lang),
            "size_classes": benchmarks.SIZE_CLASSES,
            "sector_title": benchmarks.section_title(d.sector) if d.sector else None,
            "base": _base(ctx),
            "can_import": allows(ctx.tenant.role, Permission.IMPORT_DATA),
            "can_export": allows(ctx.tenant.role, Permission.EXPORT_ANALYTICS),
            "can_profile": allows(ctx.tenant.role, Permission.SET_PROFILE),
            "can_plan": allows(ctx.tenant.role, Permission.EDIT_PLAN),
            "org": ctx.tenant.org_slug,
        }
        return render_fragment(request, template, context)

    # Pages render, they do not compute: the figures are rendered once per result (``key``:
    # organisation, data version, unit scope, question), language, URL (the slug and the
    # query its links repeat) and role (which links it offers), and kept beside the result.
    # Nothing else of the visitor is in them (render_fragment).
    html = ctx.database.results.get_or_make(
        (*key, "html", template, lang, request.url.path, query, ctx.tenant.role), figures
    )
    if team_only:
        return respond(request, html)
    api_url = f"/api{_base(ctx)}/dashboard" + (f"?{query}" if query else "")
    return render(request, "analyse_dashboard.html", {"figures": html}, api_url=api_url)


def _csv(text: str, filename: str) -> Response:
    return Response(
        "\ufeff" + text,  # a BOM so Excel opens UTF-8 with the right characters
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


DOWNLOADS = ("metrics", "trend", "units", "team", "unit_trends", "duration", "frequency")


@router.get("/o/{org}/analyse/download/{name}.csv", include_in_schema=False)
def download_csv(ctx: Exporting, name: str, q: DashboardParams, t: TeamParams) -> Response:
    if name not in DOWNLOADS:
        raise HTTPException(404, f"No download '{name}'; there are: {', '.join(DOWNLOADS)}.")
    key, d = _keyed_dashboard(ctx, q, f"analyse/download/{name}", "export")
    header, rows = _table(d, _team(ctx, key, d, t), name)
    prefix = "verzonnen-voorbeeld-" if d.example_data else ""
    filename = f"{prefix}verzuim-{name}-{d.period.start}-{d.period.end}.csv"
    return _csv(export.to_csv(header, rows), filename)


ChartName = Annotated[str, Path(max_length=32)]


def _chart_file(
    request: Request, ctx: OrgAccess, name: str, q: DashboardQuery, t: TeamQuery, kind: str
) -> tuple[dict[str, Any], Lang, str]:
    """The spec of one dashboard chart for a download (audited as an export)."""
    if name not in specs.CHARTS:
        raise HTTPException(404, f"No chart '{name}'; there are: {', '.join(specs.CHARTS)}.")
    key, d = _keyed_dashboard(ctx, q, f"analyse/chart/{name}.{kind}", "export")
    lang = request_lang(request)
    spec = _chart_specs(ctx, key, d, _team(ctx, key, d, t), t, lang)[name]
    return spec, lang, f"verzuim-{name}-{d.period.start}-{d.period.end}.{kind}"


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


@router.get("/o/{org}/analyse/chart/{name}.png", include_in_schema=False)
def chart_png(
    request: Request, ctx: Exporting, name: ChartName, q: DashboardParams, t: TeamParams
) -> Response:
    """A dashboard chart as PNG (twice its size: sharp on slides); only shown groups."""
    spec, lang, filename = _chart_file(request, ctx, name, q, t, "png")
    return Response(charts.png(spec, lang), media_type="image/png", headers=_attachment(filename))


@router.get("/o/{org}/analyse/chart/{name}.svg", include_in_schema=False)
def chart_svg(
    request: Request, ctx: Exporting, name: ChartName, q: DashboardParams, t: TeamParams
) -> Response:
    """A dashboard chart as a standalone SVG document; only shown groups."""
    spec, lang, filename = _chart_file(request, ctx, name, q, t, "svg")
    return Response(
        charts.svg(spec, lang), media_type="image/svg+xml", headers=_attachment(filename)
    )


def _table(
    d: Dashboard, view: teams.TeamView, name: str
) -> tuple[tuple[str, ...], list[list[export.Cell]]]:
    header: tuple[str, ...]
    if name == "team":
        header = (
            "unit", "level", "employees", "suppressed", "suppression", "zvp", "zmf", "gzvd",
            "recurrence", "partial_return", "benchmark_zvp",
        )  # fmt: skip
        return header, [
            [
                *(g.group, teams.depth(g.group), g.employees, g.suppressed, g.suppression),
                *(g.zvp, g.zmf, g.gzvd, g.recurrence, g.partial_return, d.benchmark.pct),
            ]
            for g in view.rows
        ]
    if name == "unit_trends":
        header = ("unit", "period", "suppressed", "zvp", "zmf")
        return header, [
            [u.group, p.label, p.suppressed, p.zvp, p.zmf] for u in view.trends for p in u.points
        ]
    if name == "metrics":
        return export.CSV_HEADER, export.metrics_rows([d.current])
    if name == "trend":
        header = ("period", "from", "to", "employees", "suppressed", "zvp", "benchmark_zvp")
        return header, [
            [
                p.label,
                p.start.isoformat(),
                p.end.isoformat(),
                p.employees,
                p.suppressed,
                p.zvp,
                p.benchmark,
            ]
            for p in d.trend
        ]
    if name == "units":
        header = (
            "unit", "employees", "suppressed", "suppression", "zvp", "zmf", "gzvd",
            "recurrence", "partial_return", "benchmark_zvp",
        )  # fmt: skip
        return header, [
            [
                *(g.group, g.employees, g.suppressed, g.suppression, g.zvp, g.zmf, g.gzvd),
                *(g.recurrence, g.partial_return, d.benchmark.pct),
            ]
            for g in d.current.groups
        ]
    if name == "duration":
        dc = d.current.total.duration_classes
        values = [dc.kort, dc.middellang, dc.lang, dc.extra_lang] if dc else [None] * 4
        classes = ("1-14 kort", "15-91 middellang", "92-365 lang", "366-730 extra lang")
        return ("duration_class", "spells"), [[c, v] for c, v in zip(classes, values, strict=True)]
    header = ("period", "employees", "suppressed", "new_spells", "zmf")
    return header, [[p.label, p.employees, p.suppressed, p.new_spells, p.zmf] for p in d.trend]


# --- JSON twins ---------------------------------------------------------------------------


def _rejection(summary: ImportSummary) -> JSONResponse:
    """422 in FastAPI's documented shape (detail: loc/msg/type), plus the full report."""
    detail = [
        {"loc": ["body", p.file, p.line or 0, p.column or ""], "msg": p.message, "type": p.code}
        for p in summary.problems
    ]
    count = problems_mod.plural(len(summary.problems), "problem", "problems")
    message = f"{count} in the uploaded files; nothing was imported."
    return JSONResponse(
        {"detail": detail, "message": message, "summary": summary.model_dump(mode="json")},
        status_code=422,
    )


@router.post(
    "/api/o/{org}/analyse/import",
    tags=[TAG],
    response_model=jobs.JobView,
    responses={
        **ORG_ERRORS,
        202: {"model": jobs.JobView, "description": "Large files: poll the job"},
    },
)
def api_import(
    request: Request,
    ctx: Importing,
    employees: Annotated[UploadFile | None, File()] = None,
    spells: Annotated[UploadFile | None, File()] = None,
    mapping: Annotated[UploadFile | None, File()] = None,
    mode: ModeField = None,
) -> Response:
    """Import files into the store: all or nothing; the same file twice changes nothing.

    An import that waits for an answer (``summary.awaiting``: ``confirm_unrelated`` or
    ``columns``) answers 200 with the job and stores nothing until it is answered at
    ``.../import/{job_id}/confirm`` or ``.../import/{job_id}/columns``."""
    job, queued = _start_import(ctx, *_uploads(employees, spells, mapping), mode, _waker(request))
    return _api_answer(job, queued)


def _api_answer(job: jobs.JobView, queued: bool) -> Response:
    if queued:
        return JSONResponse(job.model_dump(mode="json"), status_code=202)
    summary = _summary(job)
    if summary is not None and not summary.accepted and summary.awaiting is None:
        return _rejection(summary)
    return JSONResponse(job.model_dump(mode="json"))


HELD_ERRORS: dict[int | str, dict[str, Any]] = {
    **ORG_ERRORS,
    202: {"model": jobs.JobView, "description": "Large files: poll the job"},
    404: {"model": ErrorBody, "description": "No import waiting for an answer with this id"},
    409: {"model": ErrorBody, "description": "The files are no longer kept"},
}


@router.post(
    "/api/o/{org}/analyse/import/{job_id}/confirm",
    tags=[TAG],
    response_model=jobs.JobView,
    responses=HELD_ERRORS,
)
def api_confirm(request: Request, ctx: Importing, job_id: JobId) -> Response:
    """Merge anyway: an import held with ``awaiting: confirm_unrelated`` (its employee file
    shares no employee with what is stored) runs again, confirmed."""
    return _api_answer(*_resume(ctx, job_id, _waker(request), _confirm))


@router.post(
    "/api/o/{org}/analyse/import/{job_id}/columns",
    tags=[TAG],
    response_model=jobs.JobView,
    responses=HELD_ERRORS,
)
async def api_columns(request: Request, ctx: Importing, job_id: JobId) -> Response:
    """An import held with ``awaiting: columns`` runs again with the columns chosen: form
    fields ``<role>:<field>`` = the column's position in ``summary.columns[].header``
    (e.g. ``employees:employee_id=2``), ``remember=1`` to keep the choice for next time."""
    change = _columns(ctx, await _form(request))
    job, queued = await run_in_threadpool(_resume, ctx, job_id, _waker(request), change)
    return _api_answer(job, queued)


@router.get(
    "/api/o/{org}/analyse/import/{job_id}",
    tags=[TAG],
    response_model=jobs.JobView,
    responses={**AUTH_ERRORS, 404: {"model": ErrorBody, "description": "No import with this id"}},
)
def api_job(ctx: Importing, job_id: JobId) -> jobs.JobView:
    return _job(ctx, job_id)


@dataclass(frozen=True)
class MetricsOptions:
    """The CLI's options: groups per unit, unit roll-up, Bradford factor distribution."""

    by: Literal["unit"] | None = None
    rollup: bool = False
    bradford: bool = False


async def metrics_options_query(
    by: Annotated[
        Literal["unit"] | None,
        _or_blank(Literal["unit"]),
        Query(description="unit: also a row per organisational unit."),
    ] = None,
    rollup: Annotated[
        FlagParam,
        Query(description="1: a unit also counts in its parent units; 0 (default): it does not."),
    ] = None,
    bradford: Annotated[
        FlagParam,
        Query(description="1: add the Bradford factor distribution; 0 (default): do not."),
    ] = None,
) -> MetricsOptions:
    return MetricsOptions(by, rollup == "1", bradford == "1")


@router.get(
    "/api/o/{org}/analyse/metrics", tags=[TAG], response_model=MetricsResult, responses=ORG_ERRORS
)
def api_metrics(
    ctx: Viewing,
    span: SpanParams,
    options: Annotated[MetricsOptions, Depends(metrics_options_query)],
) -> MetricsResult:
    """The CLI's JSON for the stored data: total and (by=unit) groups; small groups suppressed."""
    scope = f"from={span.start or ''} to={span.end or ''} by={options.by or ''}"
    with absence.reading(ctx.database, ctx.tenant, "analyse/metrics", scope) as source:
        period = _period(span, source) or service.default_period(source)
        result = service.compute(source, [period], options.by, options.rollup, options.bradford)
        return result[0].model_copy(update={"example_data": demo.is_example(source.org)})


@router.get(
    "/api/o/{org}/analyse/dashboard", tags=[TAG], response_model=Dashboard, responses=ORG_ERRORS
)
def api_dashboard(ctx: Viewing, q: DashboardParams) -> Response:
    """Everything on the dashboard: metrics, trend with benchmark, costs and signals."""
    key, d = _keyed_dashboard(ctx, q, "analyse/dashboard")
    # The JSON of a cached result is kept too: serialising it again costs more than the rest
    # of the request.
    body = ctx.database.results.get_or_make(
        (*key, "json"), lambda: d.model_dump_json(by_alias=True)
    )
    return Response(body, media_type="application/json")


@router.get(
    "/api/o/{org}/analyse/teams",
    tags=[TAG],
    response_model=teams.TeamView,
    responses=ORG_ERRORS,
)
def api_teams(ctx: Viewing, q: DashboardParams, t: TeamParams) -> teams.TeamView:
    """The dashboard's team comparison: units at one level of the tree, sorted, the top-N
    by absence percentage and their trends; suppressed units carry no figures."""
    key, d = _keyed_dashboard(ctx, q, "analyse/teams")
    return _team(ctx, key, d, t)


# --- the measures explained (public) --------------------------------------------------------


@router.get(explain.PAGE, response_class=HTMLResponse, include_in_schema=False)
def explain_page(request: Request) -> HTMLResponse:
    """Public: what every dashboard measure means, how it is computed, how to read it."""
    return render(
        request,
        "uitleg_verzuimcijfers.html",
        {"measures": explain.MEASURES},
        api_url=f"/api{explain.PAGE}",
        cacheable=True,
    )


@router.get(f"/api{explain.PAGE}", tags=[TAG], response_model=explain.Explanations)
def api_explain() -> explain.Explanations:
    """The explanation of every dashboard measure in Dutch and English."""
    return explain.explanations()


@router.get(
    "/api/analyse/benchmark", tags=[TAG], response_model=benchmarks.Benchmark, responses=ERRORS
)
def api_benchmark(comparison: ComparisonParams) -> benchmarks.Benchmark:
    """CBS 80072ned series for an SBI section and a size class (and all companies)."""
    return benchmarks.benchmark(comparison.sector, comparison.size_class)


@router.get(
    "/api/o/{org}/analyse/costs", tags=[TAG], response_model=CostEstimate, responses=ORG_ERRORS
)
def api_costs(ctx: Viewing, span: SpanParams, costs: CostParams) -> CostEstimate:
    """An estimate of the absence costs, with its assumptions (editable as parameters)."""
    return _dashboard(ctx, DashboardQuery(span=span, costs=costs), "analyse/costs").costs


@router.get(
    "/api/o/{org}/analyse/signals", tags=[TAG], response_model=list[Finding], responses=ORG_ERRORS
)
def api_signals(ctx: Viewing, span: SpanParams, comparison: ComparisonParams) -> list[Finding]:
    """Findings from the rules in docs/metrics.md, each with a pre-filled advice link."""
    query = DashboardQuery(span=span, comparison=comparison)
    return _dashboard(ctx, query, "analyse/signals").signals
