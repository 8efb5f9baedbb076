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

import duckdb
from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from pydantic import BeforeValidator, Field

from verzuim.analytics import benchmarks, charts, export, jobs, periods, readers, service
from verzuim.analytics import problems as problems_mod
from verzuim.analytics.costs import CostAssumptions, CostEstimate, Method
from verzuim.analytics.models import ImportSummary, MetricsResult, Period
from verzuim.analytics.service import Dashboard, InputError, Upload
from verzuim.analytics.signals import Finding
from verzuim.analytics.store import Mode as ImportMode
from verzuim.analytics.store import Store
from verzuim.web.errors import ErrorBody
from verzuim.web.rendering import is_htmx, render


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


def span_query(
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


def comparison_query(sector: SectionParam = None, size_class: SizeParam = None) -> Comparison:
    return Comparison(sector, size_class)


def cost_query(
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


def trend_query(
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


def dashboard_query(
    span: SpanParams,
    trend: Annotated[Trend, Depends(trend_query)],
    comparison: ComparisonParams,
    costs: CostParams,
) -> DashboardQuery:
    return DashboardQuery(span, trend, comparison, costs)


DashboardParams = Annotated[DashboardQuery, Depends(dashboard_query)]


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


def _store(create: bool = False) -> Store:
    try:
        return service.default_store(create)
    except duckdb.Error as exc:
        raise HTTPException(503, f"The analytics store cannot be opened: {exc}") from None


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return service.parse_day(value, name)
    except InputError as exc:
        raise _bad(str(exc)) from None


def _period(span: Span, store: Store) -> Period | None:
    first, last = _date(span.start, "from"), _date(span.end, "to")
    if first is None and last is None:
        return None
    default = service.default_period(store)
    first = first or dt.date(last.year if last else default.start.year, 1, 1)
    last = last or dt.date(first.year, 12, 31)
    if (last - first).days > 366 * 10:
        raise _bad("The period may span at most 10 years.")
    try:
        return service.make_period(first, last)
    except InputError as exc:
        raise _bad(str(exc)) from None


def _dashboard(q: DashboardQuery) -> Dashboard:
    store = _store()
    return service.dashboard(
        store,
        _period(q.span, store),
        q.trend.per,
        q.trend.rollup,
        q.costs,
        q.comparison.sector,
        q.comparison.size_class,
    )


# --- upload -------------------------------------------------------------------------------


@router.get("/analyse", response_class=HTMLResponse, include_in_schema=False)
def upload_page(request: Request) -> HTMLResponse:
    store = _store()
    employees, episodes = store.counts()
    sector, size_class = store.settings()
    return render(
        request,
        "analyse.html",
        {
            "employees": employees,
            "episodes": episodes,
            "sector": sector,
            "size_class": size_class,
            "sections": _section_options(),
            "size_classes": benchmarks.SIZE_CLASSES,
        },
    )


def _section_options() -> list[tuple[str, str]]:
    """CBS's own (Dutch) section titles: they are what the benchmark figures are labelled with."""
    return [
        (letter, benchmarks.section_title(letter) or letter) for letter in benchmarks.sections()
    ]


ModeField = Annotated[
    ImportMode | None,
    Form(description="merge (default): add and update rows by key; replace: replace all rows."),
]


async def _uploads(
    employees: UploadFile | None, spells: UploadFile | None, mapping: UploadFile | None
) -> tuple[Upload | None, Upload | None, Upload | None]:
    async def read(f: UploadFile | None) -> Upload | None:
        if f is None or not f.filename:
            return None
        # One byte over the limit is enough to refuse the file with a clear message; the
        # rest is never read into memory.
        return Upload(f.filename, await f.read(readers.MAX_FILE_BYTES + 1))

    return await read(employees), await read(spells), await read(mapping)


def _start_import(
    emp: Upload | None, sp: Upload | None, mp: Upload | None, mode: ImportMode | None
) -> jobs.JobStatus:
    if emp is None and sp is None:
        raise _bad("Choose an employee file, a spell file or both.")
    store = _store(create=True)
    chosen: ImportMode = mode or "merge"

    def work(progress: Any) -> ImportSummary:
        return service.import_uploads(store, emp, sp, mp, chosen, progress=progress)

    size = sum(len(u.data) for u in (emp, sp, mp) if u is not None)
    return jobs.run_inline(work) if size <= INLINE_LIMIT else jobs.start(work)


@router.post("/analyse/import", response_class=HTMLResponse, include_in_schema=False)
async def import_page(
    request: Request,
    employees: Annotated[UploadFile | None, File()] = None,
    spells: Annotated[UploadFile | None, File()] = None,
    mapping: Annotated[UploadFile | None, File()] = None,
    mode: ModeField = None,
) -> Response:
    job = _start_import(*await _uploads(employees, spells, mapping), mode)
    if not job.finished:
        return RedirectResponse(f"/analyse/import/{job.id}", status_code=303)
    return _job_page(request, job)


def _job_page(request: Request, job: jobs.JobStatus) -> HTMLResponse:
    summary = job.summary
    fragment = is_htmx(request)
    # htmx does not swap 4xx answers, so a fragment always answers 200
    status = 200 if fragment or summary is None or summary.accepted else 422
    template = "_analyse_progress.html" if fragment else "analyse_import.html"
    groups = problems_mod.grouped(summary.problems) if summary else []
    return render(
        request,
        template,
        {"job": job, "summary": summary, "groups": groups},
        status_code=status if job.finished else 200,
        api_url=f"/api/analyse/import/{job.id}",
    )


@router.get("/analyse/import/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    job = jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "No import with this id (imports are kept for a short while).")
    return _job_page(request, job)


@router.get("/analyse/import/{job_id}/problems.csv", include_in_schema=False)
def job_problems_csv(job_id: str) -> Response:
    job = jobs.get(job_id)
    if job is None or job.summary is None:
        raise HTTPException(404, "No finished import with this id.")
    header = (
        "file", "line", "column", "value", "probleem", "oplossing", "message", "fix", "code",
    )  # fmt: skip
    rows: list[list[export.Cell]] = [
        [p.file, p.line, p.column, p.value, p.message_nl, p.fix_nl, p.message, p.fix, p.code]
        for p in job.summary.problems
    ]
    return _csv(export.to_csv(header, rows), "validation-report.csv")


@router.post("/analyse/settings", include_in_schema=False)
def settings_form(
    sector: Annotated[Section | None, BeforeValidator(_letter), Form()] = None,
    size_class: Annotated[SizeClass | None, Form()] = None,
) -> RedirectResponse:
    _store(create=True).save_settings(sector, size_class)
    return RedirectResponse("/analyse/dashboard", status_code=303)


# --- dashboard ----------------------------------------------------------------------------


def _charts(d: Dashboard) -> dict[str, Any]:
    labels = [p.label for p in d.trend]
    trend = charts.lines(
        labels,
        [
            ("own", [p.zvp for p in d.trend], False),
            ("benchmark", [p.benchmark for p in d.trend], True),
        ],
    )
    units = charts.bars([(g.group or "", g.zvp) for g in d.current.groups], d.benchmark.pct)
    dc = d.current.total.duration_classes
    duration = charts.bars(
        [
            ("1-14", dc.kort if dc else None),
            ("15-91", dc.middellang if dc else None),
            ("92-365", dc.lang if dc else None),
            ("366-730", dc.extra_lang if dc else None),
        ],
        digits=0,
    )
    frequency = charts.bars([(p.label, p.zmf) for p in d.trend], digits=2)
    return {"trend": trend, "units": units, "duration": duration, "frequency": frequency}


@router.get("/analyse/dashboard", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(request: Request, q: DashboardParams) -> HTMLResponse:
    d = _dashboard(q)
    query = request.url.query
    return render(
        request,
        "analyse_dashboard.html",
        {
            "d": d,
            "charts": _charts(d),
            "query": query,
            "sections": _section_options(),
            "size_classes": benchmarks.SIZE_CLASSES,
            "sector_title": benchmarks.section_title(d.sector) if d.sector else None,
        },
        api_url="/api/analyse/dashboard" + (f"?{query}" if query else ""),
    )


def _csv(text: str, filename: str) -> Response:
    return Response(
        "\ufeff" + text,  # a BOM so Excel opens UTF-8 with the right characters
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


DOWNLOADS = ("metrics", "trend", "units", "duration", "frequency")


@router.get("/analyse/download/{name}.csv", include_in_schema=False)
def download_csv(name: str, q: DashboardParams) -> Response:
    if name not in DOWNLOADS:
        raise HTTPException(404, f"No download '{name}'; there are: {', '.join(DOWNLOADS)}.")
    d = _dashboard(q)
    header, rows = _table(d, name)
    return _csv(export.to_csv(header, rows), f"verzuim-{name}-{d.period.start}-{d.period.end}.csv")


def _table(d: Dashboard, name: str) -> tuple[tuple[str, ...], list[list[export.Cell]]]:
    header: tuple[str, ...]
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
    "/api/analyse/import",
    tags=[TAG],
    response_model=jobs.JobStatus,
    responses={
        **ERRORS,
        202: {"model": jobs.JobStatus, "description": "Large files: poll the job"},
    },
)
async def api_import(
    employees: Annotated[UploadFile | None, File()] = None,
    spells: Annotated[UploadFile | None, File()] = None,
    mapping: Annotated[UploadFile | None, File()] = None,
    mode: ModeField = None,
) -> Response:
    """Import files into the store: all or nothing; the same file twice changes nothing."""
    job = _start_import(*await _uploads(employees, spells, mapping), mode)
    if not job.finished:
        return JSONResponse(job.model_dump(mode="json"), status_code=202)
    if job.summary is not None and not job.summary.accepted:
        return _rejection(job.summary)
    return JSONResponse(job.model_dump(mode="json"))


@router.get(
    "/api/analyse/import/{job_id}",
    tags=[TAG],
    response_model=jobs.JobStatus,
    responses={404: {"model": ErrorBody, "description": "No import with this id"}},
)
def api_job(job_id: Annotated[str, Path(max_length=64)]) -> jobs.JobStatus:
    job = jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "No import with this id (imports are kept for a short while).")
    return job


@dataclass(frozen=True)
class MetricsOptions:
    """The CLI's options: groups per unit, unit roll-up, Bradford factor distribution."""

    by: Literal["unit"] | None = None
    rollup: bool = False
    bradford: bool = False


def metrics_options_query(
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


@router.get("/api/analyse/metrics", tags=[TAG], response_model=MetricsResult, responses=ERRORS)
def api_metrics(
    span: SpanParams, options: Annotated[MetricsOptions, Depends(metrics_options_query)]
) -> MetricsResult:
    """The CLI's JSON for the stored data: total and (by=unit) groups; small groups suppressed."""
    store = _store()
    period = _period(span, store) or service.default_period(store)
    return service.compute(store, [period], options.by, options.rollup, options.bradford)[0]


@router.get("/api/analyse/dashboard", tags=[TAG], response_model=Dashboard, responses=ERRORS)
def api_dashboard(q: DashboardParams) -> Dashboard:
    """Everything on the dashboard: metrics, trend with benchmark, costs and signals."""
    return _dashboard(q)


@router.get(
    "/api/analyse/benchmark", tags=[TAG], response_model=benchmarks.Benchmark, responses=ERRORS
)
def api_benchmark(comparison: ComparisonParams) -> benchmarks.Benchmark:
    """CBS 80072ned series for an SBI section and a size class (and all companies)."""
    return benchmarks.benchmark(comparison.sector, comparison.size_class)


@router.get("/api/analyse/costs", tags=[TAG], response_model=CostEstimate, responses=ERRORS)
def api_costs(span: SpanParams, costs: CostParams) -> CostEstimate:
    """An estimate of the absence costs, with its assumptions (editable as parameters)."""
    return _dashboard(DashboardQuery(span=span, costs=costs)).costs


@router.get("/api/analyse/signals", tags=[TAG], response_model=list[Finding], responses=ERRORS)
def api_signals(span: SpanParams, comparison: ComparisonParams) -> list[Finding]:
    """Findings from the rules in docs/metrics.md, each with a pre-filled advice link."""
    return _dashboard(DashboardQuery(span=span, comparison=comparison)).signals
