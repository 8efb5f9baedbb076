"""Benchmark: what server-side Vega-Lite rendering costs, and what the cache saves (issue 13).

    .venv/bin/python bench/charts_bench.py [--runs 20]

Times, in one fresh process: the first render (vl-convert starts its Vega engine), the gap
map as SVG and PNG without and with the cache, the five dashboard charts of a 19-employee
organisation without and with the cache, and the /kaart and /o/{org}/analyse/dashboard pages through
the app in-process (first request and the median of repeats). Uses a throw-away data folder.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

os.environ["VERZUIM_DATA_DIR"] = tempfile.mkdtemp(prefix="verzuim-bench-")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient
from tests.analytics.helpers import employees_csv, fillers, spells_csv

from verzuim import charts
from verzuim.charts import specs
from verzuim.knowledge.gapmap import gap_map
from verzuim.web.app import create_app

EMPS = [
    *fillers(6, "Productie"),
    *[(f"k{i}", "Kantoor", 0.5, "2018-01-01", "") for i in range(6)],
    *[(f"z{i}", "Zorg", 0.8, "2019-01-01", "") for i in range(7)],
]
SPELLS = [
    ("f0", "s1", "2024-01-10", "2024-01-30", 100.0, "sick"),
    ("k2", "s3", "2024-09-01", "2024-10-15", 50.0, "sick"),
    ("z1", "s4", "2024-05-01", "2024-06-20", 100.0, "sick"),
]
DASHBOARD = "/o/bench/analyse/dashboard?from=2024-01-01&to=2024-12-31&sector=Q"


def organisation_with_data() -> dict[str, str]:
    """Organisation "bench" holding EMPS and SPELLS, and an analyst's API token header."""
    from verzuim.accounts import sessions, users
    from verzuim.analytics import service
    from verzuim.store import absence, migrate, organisations
    from verzuim.store.config import database_url
    from verzuim.store.database import Database
    from verzuim.store.tenancy import Role, system_tenant

    migrate.upgrade(database_url())
    database = Database(database_url())
    try:
        with database.public() as session:
            org = organisations.create(session, "bench", "Bench", "Q", None)
            tenant = system_tenant(org.id, org.slug, "bench")
        with database.tenant(tenant) as session:
            user = users.create_user(session, "bench@example.nl", "a long bench test password")
            users.add_membership(session, tenant, user, Role.ANALYST)
            token = sessions.create_api_token(session, user, "bench")
        parsed = service.parse_uploads(
            service.Upload("w.csv", employees_csv(EMPS)),
            service.Upload("v.csv", spells_csv(SPELLS)),
        )
        assert absence.import_parsed(database, tenant, parsed, "replace").accepted
    finally:
        database.dispose()
    return {"Authorization": f"Bearer {token}"}


def ms(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    return statistics.median(ms(fn) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    rows: list[tuple[str, float]] = []
    tiny = {"data": {"values": [{"a": 1}]}, "mark": "point", "encoding": {"x": {"field": "a"}}}
    rows.append(("first render in the process (engine start)", ms(lambda: charts.svg(tiny, "nl"))))
    data = gap_map("none", "nl")
    spec = specs.gap_map(data, "nl")
    rows.append(
        ("gap map spec (Altair, to dict)", median_ms(lambda: specs.gap_map(data, "nl"), runs))
    )

    def fresh(render: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            charts._cache.clear()
            return render()

        return run

    rows.append(("gap map SVG, not cached", median_ms(fresh(lambda: charts.svg(spec, "nl")), runs)))
    rows.append(("gap map SVG, cached", median_ms(lambda: charts.svg(spec, "nl"), runs)))
    rows.append(
        ("gap map PNG (2x), not cached", median_ms(fresh(lambda: charts.png(spec, "nl")), runs))
    )
    with TestClient(create_app(), headers=organisation_with_data()) as client:
        results = client.app.state.database.results  # type: ignore[attr-defined]
        charts._cache.clear()
        results.clear()

        def first() -> None:
            assert client.get(DASHBOARD).status_code == 200

        rows.append(("/analyse/dashboard, first request", ms(first)))
        rows.append(
            (
                "/analyse/dashboard, repeated (charts cached)",
                median_ms(lambda: client.get(DASHBOARD), runs),
            )
        )

        def uncached_dashboard() -> None:
            charts._cache.clear()
            results.clear()  # the dashboard, its team view and its charts
            client.get(DASHBOARD)

        rows.append(
            ("/analyse/dashboard, nothing cached (computed, charts rendered)",
             median_ms(uncached_dashboard, runs))
        )  # fmt: skip
        rows.append(("/kaart, first request", ms(lambda: client.get("/kaart?second=level"))))
        rows.append(
            (
                "/kaart, repeated (page cached)",
                median_ms(lambda: client.get("/kaart?second=level"), runs),
            )
        )
    print(
        f"Measured {date.today()} on {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; median of {runs} runs.\n"
    )
    print("| step | ms |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value:.1f} |")


if __name__ == "__main__":
    main()
