"""The single-organisation metrics (the analytics store and ``metrics.compute``) per organisation
of a benchmark input folder: what the pooled run must reproduce."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from verzuim.analytics import metrics, sql
from verzuim.analytics.models import GroupMetrics, Period
from verzuim.analytics.store import Store, rebuild_spells


def _scan(folder: Path, table: str) -> str:
    if (folder / f"{table}.csv").exists():
        return f"read_csv('{folder / table}.csv', header = true)"
    location = folder / f"{table}.parquet"
    return (
        f"read_parquet('{location}/*.parquet')"
        if location.is_dir()
        else f"read_parquet('{location}')"
    )


def single_org_results(
    folder: Path, periods: Sequence[Period], every: int = 1
) -> dict[tuple[str, int], tuple[dict[str, Any], GroupMetrics]]:
    """(org, period number) -> the raw sums of group 0 (the total) and the typed total, for
    every ``every``-th organisation (in key order)."""
    store = Store(None)
    cur = store.cursor()
    cur.execute(
        "INSERT INTO employees SELECT org_id, employee_id, unit, part_time_factor, "
        f"employment_start, employment_end FROM {_scan(folder, 'employees')}"
    )
    cur.execute(
        "INSERT INTO episodes SELECT org_id, employee_id, spell_id, first_day, last_day, "
        f"unfit_pct, kind FROM {_scan(folder, 'spells')}"
    )
    found: dict[tuple[str, int], tuple[dict[str, Any], GroupMetrics]] = {}
    orgs = [
        r[0] for r in cur.execute("SELECT DISTINCT org_id FROM employees ORDER BY 1").fetchall()
    ]
    orgs = orgs[::every]
    columns = sql.result_columns(detail=False, bradford=False, returns=True)
    try:
        for org in orgs:
            rebuild_spells(cur, org)
            results = metrics.compute(cur, periods, None, False, False, org, detail=True)
            for row in cur.execute(sql.final_select(detail=False, returns=True)).fetchall():
                record = dict(zip(columns, row, strict=True))
                if record["grp_no"] == 0:
                    number = int(record["period_no"])
                    found[(org, number)] = (record, results[number].total)
    finally:
        store.close()
    return found
