"""The per-employee ZVP sums are the analytics definitions: summed, they give its totals."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.analytics.helpers import fillers, store_with
from verzuim.analytics import metrics, periods
from verzuim.analytics.models import Period


def test_per_employee_sums_add_up_to_the_metrics() -> None:
    emps = [
        *fillers(6, "A/B"),
        *[(f"c{i}", "C", 0.5, "2020-01-01", "") for i in range(5)],
        ("x", "C", 1.0, "2024-03-10", "2024-05-02"),  # employed part of three months
        ("gone", "C", 1.0, "2010-01-01", "2023-06-30"),  # left before the months
    ]
    spells = [
        ("f0", "s", "2023-12-20", "2024-01-10", 100, "sick"),  # starts before the window
        ("f1", "s", "2024-02-01", "", 50, "sick"),  # open, partly unfit
        ("c3", "s", "2024-03-01", "2024-05-31", 100, "pregnancy"),  # not in the numerator
        ("x", "s", "2024-04-01", "2024-06-10", 100, "sick"),  # runs past the employment
    ]
    store = store_with(emps, spells)
    cur = store.cursor()
    months = periods.split(Period(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)), "month")
    panel = metrics.zvp_by_employee(cur, months, "files")
    by_unit = metrics.compute(cur, months, "unit", False, False, "files")
    store.close()
    assert (
        "gone" in panel.employee_ids and not panel.employed[panel.employee_ids.index("gone")].any()
    )
    x = panel.employee_ids.index("x")
    assert panel.units[x] == "C"
    assert panel.employed[x].tolist() == [False, False, True, True, True] + [False] * 7
    assert panel.sick_weighted[x, 3] == 30 and panel.sick_weighted[x, 4] == 2  # to 2 May
    for j, result in enumerate(by_unit):
        assert panel.sick_weighted[:, j].sum() == pytest.approx(result.total.sick_days_weighted)
        assert panel.ptf_days[:, j].sum() == pytest.approx(result.total.employed_days_weighted)
        for group in result.groups:
            rows = [i for i, u in enumerate(panel.units) if u == group.group]
            assert panel.employed[rows, j].sum() == group.employees
