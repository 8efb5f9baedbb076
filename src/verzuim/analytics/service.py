"""What the CLI and the web call: import files, compute metrics, the dashboard's data.

Every interface goes through these functions, so a number on the page, in the JSON, in a
CSV download and on the command line comes from the same code path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
from pydantic import BaseModel

from verzuim.analytics import benchmarks, bulk, columns, ingest, metrics, periods, teams
from verzuim.analytics import costs as costs_mod
from verzuim.analytics import signals as signals_mod
from verzuim.analytics.ingest import Parsed, Progress
from verzuim.analytics.models import ImportSummary, MetricsResult, Period, Problem
from verzuim.analytics.problems import problem
from verzuim.analytics.readers import MAX_FILE_BYTES, UnreadableFile, read_table
from verzuim.analytics.store import Mode, Store
from verzuim.benchmark import compare

if TYPE_CHECKING:
    from verzuim.store.absence import AbsenceSource

# The organisation key of a file analysis (``verzuim analyse``): an in-memory store that
# holds nothing else and is gone when the command ends.
FILE_ANALYSIS = "files"


@dataclass(frozen=True)
class Upload:
    """A file as it arrived (CLI path or web upload): its name and its bytes."""

    name: str
    data: bytes

    @classmethod
    def from_path(cls, path: Path) -> Upload:
        """At most one byte over the size limit is read: enough to refuse the file."""
        with path.open("rb") as handle:
            return cls(path.name, handle.read(MAX_FILE_BYTES + 1))


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def parse_uploads(
    employees: Upload | None,
    spells: Upload | None,
    mapping: Upload | None = None,
    progress: Progress = _no_progress,
    con: duckdb.DuckDBPyConnection | None = None,
    remembered: dict[str, dict[str, str]] | None = None,
) -> Parsed:
    """Read and check every cell of both files; collect every problem, never stop at the first.

    ``con``: the DuckDB connection to parse on (the store's, so staging needs no copy); a
    private in-memory one when not given. ``remembered``: per file kind ("employees",
    "spells"), the organisation's own column -> field choices from the upload page; a
    mapping file wins over them."""
    parsed = Parsed(
        employees_file=employees.name if employees else None,
        spells_file=spells.name if spells else None,
        connection=con if con is not None else bulk.new_connection(),
    )
    con = parsed.connection
    try:
        mapping_model = columns.load_mapping(
            mapping.data.decode("utf-8-sig", errors="replace") if mapping else None
        )
    except columns.MappingError as exc:
        name = mapping.name if mapping else "mapping"
        parsed.problems.append(problem("mapping", name, detail=str(exc)))
        return parsed

    def mapping_for(kind: str) -> columns.Mapping:
        own = (remembered or {}).get(kind) or {}
        if not own:
            return mapping_model
        return mapping_model.model_copy(update={"columns": {**own, **mapping_model.columns}})

    if employees is not None:
        try:
            table = read_table(employees.name, employees.data)
            emp_mapping = mapping_for("employees")
            emp_fields = columns.EMPLOYEE_FIELDS
            parsed.employee_headers = ingest.headers(table, emp_fields, emp_mapping)
            parsed.ignored_columns += ingest.ignored_columns(table, emp_fields, emp_mapping)
            parsed.employees, found = ingest.parse_employees(table, emp_mapping, progress, con)
            parsed.problems += found
            to_map = ingest.columns_to_map(table, "employees", emp_fields, emp_mapping, found)
            if to_map is not None:
                parsed.columns_to_map.append(to_map)
        except UnreadableFile as exc:
            parsed.problems.append(_unreadable(exc, employees.name))
    if spells is not None:
        try:
            table = read_table(spells.name, spells.data)
            sp_mapping = mapping_for("spells")
            fields = columns.SPELL_FIELDS
            parsed.spell_headers = ingest.headers(table, fields, sp_mapping)
            parsed.ignored_columns += ingest.ignored_columns(table, fields, sp_mapping)
            parsed.episodes, found = ingest.parse_spells(
                table, sp_mapping, progress, parsed.rejected_refs, con
            )
            parsed.problems += found
            to_map = ingest.columns_to_map(table, "spells", fields, sp_mapping, found)
            if to_map is not None:
                parsed.columns_to_map.append(to_map)
        except UnreadableFile as exc:
            parsed.problems.append(_unreadable(exc, spells.name))
    return parsed


def _unreadable(exc: UnreadableFile, name: str) -> Problem:
    """The whole file is refused: one problem, located where reading stopped."""
    return problem(exc.code, name, exc.line, exc.column, exc.value, **exc.params)


def import_uploads(
    store: Store,
    employees: Upload | None,
    spells: Upload | None,
    mapping: Upload | None = None,
    mode: Mode = "merge",
    progress: Progress = _no_progress,
) -> ImportSummary:
    """Into an in-memory DuckDB store of one file analysis (``FILE_ANALYSIS``); the
    organisation store has its own import, ``verzuim.store.absence.import_parsed``, fed by
    :func:`parse_uploads`."""
    cur = store.cursor()  # parse on the store's own connection: staging is then a local copy
    try:
        parsed = parse_uploads(employees, spells, mapping, progress, cur)
        progress("store", 0, 1)
        summary = store.import_parsed(parsed, org_id=FILE_ANALYSIS, mode=mode, cur=cur)
    finally:
        cur.close()
    summary.ignored_columns = parsed.ignored_columns
    progress("store", 1, 1)
    return summary


class InputError(ValueError):
    """Bad input from a user (a file with problems, a bad date): a 4xx / non-zero exit."""

    def __init__(self, message: str, summary: ImportSummary | None = None) -> None:
        super().__init__(message)
        self.summary = summary


def analyse_files(
    employees: Upload,
    spells: Upload,
    period: Period,
    by: metrics.GroupBy | None = None,
    rollup: bool = False,
    bradford: bool = False,
    mapping: Upload | None = None,
    progress: Progress = _no_progress,
) -> MetricsResult:
    """The CLI's ``verzuim analyse``: files in, metrics out, nothing stored on disk."""
    store = Store(None)
    try:
        summary = import_uploads(store, employees, spells, mapping, "replace", progress=progress)
        if not summary.accepted:
            count = f"{len(summary.problems)} problem" + ("" if len(summary.problems) == 1 else "s")
            raise InputError(f"{count} in the input files", summary)
        return metrics.compute(store.cursor(), [period], by, rollup, bradford, FILE_ANALYSIS)[0]
    finally:
        store.close()


def parse_day(text: str, name: str) -> dt.date:
    from verzuim.analytics.values import CellError, parse_date

    try:
        return parse_date(text)
    except CellError:
        raise InputError(
            f"{name}: '{text}' is not a date; use yyyy-mm-dd (2024-12-31) or dd-mm-jjjj"
        ) from None


def make_period(start: dt.date, end: dt.date) -> Period:
    try:
        return periods.period(start, end)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def compute_files(
    store: Store,
    period_list: Sequence[Period],
    by: metrics.GroupBy | None = None,
    rollup: bool = False,
    bradford: bool = False,
) -> list[MetricsResult]:
    """Metrics of a file analysis store (see :func:`import_uploads`)."""
    return metrics.compute(store.cursor(), period_list, by, rollup, bradford, FILE_ANALYSIS)


def compute(
    source: AbsenceSource,
    period_list: Sequence[Period],
    by: metrics.GroupBy | None = None,
    rollup: bool = False,
    bradford: bool = False,
) -> list[MetricsResult]:
    return metrics.compute(
        source.cursor(), period_list, by, rollup, bradford, source.org_key, visible=source.visible
    )


class TrendPoint(BaseModel):
    label: str
    start: dt.date
    end: dt.date
    employees: int
    suppressed: bool
    zvp: float | None
    zvp_incl_pregnancy: float | None
    zmf: float | None
    new_spells: int | None
    benchmark: float | None
    benchmark_final: bool | None


class BenchmarkSummary(BaseModel):
    source: str
    title: str
    kind: str
    year: int | None
    pct: float | None
    final: bool | None
    sector_title: str | None
    sector_pct: float | None
    size_title: str | None
    size_pct: float | None
    total_pct: float | None


class Dashboard(BaseModel):
    period: Period
    granularity: periods.Granularity
    has_data: bool
    sector: str | None
    size_class: str | None
    size_class_derived: bool
    current: MetricsResult
    trend: list[TrendPoint]
    benchmark: BenchmarkSummary
    costs: costs_mod.CostEstimate
    signals: list[signals_mod.Finding]
    signal_summary: list[signals_mod.Summary]
    # Every unit's ZVP and ZMF per trend period (the small multiples); suppressed per period.
    unit_trend: list[teams.UnitTrend] = []
    # Organisations like this one in the pooled benchmark (None: none configured).
    pooled: compare.PooledComparison | None = None
    # True for a demo organisation's invented data (store/demo.py); never for real data
    example_data: bool = False


def default_period(source: AbsenceSource) -> Period:
    """The calendar year of the latest recorded absence (last year when nothing is stored)."""
    _first, last = source.date_range()
    year = last.year if isinstance(last, dt.date) else dt.date.today().year - 1
    return Period(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))


def _halves(p: Period) -> list[Period]:
    if p.days < 2:
        return []
    middle = p.start + dt.timedelta(days=p.days // 2)
    return [
        Period(start=p.start, end=middle - dt.timedelta(days=1)),
        Period(start=middle, end=p.end),
    ]


def _bench_value(
    series: benchmarks.Series, p: Period, granularity: periods.Granularity
) -> benchmarks.Point | None:
    if granularity == "year":
        return series.year(p.start.year)
    return series.quarter(p.start.year, (p.start.month - 1) // 3 + 1)


def _summary(bench: benchmarks.Benchmark, year: int) -> BenchmarkSummary:
    def pick(series: benchmarks.Series | None) -> benchmarks.Point | None:
        if series is None:
            return None
        point = series.year(year)
        return point if point is not None and point.final else series.latest_final_year()

    primary = bench.primary()
    chosen = pick(primary)
    sector_point, size_point, total_point = pick(bench.sector), pick(bench.size), pick(bench.total)
    return BenchmarkSummary(
        source=bench.source,
        title=primary.title,
        kind=primary.kind,
        year=chosen.year if chosen else None,
        pct=chosen.pct if chosen else None,
        final=chosen.final if chosen else None,
        sector_title=bench.sector.title if bench.sector else None,
        sector_pct=sector_point.pct if sector_point else None,
        size_title=bench.size.title if bench.size else None,
        size_pct=size_point.pct if size_point else None,
        total_pct=total_point.pct if total_point else None,
    )


def dashboard(
    source: AbsenceSource,
    period: Period | None = None,
    granularity: periods.Granularity | None = None,
    rollup: bool = True,
    assumptions: costs_mod.CostAssumptions | None = None,
    sector: str | None = None,
    size_class: str | None = None,
    pooled_dir: Path | None = None,
) -> Dashboard:
    """Everything the dashboard page and its JSON twin show, from one set of computations.

    ``pooled_dir``: the pooled benchmark folder (``compare.configured_dir()``), if any."""
    period = period or default_period(source)
    granularity = granularity or ("month" if period.days <= 731 else "quarter")
    stored_sector, stored_size = source.settings()
    sector = sector or stored_sector
    size_class = size_class or stored_size
    halves = _halves(period)
    cursor, key, visible = source.cursor(), source.org_key, source.visible
    current, *half_results = metrics.compute(
        cursor, [period, *halves], "unit", rollup, False, key, visible=visible
    )
    trend_periods = periods.split(period, granularity)
    # Per unit as well (the small multiples); the total is the same either way.
    trend = metrics.compute(
        cursor, trend_periods, "unit", rollup, False, key, detail=False, visible=visible
    )
    derived = size_class not in benchmarks.SIZE_CLASSES
    if derived:
        size_class = (
            benchmarks.size_class_for(current.total.average_headcount or current.total.employees)
            if current.total.employees
            else None
        )
    bench = benchmarks.benchmark(sector, size_class)
    primary = bench.primary()
    points = []
    for r, p in zip(trend, trend_periods, strict=True):
        b = _bench_value(primary, p, granularity)
        points.append(
            TrendPoint(
                label=periods.label(p, granularity),
                start=p.start,
                end=p.end,
                employees=r.total.employees,
                suppressed=r.total.suppressed,
                zvp=r.total.zvp,
                zvp_incl_pregnancy=r.total.zvp_incl_pregnancy,
                zmf=r.total.zmf,
                new_spells=r.total.new_spells,
                benchmark=b.pct if b else None,
                benchmark_final=b.final if b else None,
            )
        )
    profile = signals_mod.Profile(sector=sector, size_class=size_class)
    findings = signals_mod.evaluate(current, trend, half_results, bench, profile)
    pooled = compare.find(pooled_dir, sector, size_class, source.region(), period)
    if pooled is not None and pooled.own_period is not None:
        own = metrics.compute(
            cursor, [pooled.own_period], None, False, False, key, detail=False, visible=visible
        )[0].total
        pooled = pooled.model_copy(update={"own": own})
    return Dashboard(
        period=period,
        granularity=granularity,
        has_data=source.counts()[0] > 0,
        sector=sector,
        size_class=size_class,
        size_class_derived=derived,
        current=current,
        trend=points,
        benchmark=_summary(bench, period.end.year),
        costs=costs_mod.estimate(current.total, assumptions or costs_mod.CostAssumptions()),
        signals=findings,
        signal_summary=signals_mod.summarise(findings),
        unit_trend=_unit_trend(trend, points),
        pooled=pooled,
        example_data=bool((source.org.settings or {}).get("example_data")),
    )


def _unit_trend(results: list[MetricsResult], points: list[TrendPoint]) -> list[teams.UnitTrend]:
    """Each unit's series over the trend periods; a period without the unit (no employees
    then) counts as suppressed, like a group under 5."""
    names = sorted({g.group for r in results for g in r.groups if g.group})
    found = [{g.group: g for g in r.groups} for r in results]
    series = []
    for name in names:
        row = []
        for groups, p in zip(found, points, strict=True):
            g = groups.get(name)
            shown = g is not None and not g.suppressed
            row.append(
                teams.UnitPoint(
                    label=p.label,
                    suppressed=not shown,
                    zvp=g.zvp if shown and g else None,
                    zmf=g.zmf if shown and g else None,
                )
            )
        series.append(teams.UnitTrend(group=name, points=row))
    return series


def team_view(
    d: Dashboard,
    level: int | None = None,
    sort: teams.SortKey | None = None,
    order: teams.Order | None = None,
    top_n: int | None = None,
) -> teams.TeamView:
    """The team comparison of a dashboard as asked (level, sort, top-N): see teams.view."""
    return teams.view(d.current.groups, d.unit_trend, level, sort, order, top_n)
