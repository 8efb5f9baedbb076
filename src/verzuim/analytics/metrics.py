"""Run the metric definitions and produce the typed results: the ONE place results are made.

Small groups, and the siblings that protect them (complementary suppression,
``suppression.suppress``), are suppressed here, in ``compute`` and ``_finish``, before a
result exists; pages, API, CLI, exports, costs and signals only ever see what this module
returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import duckdb

from verzuim.analytics import periods as periods_mod
from verzuim.analytics import sql, suppression
from verzuim.analytics.models import (
    DEFAULT_ORG,
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


def _insert_values(cur: duckdb.DuckDBPyConnection, table: str, rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    width = len(rows[0])
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        placeholders = ", ".join("(" + ", ".join("?" * width) + ")" for _ in chunk)
        cur.execute(f"INSERT INTO {table} VALUES {placeholders}", [v for r in chunk for v in r])


def compute(
    cur: duckdb.DuckDBPyConnection,
    periods: Sequence[Period],
    by: GroupBy | None = None,
    rollup: bool = False,
    bradford: bool = False,
    org_id: str = DEFAULT_ORG,
    detail: bool = True,
) -> list[MetricsResult]:
    """Metrics for every period, for the total and (``by``) every unit; small groups suppressed.

    ``detail=False`` computes only the measures a trend needs (ZVP, ZMF, GZVD, spell counts);
    nulverzuim, frequent absence, duration classes, recurrence and partial return are then
    left empty. Suppression is the
    same either way.
    """
    units = [
        r[0]
        for r in cur.execute(
            "SELECT DISTINCT unit FROM employees WHERE org_id = ? ORDER BY unit", [org_id]
        ).fetchall()
    ]
    if by == "unit":
        names, pairs = unit_groups(units, rollup)
    else:
        names, pairs = [], [(u, 0) for u in units]
    cur.execute("CREATE OR REPLACE TEMP TABLE q_groups (unit VARCHAR, grp_no INTEGER)")
    _insert_values(cur, "q_groups", pairs)
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
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE q_org AS SELECT CAST(? AS VARCHAR) AS org_id", [org_id]
    )
    # Each part becomes a temporary view or table in order: DuckDB then plans every step on
    # its own, and a part used twice is computed once.
    for name, body, materialise in sql.parts(sql.DUCKDB, detail, bradford):
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
