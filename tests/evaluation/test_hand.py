"""The DiD estimate equals a plain hand computation; the series equal the analytics metrics."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.analytics.helpers import employees_csv, spells_csv
from verzuim.analytics import metrics, periods
from verzuim.analytics.models import Period
from verzuim.analytics.service import Upload
from verzuim.analytics.store import Store
from verzuim.evaluation import service

EMPLOYEES = [
    ("t0", "Org/T", 1.0, "2020-01-01", ""),
    ("t1", "Org/T", 1.0, "2020-01-01", ""),
    ("t2", "Org/T", 1.0, "2020-01-01", ""),
    ("t3", "Org/T", 1.0, "2020-01-01", ""),
    ("t4", "Org/T", 1.0, "2020-01-01", "2024-06-30"),  # leaves half-way through the after
    ("c0", "Org/C", 1.0, "2020-01-01", ""),
    ("c1", "Org/C", 0.5, "2020-01-01", ""),
    ("c2", "Org/C", 1.0, "2020-01-01", ""),
    ("c3", "Org/C", 1.0, "2020-01-01", ""),
    ("c4", "Org/C", 1.0, "2020-01-01", ""),
]
SPELLS = [
    ("t0", "a", "2023-01-01", "2023-01-03", 100, "sick"),  # the earliest first day
    ("t1", "b", "2023-03-01", "2023-03-10", 100, "sick"),
    ("t2", "c", "2024-02-01", "2024-02-04", 100, "sick"),
    ("t3", "d", "2024-05-01", "2024-05-10", 50, "sick"),
    ("t4", "e", "2024-03-01", "2024-04-30", 100, "pregnancy"),  # not in the ZVP numerator
    ("c0", "f", "2024-12-29", "2024-12-31", 100, "sick"),  # the latest last day
    ("c1", "g", "2023-06-01", "2023-06-20", 100, "sick"),
    ("c2", "h", "2024-07-01", "2024-07-14", 100, "sick"),
]


def _uploads() -> tuple[Upload, Upload]:
    return Upload("E.csv", employees_csv(EMPLOYEES)), Upload("S.csv", spells_csv(SPELLS))


def test_did_equals_a_hand_computation() -> None:
    # 2023 (365 days) is before, 2024 (366 days) after; t4 is employed 182 days of 2024.
    treated_before = 100 * (3 + 10) / (5 * 365)
    treated_after = 100 * (4 + 10 * 0.5) / (4 * 366 + 182)
    comparison_before = 100 * (20 * 0.5) / (4.5 * 365)
    comparison_after = 100 * (3 + 14) / (4.5 * 366)
    hand = (treated_after - treated_before) - (comparison_after - comparison_before)

    e, s = _uploads()
    request = service.Request(
        units=["Org/T"], comparison=["Org/C"], start=dt.date(2024, 1, 1), resamples=200
    )
    result = service.evaluate_files(e, s, request)

    assert result.design == "did"
    assert (result.first_month, result.last_month) == ("2023-01", "2024-12")
    assert result.treated.zvp_before == pytest.approx(treated_before, abs=1e-12)
    assert result.treated.zvp_after == pytest.approx(treated_after, abs=1e-12)
    assert result.comparison is not None
    assert result.comparison.zvp_before == pytest.approx(comparison_before, abs=1e-12)
    assert result.comparison.zvp_after == pytest.approx(comparison_after, abs=1e-12)
    assert result.effect.estimate == pytest.approx(hand, abs=1e-12)
    assert result.effect.ci_low is not None and result.effect.ci_high is not None
    assert result.effect.ci_low <= result.effect.estimate <= result.effect.ci_high
    assert (result.treated.months_before, result.treated.months_after) == (12, 12)
    assert (result.treated.employees, result.comparison.employees) == (5, 5)
    # 5 employees per group is far below 20 on average: the data cannot tell
    assert result.too_small
    assert {n.code for n in result.warnings} >= {"too_small_treated", "too_small_comparison"}
    assert result.summary.en.startswith("The data cannot tell")


def test_monthly_series_equal_the_analytics_metrics() -> None:
    e, s = _uploads()
    request = service.Request(
        units=["Org/T"], comparison=["Org/C"], start=dt.date(2024, 1, 1), resamples=100
    )
    result = service.evaluate_files(e, s, request)
    store = Store(None)
    from verzuim.analytics import service as analytics_service

    assert analytics_service.import_uploads(store, e, s).accepted
    months = periods.split(Period(start=dt.date(2023, 1, 1), end=dt.date(2024, 12, 31)), "month")
    by_unit = metrics.compute(store.cursor(), months, "unit", False, False, "files")
    store.close()
    for point, month in zip(result.series, by_unit, strict=True):
        groups = {g.group: g for g in month.groups}
        for name, value in (("Org/T", point.treated_zvp), ("Org/C", point.comparison_zvp)):
            if groups[name].suppression == "complementary":
                continue  # the unit breakdown also hides a sibling of a small unit
            assert value == pytest.approx(groups[name].zvp, abs=1e-12)
        assert point.treated_employees == groups["Org/T"].employees


def test_the_same_seed_gives_the_same_interval() -> None:
    e, s = _uploads()
    request = service.Request(
        units=["Org/T"], comparison=["Org/C"], start=dt.date(2024, 1, 1), resamples=200, seed=7
    )
    one = service.evaluate_files(e, s, request)
    two = service.evaluate_files(e, s, request)
    assert one.effect == two.effect
    other = service.evaluate_files(e, s, request.model_copy(update={"seed": 8}))
    assert other.effect.estimate == one.effect.estimate
    assert other.effect.ci_low != one.effect.ci_low
