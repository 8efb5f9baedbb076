"""The derived tables (analytics/derived.py) and the counting shortcuts of the definitions.

Nulverzuim, duration classes and frequent absence are counted without DISTINCT, from events
and consecutive pairs (analytics/sql.py). Here they are held to a plain day-by-day count in
Python on random data with multi-episode spells, partial returns, open spells and
employments that start and end in the middle of things.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest import approx

from tests.analytics.helpers import EmpRow, SpellRow, employees_csv, fillers, spells_csv
from verzuim.analytics import derived, metrics, periods, service
from verzuim.analytics.models import Period
from verzuim.analytics.store import Store

FAR = dt.date(9999, 12, 31)
START = dt.date(2023, 1, 1)
PERIODS = [
    *periods.split(periods.period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)), "month"),
    periods.period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    periods.period(dt.date(2023, 11, 15), dt.date(2024, 2, 10)),
]


@st.composite
def datasets(draw: st.DrawFn) -> tuple[list[EmpRow], list[SpellRow]]:
    """5 fillers plus random employees; per employee non-overlapping spells of 1-3 episodes,
    back to back within a spell, gaps of 1-60 days between spells."""
    emps: list[EmpRow] = list(fillers(5, "U"))
    for i in range(draw(st.integers(1, 6))):
        start = START + dt.timedelta(days=draw(st.integers(-200, 500)))
        end = draw(st.one_of(st.none(), st.integers(0, 600)))
        end_text = "" if end is None else (start + dt.timedelta(days=end)).isoformat()
        unit = draw(st.sampled_from(["U", "V/W"]))
        emps.append((f"r{i}", unit, draw(st.sampled_from([0.5, 1.0])), start.isoformat(), end_text))
    spells: list[SpellRow] = []
    for emp in emps[3:]:
        day = START + dt.timedelta(days=draw(st.integers(-60, 200)))
        for j in range(draw(st.integers(0, 6))):
            kind = draw(st.sampled_from(["sick", "sick", "sick", "pregnancy"]))
            episodes = draw(st.integers(1, 3))
            for k in range(episodes):
                length = draw(st.sampled_from([1, 3, 10, 14, 15, 40, 91, 92, 200, 380]))
                last = day + dt.timedelta(days=length - 1)
                is_open = k == episodes - 1 and draw(st.integers(0, 9)) == 0
                unfit = draw(st.sampled_from([100, 100, 50]))
                row = (emp[0], f"s{j}", day.isoformat(), "" if is_open else last.isoformat())
                spells.append((*row, unfit, kind))
                if is_open:
                    return emps, spells
                day = last + dt.timedelta(days=1)
            day += dt.timedelta(days=draw(st.integers(1, 60)))
    return emps, spells


@dataclass(frozen=True)
class Expected:
    employees: int
    sick: int
    frequent: int
    classes: tuple[int, int, int, int]
    eligible: int
    recurring: int
    partial: int


def day_by_day(emps: list[EmpRow], rows: list[SpellRow], p: Period) -> Expected:
    """The reference page's definitions, spelled out on dates, one employee at a time."""
    employment = {
        e[0]: (dt.date.fromisoformat(e[3]), dt.date.fromisoformat(e[4]) if e[4] else FAR)
        for e in emps
    }
    spells: dict[tuple[str, str], list[tuple[dt.date, dt.date, float, str]]] = defaultdict(list)
    for emp_id, spell_id, first, last, unfit, kind in rows:
        end = dt.date.fromisoformat(last) if last else FAR
        spells[(emp_id, spell_id)].append((dt.date.fromisoformat(first), end, unfit, kind))
    employed = [e for e, (es, ee) in employment.items() if es <= p.end and ee >= p.start]
    sick_spans = {
        key: (min(x[0] for x in eps), max(x[1] for x in eps), any(x[2] < 100 for x in eps))
        for key, eps in spells.items()
        if eps[0][3] == "sick"
    }
    sick = set()
    for (emp_id, _), eps in spells.items():
        es, ee = employment[emp_id]
        for first, last, _unfit, kind in eps:
            if kind == "sick" and max(first, es, p.start) <= min(last, ee, p.end):
                sick.add(emp_id)
    year_start = periods.rolling_year_start(p.end)
    frequent = sum(
        1
        for e in employed
        if sum(1 for (o, _), s in sick_spans.items() if o == e and year_start <= s[0] <= p.end) >= 3
    )
    classes = [0, 0, 0, 0]
    eligible = recurring = partial = 0
    for (emp_id, _), (first, last, has_partial) in sick_spans.items():
        if first <= p.end and last >= p.start:
            length = min((min(last, p.end) - first).days + 1, 730)
            band = 0 if length <= 14 else 1 if length <= 91 else 2 if length <= 365 else 3
            classes[band] += 1
        if last == FAR:
            continue
        es, ee = employment[emp_id]
        later = last + dt.timedelta(days=28)
        if p.start <= last <= p.end - dt.timedelta(days=28) and es <= later <= ee:
            eligible += 1
            starts = [s[0] for (o, _), s in sick_spans.items() if o == emp_id]
            recurring += any(last < f <= later for f in starts)
        partial += has_partial and p.start <= last <= p.end
    a, b, c, d = classes
    return Expected(len(employed), len(sick), frequent, (a, b, c, d), eligible, recurring, partial)


def _store(emps: list[EmpRow], rows: list[SpellRow]) -> Store:
    store = Store(None)
    _import(store, emps, rows, service.FILE_ANALYSIS)
    return store


def _import(store: Store, emps: list[EmpRow], rows: list[SpellRow], org: str) -> None:
    parsed = service.parse_uploads(
        service.Upload("employees.csv", employees_csv(emps)),
        service.Upload("spells.csv", spells_csv(rows)) if rows else None,
    )
    summary = store.import_parsed(parsed, org_id=org, mode="replace")
    assert summary.accepted, summary.problems


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_counts_equal_a_day_by_day_count(data: tuple[list[EmpRow], list[SpellRow]]) -> None:
    emps, rows = data
    store = _store(emps, rows)
    try:
        found = service.compute_files(store, PERIODS)
    finally:
        store.close()
    for p, result in zip(PERIODS, found, strict=True):
        want = day_by_day(emps, rows, p)
        total = result.total
        assert total.employees == want.employees
        if total.suppressed:
            continue
        assert total.nulverzuim == approx(100.0 * (want.employees - want.sick) / want.employees)
        assert total.frequent_absence == want.frequent
        assert total.duration_classes is not None
        c = total.duration_classes
        assert (c.kort, c.middellang, c.lang, c.extra_lang) == want.classes
        assert (total.recurrence_eligible, total.recurrence_recurring) == (
            want.eligible,
            want.recurring,
        )
        assert total.partial_return_spells == want.partial


def test_a_change_of_the_rows_rebuilds_the_derived_tables() -> None:
    emps = [*fillers(6, "A")]
    first = [("f0", "s1", "2024-03-04", "2024-03-08", 100, "sick")]
    store = _store(emps, first)
    try:
        cur = store.cursor()
        march = [periods.period(dt.date(2024, 3, 1), dt.date(2024, 3, 31))]
        assert service.compute_files(store, march)[0].total.new_spells == 1
        assert derived.is_current(cur, service.FILE_ANALYSIS)
        more = [("f1", "s1", "2024-03-11", "2024-03-12", 100, "sick")]
        summary = service.import_uploads(
            store, None, service.Upload("spells.csv", spells_csv(more)), mode="merge"
        )
        assert summary.accepted
        assert not derived.is_current(cur, service.FILE_ANALYSIS)
        assert service.compute_files(store, march)[0].total.new_spells == 2
        assert derived.is_current(cur, service.FILE_ANALYSIS)
    finally:
        store.close()


def test_organisations_in_one_store_keep_their_own_derived_rows() -> None:
    emps = [*fillers(6, "A")]
    store = Store(None)
    _import(store, emps, [("f0", "s1", "2024-03-04", "2024-03-08", 100, "sick")], "one")
    _import(store, emps, [("f0", "s1", "2024-03-04", "2024-03-31", 50, "sick")], "two")
    march = [periods.period(dt.date(2024, 3, 1), dt.date(2024, 3, 31))]
    try:
        one = metrics.compute(store.cursor(), march, None, False, False, "one")[0].total
        two = metrics.compute(store.cursor(), march, None, False, False, "two")[0].total
        # the second organisation's import left the first one's derived rows current
        _import(store, emps, [("f1", "s1", "2024-03-04", "2024-03-05", 100, "sick")], "two")
        assert derived.is_current(store.cursor(), "one")
        again = metrics.compute(store.cursor(), march, None, False, False, "one")[0].total
    finally:
        store.close()
    assert one.sick_days_weighted == approx(5.0)
    assert two.sick_days_weighted == approx(28 * 0.5)
    assert (one.partial_return_spells, two.partial_return_spells) == (0, 1)
    assert again == one


def test_an_employee_with_five_spells_in_a_year_is_one_frequent_absentee() -> None:
    emps = [*fillers(6, "A")]
    starts = ["2024-01-08", "2024-03-04", "2024-05-06", "2024-07-01", "2024-09-02"]
    rows: list[SpellRow] = []
    for i, day in enumerate(starts):
        last = (dt.date.fromisoformat(day) + dt.timedelta(days=2)).isoformat()
        rows.append(("f0", f"s{i}", day, last, 100, "sick"))
    rows.append(("f1", "x", "2024-02-05", "2024-02-06", 100, "sick"))
    store = _store(emps, rows)
    try:
        found = service.compute_files(store, PERIODS)
    finally:
        store.close()
    by_period = {p: r.total for p, r in zip(PERIODS, found, strict=True)}
    december = periods.period(dt.date(2024, 12, 1), dt.date(2024, 12, 31))
    may = periods.period(dt.date(2024, 5, 1), dt.date(2024, 5, 31))
    assert by_period[december].frequent_absence == 1  # f0's five spells, counted once
    assert by_period[may].frequent_absence == 1  # the third spell started on 6 May
    assert (
        by_period[periods.period(dt.date(2024, 4, 1), dt.date(2024, 4, 30))].frequent_absence == 0
    )
    for p in PERIODS:
        assert by_period[p].frequent_absence == day_by_day(emps, rows, p).frequent


def test_a_frequent_absentee_who_leaves_counts_until_the_month_of_leaving() -> None:
    emps: list[EmpRow] = [*fillers(6, "A"), ("r0", "A", 1.0, "2020-01-01", "2024-06-15")]
    rows: list[SpellRow] = [
        ("r0", f"s{i}", day, day, 100, "sick")
        for i, day in enumerate(["2024-01-10", "2024-02-10", "2024-03-10"])
    ]
    store = _store(emps, rows)
    try:
        found = service.compute_files(store, PERIODS)
    finally:
        store.close()
    counts = [r.total.frequent_absence for r in found[:12]]
    assert counts == [0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]  # March to June 2024
    for p, result in zip(PERIODS, found, strict=True):
        assert result.total.frequent_absence == day_by_day(emps, rows, p).frequent


def test_the_last_end_whose_year_starts_by_a_day_over_leap_years() -> None:
    day = dt.date(2022, 12, 1)
    while day < dt.date(2025, 4, 1):
        end = periods.last_end_starting_by(day)
        assert periods.rolling_year_start(end) <= day
        assert periods.rolling_year_start(end + dt.timedelta(days=1)) > day
        day += dt.timedelta(days=1)
    assert periods.last_end_starting_by(dt.date(2023, 3, 1)) == dt.date(2024, 2, 29)
    assert periods.last_end_starting_by(dt.date(2023, 3, 2)) == dt.date(2024, 3, 1)
