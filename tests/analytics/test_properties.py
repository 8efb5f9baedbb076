"""Property tests: ZVP within 0..100, months recombine to the year, fuzzed imports are atomic."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest import approx

from tests.analytics.helpers import EmpRow, SpellRow, fillers, period, store_with
from verzuim.analytics import periods, service
from verzuim.analytics.store import Store

YEAR = period("2024-01-01", "2024-12-31")
BASE = dt.date(2023, 6, 1)
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def datasets(draw: st.DrawFn) -> tuple[list[EmpRow], list[SpellRow]]:
    """5 fixed employees plus random ones; per employee non-overlapping random episodes."""
    emps: list[EmpRow] = list(fillers(5, "U"))
    spells: list[SpellRow] = []
    for i in range(draw(st.integers(0, 6))):
        start = BASE + dt.timedelta(days=draw(st.integers(0, 700)))
        end = draw(st.one_of(st.none(), st.integers(0, 500)))
        end_text = "" if end is None else (start + dt.timedelta(days=end)).isoformat()
        ptf = draw(st.sampled_from([0.2, 0.5, 0.8, 1.0, 1.2, 1.5]))
        emps.append(
            (f"r{i}", draw(st.sampled_from(["U", "V/W"])), ptf, start.isoformat(), end_text)
        )
    for emp in emps:
        day = BASE + dt.timedelta(days=draw(st.integers(0, 60)))
        for j in range(draw(st.integers(0, 4))):
            length = draw(st.integers(1, 120))
            open_ended = draw(st.booleans()) and draw(st.booleans())
            unfit = draw(st.sampled_from([100, 100, 50, 30, 1]))
            kind = draw(st.sampled_from(["sick", "sick", "sick", "pregnancy"]))
            last = day + dt.timedelta(days=length - 1)
            spells.append(
                (
                    emp[0],
                    f"s{j}",
                    day.isoformat(),
                    "" if open_ended else last.isoformat(),
                    unfit,
                    kind,
                )
            )
            if open_ended:
                break
            day = last + dt.timedelta(days=draw(st.integers(1, 90)))
    return emps, spells


@FAST
@given(datasets())
def test_zvp_within_0_and_100(data: tuple[list[EmpRow], list[SpellRow]]) -> None:
    store = store_with(*data)
    try:
        for r in service.compute_files(store, [YEAR, *periods.split(YEAR, "quarter")], by="unit"):
            for g in [r.total, *r.groups]:
                for value in (g.zvp, g.zvp_incl_pregnancy, g.nulverzuim):
                    assert value is None or 0 <= value <= 100 + 1e-9
                assert g.zmf is None or g.zmf >= 0
                assert g.gzvd is None or 1 <= g.gzvd <= 730
    finally:
        store.close()


@FAST
@given(datasets())
def test_months_recombine_to_the_year(data: tuple[list[EmpRow], list[SpellRow]]) -> None:
    store = store_with(*data)
    try:
        year, *months = service.compute_files(store, [YEAR, *periods.split(YEAR, "month")])
    finally:
        store.close()
    assert len(months) == 12
    y = year.total
    totals = [m.total for m in months]
    # fillers are employed all year, so no month is suppressed
    assert all(not t.suppressed for t in totals)
    numerator = sum(t.sick_days_weighted or 0 for t in totals)
    denominator = sum(t.employed_days_weighted or 0 for t in totals)
    assert numerator == approx(y.sick_days_weighted)
    assert denominator == approx(y.employed_days_weighted)
    assert y.zvp == approx(100 * numerator / denominator)
    assert sum(t.new_spells or 0 for t in totals) == y.new_spells
    assert sum(t.ended_spells or 0 for t in totals) == y.ended_spells
    # average headcounts recombine weighted by the days of each month
    days = sum(
        (t.average_headcount or 0) * m.period.days for t, m in zip(totals, months, strict=True)
    )
    assert days / 366 == approx(y.average_headcount)


cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "01-01-2024", "2024-13-01", "0,5", "1.5", "-3", "100", "ziek", "x;y"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(cell, min_size=0, max_size=7), max_size=6),
    st.lists(st.lists(cell, min_size=0, max_size=7), max_size=6),
    st.sampled_from([";", ",", "\t"]),
    st.booleans(),
)
def test_fuzzed_import_is_all_or_nothing(
    emp_rows: list[list[str]], spell_rows: list[list[str]], sep: str, with_header: bool
) -> None:
    emp_header = sep.join(
        ["employee_id", "unit", "part_time_factor", "employment_start", "employment_end"]
    )
    spell_header = sep.join(
        ["employee_id", "spell_id", "first_day", "last_day", "unfit_pct", "kind"]
    )
    emp_text = "\n".join(([emp_header] if with_header else []) + [sep.join(r) for r in emp_rows])
    spell_text = "\n".join([spell_header] + [sep.join(r) for r in spell_rows])
    store = Store(None)
    try:
        service.import_uploads(
            store,
            service.Upload("e.csv", employees_seed()),
            None,
        )
        before = store.counts(service.FILE_ANALYSIS)
        summary = service.import_uploads(
            store,
            service.Upload("e2.csv", emp_text.encode("utf-8", "surrogatepass")),
            service.Upload("s2.csv", spell_text.encode("utf-8", "surrogatepass")),
        )
        if summary.accepted:
            assert not summary.problems
        else:
            assert summary.problems
            assert store.counts(service.FILE_ANALYSIS) == before
    finally:
        store.close()


def employees_seed() -> bytes:
    from tests.analytics.helpers import employees_csv

    return employees_csv(fillers(5))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300), st.binary(max_size=300))
def test_random_bytes_are_rejected_cleanly(emp: bytes, spells: bytes) -> None:
    store = Store(None)
    try:
        summary = service.import_uploads(
            store, service.Upload("e.csv", emp), service.Upload("s.csv", spells)
        )
        assert summary.accepted or summary.problems
        if not summary.accepted:
            assert store.counts(service.FILE_ANALYSIS) == (0, 0)
    finally:
        store.close()
