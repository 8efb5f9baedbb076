"""The definitions as one portable statement give what the step-wise DuckDB run gives."""

from __future__ import annotations

import datetime as dt

from tests.analytics.helpers import fillers, store_with
from verzuim.analytics import metrics, periods, sql
from verzuim.analytics.models import Period


def test_single_statement_equals_stepwise_run() -> None:
    emps = [*fillers(6, "A/B"), *[(f"c{i}", "C", 0.5, "2020-01-01", "") for i in range(5)]]
    spells = [
        ("f0", "s", "2023-12-20", "2024-01-10", 100, "sick"),
        ("f1", "s", "2024-02-01", "", 50, "sick"),
        ("c3", "s", "2024-03-01", "2024-05-31", 100, "pregnancy"),
    ]
    store = store_with(emps, spells)
    cur = store.cursor()
    year = Period(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    months = periods.split(year, "month")
    stepwise = metrics.compute(cur, [year, *months], "unit", True, True, "files")
    # the temporary inputs (q_org, q_periods, q_groups) are still there from compute()
    rows = cur.execute(sql.metrics_query(sql.DUCKDB, detail=True, bradford=True)).fetchall()
    columns = sql.result_columns(True, True)
    one = {(r[0], r[1]): dict(zip(columns, r, strict=True)) for r in rows}
    assert one[(0, 0)]["sick_weighted"] == stepwise[0].total.sick_days_weighted
    assert one[(2, 0)]["new_spells"] == stepwise[2].total.new_spells
    assert "?" not in sql.metrics_query()  # inputs come from tables, not engine parameters
    store.close()
