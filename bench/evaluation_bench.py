"""Effect evaluation speed: 1,000 bootstrap resamples on a 10,000-employee organisation, 3 years.

    .venv/bin/python bench/evaluation_bench.py [--employees 10000] [--runs 5]

Generates the organisation with bench/analytics_generate.py (200 units in a three-level tree,
2022-2024), then times, each as the median and best of ``--runs`` after one warm-up:
- files: ``evaluation.service.evaluate_files`` (what ``verzuim evaluate`` does: read and check
  both CSV files, load them into an in-memory store, run the ZVP definitions per employee and
  month, evaluate);
- store: ``evaluate_store`` on the loaded store (the metric query plus the evaluation);
- engine: ``engine.evaluate`` on the per-employee sums (months, groups, bootstrap, placebo).
Three requests: one department against the suggested departments (DiD), one division against
the other four (DiD, about 10,000 employees resampled), and the department alone (ITS).
Exits non-zero when a "files" median reaches 3 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import analytics_generate
from verzuim.analytics import metrics
from verzuim.analytics import service as analytics_service
from verzuim.analytics.store import Store
from verzuim.evaluation import engine, service
from verzuim.evaluation.result import Evaluation

START = dt.date(2024, 1, 1)
AIM_S = 3.0


def timed(fn: Callable[[], Evaluation], runs: int) -> tuple[float, float, float, Evaluation]:
    """Median and best wall time, and the median CPU time of this process (all threads)."""
    result = fn()  # warm-up
    times, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return statistics.median(times), min(times), statistics.median(cpu), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--resamples", type=int, default=1000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="verzuim-eval-bench-"))
    rng = np.random.default_rng(2025)
    emp = analytics_generate.employees(args.employees, rng)
    sp = analytics_generate.spells(emp, rng)
    analytics_generate.write(emp, sp, folder)
    e = analytics_service.Upload.from_path(folder / "employees.csv")
    s = analytics_service.Upload.from_path(folder / "spells.csv")
    print(
        f"{len(emp):,} employees, {sp['spell'].nunique():,} spells, {len(sp):,} episodes; "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"{dt.date.today()}"
    )
    store = Store(None)
    assert analytics_service.import_uploads(store, e, s).accepted
    key = analytics_service.FILE_ANALYSIS
    months = service.evaluation_months(store.date_range(key), None, None)
    panel = metrics.zvp_by_employee(store.cursor(), months, key)
    requests = {
        "department vs suggested (DiD)": engine.Request(
            units=["Divisie 0/Afdeling 1"], start=START, resamples=args.resamples
        ),
        "division vs the other four (DiD)": engine.Request(
            units=["Divisie 0"],
            comparison=[f"Divisie {i}" for i in range(1, 5)],
            start=START,
            resamples=args.resamples,
        ),
        "department alone (ITS)": engine.Request(
            units=["Divisie 0/Afdeling 1"], start=START, design="its", resamples=args.resamples
        ),
    }
    slow = False
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print("| request | treated / comparison employees | files median (best; CPU) | store "
          "median (best; CPU) | engine median (best; CPU) |")  # fmt: skip
    print("|---|---:|---:|---:|---:|")
    for name, request in requests.items():
        f_med, f_best, f_cpu, result = timed(
            lambda r=request: service.evaluate_files(e, s, r), args.runs
        )
        s_med, s_best, s_cpu, _ = timed(
            lambda r=request: service.evaluate_store(store, r, None, None, key), args.runs
        )
        g_med, g_best, g_cpu, _ = timed(
            lambda r=request: engine.evaluate(panel, months, r), args.runs
        )
        other = result.comparison.employees if result.comparison else 0
        print(
            f"| {name} | {result.treated.employees:,} / {other:,} "
            f"| {f_med:.2f} s ({f_best:.2f}; {f_cpu:.2f}) "
            f"| {s_med:.2f} s ({s_best:.2f}; {s_cpu:.2f}) "
            f"| {g_med:.3f} s ({g_best:.3f}; {g_cpu:.3f}) |"
        )
        slow = slow or f_med >= AIM_S
    store.close()
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print(f"aim: files median < {AIM_S} s: {'NOT met' if slow else 'met'}")
    sys.exit(1 if slow else 0)


if __name__ == "__main__":
    main()
