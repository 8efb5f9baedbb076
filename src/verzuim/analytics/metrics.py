"""Run the metric definitions and produce the typed results: the ONE place results are made.

Small groups are suppressed here, in ``_finish``, before a result exists; pages, API, CLI,
exports, costs and signals only ever see what this module returns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import duckdb
import numpy as np
import numpy.typing as npt

from verzuim.analytics import derived, sql, suppression
from verzuim.analytics import periods as periods_mod
from verzuim.analytics.models import (
    SUPPRESSION_THRESHOLD,
    BradfordDistribution,
    DurationClasses,
    GroupMetrics,
    MetricsResult,
    Period,
    Suppression,
)

GroupBy = Literal["unit"]
_EPOCH_ORDINAL = 719163  # date(1970, 1, 1).toordinal()


def _day(d: Any) -> int:
    return int(d.toordinal()) - _EPOCH_ORDINAL


def unit_groups(units: Sequence[str], rollup: bool) -> tuple[list[str], list[tuple[str, int]]]:
    """Group names (index + 1 = group number) and the (unit, group number) pairs.

    With roll-up a unit also counts in every ancestor: ``Productie/Hal 2`` in ``Productie``.
    """
    names: set[str] = set()
    for unit in units:
        parts = unit.split("/")
        names.add(unit)
        if rollup:
            names.update("/".join(parts[:i]) for i in range(1, len(parts)))
    ordered = sorted(names)
    number = {name: i + 1 for i, name in enumerate(ordered)}
    pairs: list[tuple[str, int]] = []
    for unit in units:
        pairs.append((unit, 0))
        if rollup:
            parts = unit.split("/")
            pairs.extend((unit, number["/".join(parts[:i])]) for i in range(1, len(parts) + 1))
        else:
            pairs.append((unit, number[unit]))
    return ordered, pairs


def _insert_values(cur: Any, table: str, rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    width = len(rows[0])
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        placeholders = ", ".join("(" + ", ".join("?" * width) + ")" for _ in chunk)
        cur.execute(f"INSERT INTO {table} VALUES {placeholders}", [v for r in chunk for v in r])


def _prepare(
    cur: Any, periods: Sequence[Period], org_id: str | int, calendar: bool = False
) -> None:
    """The temporary inputs every query reads: the periods and the organisation; with
    ``calendar`` also ``q_year_ends`` for frequent absence (``sql.FREQUENT_CANDIDATES``):
    for the days from the earliest start of a period's 12 months to the last period end,
    the last day whose 12 months start by each, as runs of days (``periods.year_end_runs``)."""
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE q_periods (period_no INTEGER, ps INTEGER, pe INTEGER, "
        "p_days INTEGER, y_days DOUBLE, rs INTEGER)"
    )
    _insert_values(
        cur,
        "q_periods",
        [
            (
                i,
                _day(p.start),
                _day(p.end),
                p.days,
                periods_mod.year_days(p),
                _day(periods_mod.rolling_year_start(p.end)),
            )
            for i, p in enumerate(periods)
        ],
    )
    if calendar:
        first = min(periods_mod.rolling_year_start(p.end) for p in periods)
        last = max(p.end for p in periods)
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE q_year_ends (x_from INTEGER, x_to INTEGER, shift INTEGER)"
        )
        runs = periods_mod.year_end_runs(first, last)
        _insert_values(cur, "q_year_ends", [(_day(a), _day(b), n) for a, b, n in runs])
    key_type = "INTEGER" if isinstance(org_id, int) else "VARCHAR"
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE q_org AS SELECT CAST(? AS {key_type}) AS org_id", [org_id]
    )


def compute(
    cur: Any,
    periods: Sequence[Period],
    by: GroupBy | None,
    rollup: bool,
    bradford: bool,
    org_id: str | int,
    detail: bool = True,
    visible: Callable[[str], bool] | None = None,
) -> list[MetricsResult]:
    """Metrics for every period, for the total and (``by``) every unit; small groups suppressed.

    ``cur`` is a DuckDB cursor or anything with its ``execute``/``fetchall`` (the PostgreSQL
    runner of ``engines.py``). ``detail=False`` computes only the measures a trend needs (ZVP,
    ZMF, GZVD, spell counts); nulverzuim, frequent absence and duration classes are then left
    empty. Suppression is the same either way. ``visible`` limits every figure, the total
    included, to the units it accepts (a manager's subtrees).
    """
    # The embedded DuckDB store keeps the period-independent parts as tables; any other
    # engine (PostgreSQL) computes them in the query.
    stored = isinstance(cur, duckdb.DuckDBPyConnection)
    if stored:
        derived.ensure(cur, str(org_id))
    units = [
        r[0]
        for r in cur.execute(
            "SELECT DISTINCT unit FROM employees WHERE org_id = ? ORDER BY unit", [org_id]
        ).fetchall()
        if visible is None or visible(r[0])
    ]
    if by == "unit":
        names, pairs = unit_groups(units, rollup)
    else:
        names, pairs = [], [(u, 0) for u in units]
    cur.execute("CREATE OR REPLACE TEMP TABLE q_groups (unit VARCHAR, grp_no INTEGER)")
    _insert_values(cur, "q_groups", pairs)
    _prepare(cur, periods, org_id, calendar=detail)
    # Each part becomes a temporary view or table in order: DuckDB then plans every step on
    # its own, and a part used twice is computed once.
    for name, body, materialise in sql.parts(sql.DUCKDB, detail, bradford, stored=stored):
        kind = "TABLE" if materialise else "VIEW"
        cur.execute(f"CREATE OR REPLACE TEMP {kind} {name} AS {body}")
    rows = cur.execute(sql.final_select(detail, bradford)).fetchall()
    columns = sql.result_columns(detail, bradford)
    by_period: dict[int, dict[int, dict[str, Any]]] = {i: {} for i in range(len(periods))}
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        if record["employees"]:
            by_period[record["period_no"]][record["grp_no"]] = record
    results = []
    for i, p in enumerate(periods):
        found = by_period[i]
        records = {name: found[n] for n, name in enumerate(names, start=1) if n in found}
        counts = {name: int(r["employees"]) for name, r in records.items()}
        total_record = found.get(0)
        hidden = suppression.suppress(
            counts,
            suppression.unit_parents(list(records), tree=rollup),
            int(total_record["employees"]) if total_record else 0,
        )
        total = _finish(None, total_record, p, detail, bradford, None)
        groups = [
            _finish(name, record, p, detail, bradford, hidden.get(name))
            for name, record in records.items()
        ]
        results.append(MetricsResult(period=p, total=total, groups=groups))
    return results


def _finish(
    name: str | None,
    record: dict[str, Any] | None,
    p: Period,
    detail: bool,
    bradford: bool,
    hidden: Suppression | None,
    returns: bool | None = None,
) -> GroupMetrics:
    """Raw sums to metrics; a suppressed group (``hidden``, or fewer than 5 employees) gets
    no metrics at all, only its size and the reason."""
    employees = int(record["employees"]) if record else 0
    if record is None or employees < SUPPRESSION_THRESHOLD:
        hidden = "small"
    if hidden is not None or record is None:
        return GroupMetrics(group=name, employees=employees, suppressed=True, suppression=hidden)
    ptf_days = _clean(record["ptf_days"])
    sick = _clean(record["sick_weighted"])
    all_absence = _clean(record["all_weighted"])
    headcount = float(record["employed_days"]) / p.days
    new_spells = int(record["new_spells"])
    ended = int(record["ended_spells"])
    frequent = int(record["frequent"]) if detail else None
    with_returns = detail if returns is None else returns
    eligible = int(record["recurrence_eligible"]) if with_returns else None
    recurring = int(record["recurrence_recurring"]) if with_returns else None
    partial = int(record["partial_return_spells"]) if with_returns else None
    return GroupMetrics(
        group=name,
        employees=employees,
        suppressed=False,
        zvp=100.0 * sick / ptf_days if ptf_days else None,
        zvp_incl_pregnancy=100.0 * all_absence / ptf_days if ptf_days else None,
        zmf=new_spells / headcount * (periods_mod.year_days(p) / p.days) if headcount else None,
        gzvd=float(record["ended_days"]) / ended if ended else None,
        nulverzuim=(
            100.0 * (employees - int(record["employees_sick"])) / employees if detail else None
        ),
        new_spells=new_spells,
        ended_spells=ended,
        average_headcount=headcount,
        sick_days_weighted=sick,
        employed_days_weighted=ptf_days,
        frequent_absence=frequent,
        frequent_absence_pct=100.0 * frequent / employees if frequent is not None else None,
        recurrence=_pct(recurring, eligible),
        recurrence_eligible=eligible,
        recurrence_recurring=recurring,
        partial_return=_pct(partial, ended),
        partial_return_spells=partial,
        duration_classes=_duration_classes(record) if detail else None,
        bradford=_bradford(record, employees) if bradford else None,
    )


def group_metrics(record: Mapping[str, Any], p: Period) -> GroupMetrics:
    """ZVP, ZMF, GZVD, recurrence and partial return of summed parts from elsewhere (the
    pooled benchmark's cells): ``sql.result_columns(False, False, returns=True)``."""
    return _finish(None, dict(record), p, detail=False, bradford=False, hidden=None, returns=True)


def _pct(part: int | None, whole: int | None) -> float | None:
    """A percentage that is empty (not zero) when there is nothing to count."""
    return 100.0 * part / whole if part is not None and whole else None


def _clean(value: Any) -> float:
    """Sums of +w and -w events leave float noise (1e-16) where the exact answer is 0."""
    return round(float(value), 9)


def _duration_classes(record: dict[str, Any]) -> DurationClasses:
    return DurationClasses(
        kort=int(record["dc_kort"]),
        middellang=int(record["dc_middellang"]),
        lang=int(record["dc_lang"]),
        extra_lang=int(record["dc_extra_lang"]),
    )


def _bradford(record: dict[str, Any], employees: int) -> BradfordDistribution:
    bands = [int(record[c] or 0) for c in sql.BRADFORD_COLUMNS]
    return BradfordDistribution(
        band_0=employees - sum(bands),
        band_1_50=bands[0],
        band_51_200=bands[1],
        band_201_400=bands[2],
        band_401_650=bands[3],
        band_over_650=bands[4],
    )


FloatMatrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class EmployeePeriods:
    """The ZVP numerator and denominator per employee and period, as matrices.

    Not a result: nothing here is ever shown. It is the input of the effect evaluation,
    which resamples employees and must itself show only groups of 5 or more. Row ``i`` is
    ``employee_ids[i]`` in ``units[i]``; column ``j`` is ``periods[j]``. ``employed`` marks
    the periods in which the employee was employed on at least one day.
    """

    employee_ids: tuple[str, ...]
    units: tuple[str, ...]
    sick_weighted: FloatMatrix
    ptf_days: FloatMatrix
    employed: npt.NDArray[np.bool_]


def zvp_by_employee(
    cur: duckdb.DuckDBPyConnection, periods: Sequence[Period], org_id: str
) -> EmployeePeriods:
    """The ZVP definitions of ``sql`` run per employee and period (see ``sql.employee_parts``)."""
    _prepare(cur, periods, org_id)
    for name, body, materialise in sql.employee_parts(sql.DUCKDB):
        kind = "TABLE" if materialise else "VIEW"
        cur.execute(f"CREATE OR REPLACE TEMP {kind} {name} AS {body}")
    keys = cur.execute(sql.EMPLOYEE_LIST).fetchall()
    found = cur.execute(sql.EMPLOYEE_SELECT).fetchnumpy()
    row = np.asarray(found["row_no"], dtype=np.int64)
    column = np.asarray(found["period_no"], dtype=np.int64)
    shape = (len(keys), len(periods))
    sick = np.zeros(shape)
    ptf_days = np.zeros(shape)
    employed = np.zeros(shape, dtype=bool)
    # sums of +w and -w events leave float noise (1e-16) where the exact answer is 0
    sick[row, column] = np.round(np.asarray(found["sick_weighted"], dtype=np.float64), 9)
    ptf_days[row, column] = np.round(np.asarray(found["ptf_days"], dtype=np.float64), 9)
    employed[row, column] = True
    return EmployeePeriods(
        employee_ids=tuple(str(k[0]) for k in keys),
        units=tuple(str(k[1]) for k in keys),
        sick_weighted=sick,
        ptf_days=ptf_days,
        employed=employed,
    )
