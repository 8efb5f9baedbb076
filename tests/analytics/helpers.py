"""Small builders for analytics tests: rows in, a store or results out, through the real import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from verzuim.analytics import metrics, service
from verzuim.analytics.models import GroupMetrics, MetricsResult, Period
from verzuim.analytics.store import Store

EMP_HEADER = "employee_id,unit,part_time_factor,employment_start,employment_end"
SPELL_HEADER = "employee_id,spell_id,first_day,last_day,unfit_pct,kind"

EmpRow = tuple[str, str, float, str, str]
SpellRow = tuple[str, str, str, str, float, str]


def employees_csv(rows: Sequence[EmpRow]) -> bytes:
    lines = [EMP_HEADER] + [",".join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def spells_csv(rows: Sequence[SpellRow]) -> bytes:
    lines = [SPELL_HEADER] + [",".join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def fillers(n: int = 4, unit: str = "A", start: str = "2000-01-01") -> list[EmpRow]:
    """Full-time employees, employed throughout, never sick: they make a group big enough."""
    return [(f"f{i}", unit, 1.0, start, "") for i in range(n)]


def store_with(emps: Sequence[EmpRow], spells: Sequence[SpellRow]) -> Store:
    store = Store(None)
    summary = service.import_uploads(
        store,
        service.Upload("employees.csv", employees_csv(emps)),
        service.Upload("spells.csv", spells_csv(spells)) if spells else None,
    )
    assert summary.accepted, summary.problems
    return store


def period(start: str, end: str) -> Period:
    return Period(start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end))


def results(
    emps: Sequence[EmpRow],
    spells: Sequence[SpellRow],
    periods: Sequence[Period],
    by: metrics.GroupBy | None = None,
    rollup: bool = False,
    bradford: bool = False,
) -> list[MetricsResult]:
    store = store_with(emps, spells)
    try:
        return service.compute_files(store, periods, by, rollup, bradford)
    finally:
        store.close()


def total(
    emps: Sequence[EmpRow], spells: Sequence[SpellRow], start: str, end: str, **kw: bool
) -> GroupMetrics:
    return results(emps, spells, [period(start, end)], bradford=kw.get("bradford", False))[0].total
