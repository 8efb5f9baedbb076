"""Verzuimanalyse on the web: upload with validation report, dashboard, CSV downloads, JSON twins.

Pages render what :mod:`verzuim.analytics.service` returned; each page's JSON twin under
/api/analyse/ comes from the same service call. Bad input answers 4xx with a clear message.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError

from verzuim.analytics import benchmarks, charts, export, jobs, periods, service
from verzuim.analytics.costs import CostAssumptions, CostEstimate
from verzuim.analytics.models import ImportSummary, MetricsResult, Period
from verzuim.analytics.service import Dashboard, InputError, Upload
from verzuim.analytics.signals import Finding
from verzuim.analytics.store import Store
from verzuim.web.errors import ErrorBody
from verzuim.web.rendering import is_htmx, render

router = APIRouter()
TAG = "verzuimanalyse"
INLINE_LIMIT = 2_000_000  # bytes; larger uploads run as a background job with progress
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A bad date, period or parameter"},
    503: {"model": ErrorBody, "description": "The store is in use by another program"},
}
MAX_PROBLEMS_SHOWN = 500

Text = Annotated[str | None, Query(max_length=40)]


def _store(create: bool = False) -> Store:
    try:
        return service.default_store(create)
    except duckdb.Error as exc:
        raise HTTPException(503, f"The analytics store cannot be opened: {exc}") from None


def _bad(message: str) -> HTTPException:
    return HTTPException(400, message)


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return service.parse_day(value, name)
    except InputError as exc:
        raise _bad(str(exc)) from None


def _period(start: str | None, end: str | None, store: Store) -> Period | None:
    first, last = _date(start, "from"), _date(end, "to")
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


def _granularity(value: str | None) -> periods.Granularity | None:
    if not value:
        return None
    for g in periods.GRANULARITIES:
        if g == value:
            return g
    raise _bad(f"per: '{value}' is not allowed; use one of {', '.join(periods.GRANULARITIES)}.")


def _sector(value: str | None) -> str | None:
    if not value:
        return None
    letter = value.strip().upper()
    if letter not in benchmarks.sections():
        allowed = ", ".join(sorted(benchmarks.sections()))
        raise _bad(f"sector: '{value}' is not an SBI section CBS publishes; use one of {allowed}.")
    return letter


def _size(value: str | None) -> str | None:
    if not value:
        return None
    if value not in benchmarks.SIZE_CLASSES:
        raise _bad(f"size_class: '{value}' is not allowed; use 1-10, 10-100 or 100+.")
    return value


def _assumptions(request: Request) -> CostAssumptions:
    names = ("method", "cost_per_day", "annual_wage", "continuation_pct", "workdays_per_week")
    raw = {
        n: request.query_params[n].replace(",", ".") if n != "method" else request.query_params[n]
        for n in names
        if request.query_params.get(n)
    }
    try:
        return CostAssumptions.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise _bad(f"{where}: {first['msg']}") from None


def _dashboard(
    request: Request,
    start: str | None,
    end: str | None,
    per: str | None,
    rollup: str | None,
    sector: str | None,
    size_class: str | None,
) -> Dashboard:
    store = _store()
    return service.dashboard(
        store,
        _period(start, end, store),
        _granularity(per),
        rollup != "0",
        _assumptions(request),
        _sector(sector),
        _size(size_class),
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


async def _uploads(
    employees: UploadFile | None, spells: UploadFile | None, mapping: UploadFile | None
) -> tuple[Upload | None, Upload | None, Upload | None]:
    async def read(f: UploadFile | None) -> Upload | None:
        if f is None or not f.filename:
            return None
        return Upload(f.filename, await f.read())

    return await read(employees), await read(spells), await read(mapping)


def _start_import(
    emp: Upload | None, sp: Upload | None, mp: Upload | None, mode: str | None
) -> jobs.JobStatus:
    if emp is None and sp is None:
        raise _bad("Choose an employee file, a spell file or both.")
    if mode not in (None, "", "merge", "replace"):
        raise _bad(f"mode: '{mode}' is not allowed; use merge or replace.")
    store = _store(create=True)
    chosen: Any = "replace" if mode == "replace" else "merge"

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
    mode: Annotated[str | None, Form(max_length=20)] = None,
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
    problems = summary.problems[:MAX_PROBLEMS_SHOWN] if summary else []
    return render(
        request,
        template,
        {"job": job, "summary": summary, "problems": problems},
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
    header = ("file", "line", "column", "value", "message", "fix", "code")
    rows = [
        [p.file, p.line, p.column, p.value, p.message, p.fix, p.code] for p in job.summary.problems
    ]
    return _csv(export.to_csv(header, rows), "validation-report.csv")


@router.post("/analyse/settings", include_in_schema=False)
def settings_form(
    sector: Annotated[str | None, Form(max_length=10)] = None,
    size_class: Annotated[str | None, Form(max_length=10)] = None,
) -> RedirectResponse:
    chosen_sector, chosen_size = _sector(sector), _size(size_class)
    _store(create=True).save_settings(chosen_sector, chosen_size)
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
def dashboard_page(
    request: Request,
    start: Annotated[str | None, Query(alias="from", max_length=20)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=20)] = None,
    per: Text = None,
    rollup: Text = None,
    sector: Text = None,
    size_class: Text = None,
) -> HTMLResponse:
    d = _dashboard(request, start, end, per, rollup, sector, size_class)
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
def download_csv(
    request: Request,
    name: str,
    start: Annotated[str | None, Query(alias="from", max_length=20)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=20)] = None,
    per: Text = None,
    rollup: Text = None,
    sector: Text = None,
    size_class: Text = None,
) -> Response:
    if name not in DOWNLOADS:
        raise HTTPException(404, f"No download '{name}'; there are: {', '.join(DOWNLOADS)}.")
    d = _dashboard(request, start, end, per, rollup, sector, size_class)
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
        header = ("unit", "employees", "suppressed", "zvp", "zmf", "gzvd", "benchmark_zvp")
        return header, [
            [g.group, g.employees, g.suppressed, g.zvp, g.zmf, g.gzvd, d.benchmark.pct]
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
    message = f"{len(summary.problems)} problem(s) in the uploaded files; nothing was imported."
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
    mode: Annotated[str | None, Form(max_length=20)] = None,
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


@router.get("/api/analyse/metrics", tags=[TAG], response_model=MetricsResult, responses=ERRORS)
def api_metrics(
    start: Annotated[str | None, Query(alias="from", max_length=20)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=20)] = None,
    by: Text = None,
    rollup: Text = None,
    bradford: Text = None,
) -> MetricsResult:
    """The CLI's JSON for the stored data: total and (by=unit) groups; small groups suppressed."""
    if by not in (None, "", "unit"):
        raise _bad(f"by: '{by}' is not allowed; use unit.")
    store = _store()
    period = _period(start, end, store) or service.default_period(store)
    return service.compute(
        store, [period], "unit" if by == "unit" else None, rollup == "1", bradford == "1"
    )[0]


@router.get("/api/analyse/dashboard", tags=[TAG], response_model=Dashboard, responses=ERRORS)
def api_dashboard(
    request: Request,
    start: Annotated[str | None, Query(alias="from", max_length=20)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=20)] = None,
    per: Text = None,
    rollup: Text = None,
    sector: Text = None,
    size_class: Text = None,
    method: Text = None,
    cost_per_day: Text = None,
    annual_wage: Text = None,
    continuation_pct: Text = None,
    workdays_per_week: Text = None,
) -> Dashboard:
    """Everything on the dashboard: metrics, trend with benchmark, costs and signals."""
    return _dashboard(request, start, end, per, rollup, sector, size_class)


@router.get(
    "/api/analyse/benchmark", tags=[TAG], response_model=benchmarks.Benchmark, responses=ERRORS
)
def api_benchmark(sector: Text = None, size_class: Text = None) -> benchmarks.Benchmark:
    """CBS 80072ned series for an SBI section and a size class (and all companies)."""
    return benchmarks.benchmark(_sector(sector), _size(size_class))


@router.get("/api/analyse/costs", tags=[TAG], response_model=CostEstimate, responses=ERRORS)
def api_costs(
    request: Request,
    start: Annotated[str | None, Query(alias="from", max_length=20)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=20)] = None,
    method: Text = None,
    cost_per_day: Text = None,
    annual_wage: Text = None,
    continuation_pct: Text = None,
    workdays_per_week: Text = None,
) -> CostEstimate:
    """An estimate of the absence costs, with its assumptions (editable as parameters)."""
    return _dashboard(request, start, end, None, None, None, None).costs


@router.get("/api/analyse/signals", tags=[TAG], response_model=list[Finding], responses=ERRORS)
def api_signals(
    request: Request,
    start: Annotated[str | None, Query(alias="from", max_length=20)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=20)] = None,
    sector: Text = None,
    size_class: Text = None,
) -> list[Finding]:
    """Findings from the rules in docs/metrics.md, each with a pre-filled advice link."""
    return _dashboard(request, start, end, None, None, sector, size_class).signals
