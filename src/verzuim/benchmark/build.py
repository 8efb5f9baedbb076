"""Build the pooled benchmark: inputs checked, definitions run in one pass, cells disclosed.

``build`` is the one place cells are made: disclosure happens here, before a cell exists,
so no writer or reader can see a suppressed cell's figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from verzuim.analytics import metrics, periods, sql
from verzuim.analytics.models import Period
from verzuim.benchmark import disclosure, inputs, queries
from verzuim.benchmark.engines import Engine
from verzuim.benchmark.models import (
    Benchmark,
    BenchmarkCell,
    BenchmarkInputError,
    ByColumn,
    OrganisationSums,
    PeriodKind,
)

_CLEAN_NAME = {"organisations": "organisations", "employees": "employees", "spells": "episodes"}


def load_inputs(engine: Engine, folder: str | Path) -> None:
    """Read, type and check the three tables; derive the spells from their episodes."""
    for table, source in inputs.locate(folder).items():
        present = engine.read(source)
        lacking = inputs.missing_columns(table, present)
        if lacking:
            raise BenchmarkInputError(
                f"the column(s) {', '.join(lacking)} are missing.",
                source.location,
                f"A {table} file needs {', '.join(inputs.COLUMNS[table])}.",
            )
        engine.create(f"typed_{table}", queries.typed(table, present), "part")
        _check(engine, table, source.location)
        engine.create(_CLEAN_NAME[table], queries.clean(table), "view")
    engine.create("spells", sql.spell_table(pooled=True), "view")


def _check(engine: Engine, table: str, location: str) -> None:
    found = queries.checks(table)
    counts = engine.rows(queries.check_query(table, found))[0]
    problems = [
        f"{int(n)} row(s): {found[name][1]}. {found[name][2]}"
        for name, n in zip(found, counts, strict=True)
        if n
    ]
    if problems:
        raise BenchmarkInputError(" ".join(problems), location, "Nothing was written.")


def data_periods(
    engine: Engine, kind: PeriodKind, start: dt.date | None = None, end: dt.date | None = None
) -> list[Period]:
    """Whole calendar years or quarters over the spells' days, unless ``start``/``end`` say."""
    first, last = engine.rows(queries.DATE_RANGE)[0]
    if start is None or end is None:
        if first is None:
            raise BenchmarkInputError(
                "there are no spells, so no period to compute.",
                "spells",
                "Give --from and --to, or add the spells.",
            )
        step = 12 if kind == "year" else 3
        start = start or dt.date(first.year, (first.month - 1) // step * step + 1, 1)
        if end is None:
            month = (last.month - 1) // step * step + step
            following = dt.date(last.year + month // 12, month % 12 + 1, 1)
            end = following - dt.timedelta(days=1)
    return periods.split(periods.period(start, end), kind)


def run_definitions(engine: Engine, chosen: Sequence[Period]) -> None:
    """The metric definitions, pooled, then one row per organisation and period."""
    engine.create("q_periods", queries.periods_select(chosen), "result")
    for name, body, materialise in sql.parts(sql.DUCKDB, False, pooled=True, returns=True):
        engine.create(name, body, "part" if materialise else "view")
    engine.create("org_rows", queries.org_rows(), "result")


def _number(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def organisation_sums(engine: Engine) -> list[OrganisationSums]:
    """Every organisation's sums per period, as the last ``build`` (or ``run_definitions``)
    left them: the tests hold these to the single-organisation metrics."""
    columns = ["org_id", "period_no", *queries.SUM_COLUMNS]
    select = "SELECT unit, " + ", ".join(columns[1:]) + " FROM org_rows"
    return [
        OrganisationSums(**dict(zip(columns, map(_number, row), strict=True)))
        for row in engine.rows(select)
    ]


def build(
    engine: Engine,
    folder: str | Path,
    by: Sequence[ByColumn],
    kind: PeriodKind,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Benchmark:
    if not by:
        raise BenchmarkInputError(
            "no --by column was given.", "--by", "Use e.g. sector,size_class."
        )
    load_inputs(engine, folder)
    chosen = data_periods(engine, kind, start, end)
    run_definitions(engine, chosen)
    columns = [*by, "period_no", "organisations", *queries.SUM_COLUMNS, "largest_days"]
    cells = [
        _cell(dict(zip(columns, map(_number, row), strict=True)), by, chosen, kind)
        for row in engine.rows(queries.cells(by))
    ]
    cells.sort(key=lambda c: (*(getattr(c, b) for b in by), c.period_start))
    total, without = engine.rows(queries.without_cell(by))[0]
    return Benchmark(
        by=tuple(by),
        period=kind,
        engine=engine.name,
        built_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        first_day=chosen[0].start,
        last_day=chosen[-1].end,
        organisations_in_input=int(total),
        organisations_without_cell=int(without or 0),
        cells=cells,
    )


def _cell(
    record: dict[str, Any], by: Sequence[ByColumn], chosen: Sequence[Period], kind: PeriodKind
) -> BenchmarkCell:
    p = chosen[int(record["period_no"])]
    key: dict[str, Any] = {b: record[b] for b in by}
    organisations = int(record["organisations"])
    reason = disclosure.suppression(
        organisations, float(record["largest_days"]), float(record["employed_days"])
    )
    base = {
        **key,
        "period": periods.label(p, kind),
        "period_start": p.start,
        "period_end": p.end,
        "organisations": organisations,
    }
    if reason is not None:
        return BenchmarkCell(**base, suppressed=True, suppression=reason)
    figures = metrics.group_metrics(record, p)
    return BenchmarkCell(
        **base,
        employees=int(record["employees"]),
        zvp=figures.zvp,
        zmf=figures.zmf,
        gzvd=figures.gzvd,
        recurrence=figures.recurrence,
        suppressed=False,
    )
