"""Benchmark of the absence analytics (not run by the test suite; dev only: numpy, pandas).

    .venv/bin/python bench/analytics_bench.py --employees 1000000 --dir /tmp/verzuim-bench

Steps, each in its own process so its peak memory (ru_maxrss) is its own:
1. generate synthetic data (bench/analytics_generate.py) unless the files exist;
2. bulk-load it into a store file (setup, no validation), then build the metrics' derived
   tables (``analytics/derived.py``; timed apart as ``derive_seconds``: made once per change
   of the rows, like the stored spells);
3. compute monthly ZVP, ZMF and GZVD per unit over three years (36 periods) with
   ``metrics.compute``, the function every interface uses (DuckDB limited to 2 threads);
4. the same figures by a plain pandas day-by-day expansion on a sample of employees, checked
   against ``metrics.compute`` on that sample, and extrapolated linearly to the full size;
5. import a 1,000,000-row employee CSV and a 1,000,000-row spell CSV through the real import
   (parsing, validation, staging, checks, transaction);
6. ``--step dashboard``: the first ``--dashboard-employees`` employees (default 10,000) and
   their spells imported into an organisation of a throw-away store, then
   ``/o/{org}/analyse/dashboard`` and its JSON twin through the app in-process: the first
   request (computing and chart rendering) and the median of repeated (warm, cached) ones,
   each as wall time and as this process's CPU time (``time.process_time``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

# The organisation key of an in-memory file analysis (verzuim.analytics.service.FILE_ANALYSIS).
FILE_ANALYSIS = "files"

ROOT = Path(__file__).resolve().parent.parent
THREADS = 2


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def months() -> list[Any]:
    from verzuim.analytics import periods

    return periods.split(periods.period(dt.date(2022, 1, 1), dt.date(2024, 12, 31)), "month")


def step_load(directory: Path) -> dict[str, Any]:
    from verzuim.analytics.store import Store

    db = directory / "store.duckdb"
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    store = Store(db)
    cur = store.cursor()
    cur.execute(
        "INSERT INTO employees SELECT 'files', employee_id, unit, part_time_factor, "
        "employment_start, employment_end FROM read_csv(?, header = true)",
        [str(directory / "employees.csv")],
    )
    cur.execute(
        "INSERT INTO episodes SELECT 'files', employee_id, spell_id, first_day, last_day, "
        "unfit_pct, kind FROM read_csv(?, header = true)",
        [str(directory / "spells.csv")],
    )
    store.rebuild_spells(FILE_ANALYSIS)
    loaded = time.perf_counter()
    cur.execute(f"SET threads = {THREADS}")
    # the metrics' derived tables, made once per change of the rows (analytics/derived.py)
    store.derive(FILE_ANALYSIS)
    derived = time.perf_counter()
    counts = store.counts(FILE_ANALYSIS)
    spells = cur.execute("SELECT count(DISTINCT (employee_id, spell_id)) FROM episodes").fetchone()
    store.close()
    return {
        "seconds": loaded - started,
        "derive_seconds": derived - loaded,
        "employees": counts[0],
        "episodes": counts[1],
        "spells": spells[0] if spells else 0,
    }


def step_compute(directory: Path) -> dict[str, Any]:
    from verzuim.analytics import metrics
    from verzuim.analytics.store import Store

    store = Store(directory / "store.duckdb")
    cur = store.cursor()
    cur.execute(f"SET threads = {THREADS}")
    timings: list[tuple[float, float]] = []
    groups = 0
    for _ in range(3):
        started, cpu = time.perf_counter(), time.process_time()
        results = metrics.compute(cur, months(), "unit", False, False, FILE_ANALYSIS, detail=False)
        timings.append((time.perf_counter() - started, time.process_time() - cpu))
        groups = sum(len(r.groups) for r in results)
    total_2024 = [r.total.zvp for r in results[24:]]
    # per-employee and per-spell measures (nulverzuim, frequent absence, duration classes,
    # recurrence, partial return) for all 36 months at once, per unit
    detail: list[tuple[float, float]] = []
    for _ in range(2):
        started, cpu = time.perf_counter(), time.process_time()
        metrics.compute(cur, months(), "unit", False, False, FILE_ANALYSIS, detail=True)
        detail.append((time.perf_counter() - started, time.process_time() - cpu))
    # the dashboard's other call: one year with every measure, unit tree and Bradford
    from verzuim.analytics import periods

    year = periods.period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    started, cpu = time.perf_counter(), time.process_time()
    metrics.compute(cur, [year], "unit", True, True, FILE_ANALYSIS)
    year_seconds, year_cpu = time.perf_counter() - started, time.process_time() - cpu
    store.close()
    best = min(timings)
    best_detail = min(detail)
    return {
        "seconds_first": timings[0][0],
        "seconds_best": best[0],
        "cpu_seconds_of_best": best[1],
        "year_all_measures_rollup_bradford_seconds": year_seconds,
        "year_all_measures_rollup_bradford_cpu_seconds": year_cpu,
        "detail_36_months_seconds_first": detail[0][0],
        "detail_36_months_seconds_best": best_detail[0],
        "detail_36_months_cpu_seconds_of_best": best_detail[1],
        "load_average": os.getloadavg(),
        "periods": 36,
        "group_results": groups,
        "zvp_2024_months": total_2024,
        "peak_mb": peak_mb(),
    }


def _pandas_metrics(emp: Any, eps: Any) -> Any:
    """Day-by-day: one row per employee per employed day, one per episode day, then sums."""
    import numpy as np
    import pandas as pd

    lo, hi = pd.Timestamp("2022-01-01"), pd.Timestamp("2024-12-31")
    emp = emp.copy()
    emp["s"] = emp["employment_start"].clip(lower=lo)
    emp["e"] = emp["employment_end"].fillna(hi).clip(upper=hi)
    emp = emp[emp["e"] >= emp["s"]]
    n_days = (emp["e"] - emp["s"]).dt.days.to_numpy() + 1
    days = pd.DataFrame(
        {
            "employee_id": np.repeat(emp["employee_id"].to_numpy(), n_days),
            "unit": np.repeat(emp["unit"].to_numpy(), n_days),
            "ptf": np.repeat(emp["part_time_factor"].to_numpy(), n_days),
            "day": np.repeat(emp["s"].to_numpy(), n_days)
            + pd.to_timedelta(np.concatenate([np.arange(k) for k in n_days]), unit="D"),
        }
    )
    sick = eps[eps["kind"] == "sick"].copy()
    sick["l"] = sick["last_day"].fillna(hi)
    sick["f"] = sick["first_day"].clip(lower=lo)
    sick["l"] = sick["l"].clip(upper=hi)
    sick = sick[sick["l"] >= sick["f"]]
    k = (sick["l"] - sick["f"]).dt.days.to_numpy() + 1
    sick_days = pd.DataFrame(
        {
            "employee_id": np.repeat(sick["employee_id"].to_numpy(), k),
            "u": np.repeat(sick["unfit_pct"].to_numpy() / 100, k),
            "day": np.repeat(sick["f"].to_numpy(), k)
            + pd.to_timedelta(np.concatenate([np.arange(j) for j in k]), unit="D"),
        }
    )
    merged = days.merge(sick_days, on=["employee_id", "day"], how="left")
    merged["u"] = merged["u"].fillna(0.0)
    merged["month"] = merged["day"].dt.to_period("M")
    merged["w"] = merged["ptf"] * merged["u"]
    merged["one"] = 1
    grouped = merged.groupby(["unit", "month"]).agg(
        num=("w", "sum"), den=("ptf", "sum"), emp_days=("one", "sum")
    )
    grouped["zvp"] = 100 * grouped["num"] / grouped["den"]
    # ZMF and GZVD from spells: first/last day per spell, counted in its month
    spells = (
        eps[eps["kind"] == "sick"]
        .groupby(["employee_id", "spell_id"])
        .agg(
            f=("first_day", "min"),
            l=("last_day", "max"),
            open=("last_day", lambda s: s.isna().any()),
        )
        .reset_index()
        .merge(emp[["employee_id", "unit"]], on="employee_id")
    )
    spells["fm"] = spells["f"].dt.to_period("M")
    new = spells.groupby(["unit", "fm"]).size().rename("new")
    ended = spells[~spells["open"]].copy()
    ended["len"] = ((ended["l"] - ended["f"]).dt.days + 1).clip(upper=730)
    ended["lm"] = ended["l"].dt.to_period("M")
    gzvd = ended.groupby(["unit", "lm"])["len"].mean().rename("gzvd")
    grouped = grouped.join(new.rename_axis(["unit", "month"])).join(
        gzvd.rename_axis(["unit", "month"])
    )
    grouped["new"] = grouped["new"].fillna(0)
    dim = grouped.index.get_level_values("month").days_in_month
    year_days = np.where(grouped.index.get_level_values("month").year == 2024, 366, 365)
    grouped["zmf"] = grouped["new"] / (grouped["emp_days"] / dim) * (year_days / dim)
    return grouped


def step_pandas(directory: Path, sample: int, employees: int) -> dict[str, Any]:
    import pandas as pd

    from verzuim.analytics import metrics, service
    from verzuim.analytics.store import Store

    emp = pd.read_csv(
        directory / "employees.csv", parse_dates=["employment_start", "employment_end"]
    )
    emp = emp.sample(n=min(sample, len(emp)), random_state=1)
    eps = pd.read_csv(directory / "spells.csv", parse_dates=["first_day", "last_day"])
    eps = eps[eps["employee_id"].isin(set(emp["employee_id"]))]
    started = time.perf_counter()
    frame = _pandas_metrics(emp, eps)
    pandas_seconds = time.perf_counter() - started
    # the same sample through the product, to check both give the same figures
    store = Store(None)
    e_csv = emp.to_csv(index=False, date_format="%Y-%m-%d").encode()
    s_csv = eps.to_csv(index=False, date_format="%Y-%m-%d").encode()
    summary = service.import_uploads(
        store, service.Upload("e.csv", e_csv), service.Upload("s.csv", s_csv)
    )
    assert summary.accepted, summary.problems[:3]
    started = time.perf_counter()
    results = metrics.compute(store.cursor(), months(), "unit", False, False, FILE_ANALYSIS)
    duck_seconds = time.perf_counter() - started
    worst = {"zvp": 0.0, "zmf": 0.0, "gzvd": 0.0}
    compared = 0
    for r in results:
        month = pd.Period(r.period.start, freq="M")
        for g in r.groups:
            if g.suppressed or (g.group, month) not in frame.index:
                continue
            row = frame.loc[(g.group, month)]
            compared += 1
            for name in worst:
                ours, theirs = getattr(g, name), row[name]
                if ours is not None and theirs == theirs:
                    worst[name] = max(worst[name], abs(ours - float(theirs)))
    store.close()
    return {
        "sample_employees": len(emp),
        "sample_episodes": len(eps),
        "pandas_seconds": pandas_seconds,
        "pandas_extrapolated_seconds": pandas_seconds * employees / len(emp),
        "duckdb_sample_seconds": duck_seconds,
        "compared_unit_months": compared,
        "max_abs_difference": worst,
        "peak_mb": peak_mb(),
    }


def step_import(directory: Path, rows: int) -> dict[str, Any]:
    from verzuim.analytics import service
    from verzuim.analytics.store import Store

    emp_path = directory / f"employees_{rows}.csv"
    sp_path = directory / f"spells_{rows}.csv"
    with (directory / "employees.csv").open(encoding="utf-8") as src, emp_path.open("w") as out:
        for i, line in enumerate(src):
            if i > rows:
                break
            out.write(line)
    with (directory / "spells.csv").open(encoding="utf-8") as src, sp_path.open("w") as out:
        for i, line in enumerate(src):
            if i > rows:
                break
            out.write(line)
    db = directory / "import.duckdb"
    db.unlink(missing_ok=True)
    store = Store(db)
    store.cursor().execute(f"SET threads = {THREADS}")
    started, cpu = time.perf_counter(), time.process_time()
    emp = service.import_uploads(store, service.Upload.from_path(emp_path), None)
    emp_seconds, emp_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    sp = service.import_uploads(store, None, service.Upload.from_path(sp_path))
    sp_seconds, sp_cpu = time.perf_counter() - started, time.process_time() - cpu
    started = time.perf_counter()
    again = service.import_uploads(store, service.Upload.from_path(emp_path), None)
    again_seconds = time.perf_counter() - started
    store.close()
    return {
        "employee_rows": emp.employees_in_file,
        "employee_seconds": emp_seconds,
        "employee_cpu_seconds": emp_cpu,
        "employee_accepted": emp.accepted,
        "spell_rows": sp.episodes_in_file,
        "spell_seconds": sp_seconds,
        "spell_cpu_seconds": sp_cpu,
        "spell_accepted": sp.accepted,
        "spell_problems": len(sp.problems),
        "reimport_seconds": again_seconds,
        "reimport_changed": again.employees_added + again.employees_changed,
        "load_average": os.getloadavg(),
        "peak_mb": peak_mb(),
    }


def _head(src: Path, dst: Path, rows: int, keep: set[str] | None = None) -> set[str]:
    """The header and the first ``rows`` lines of ``src`` (or the lines whose first field is
    in ``keep``); returns the first fields written."""
    seen: set[str] = set()
    with src.open(encoding="utf-8") as lines, dst.open("w", encoding="utf-8") as out:
        out.write(next(lines))
        for line in lines:
            key = line.split(",", 1)[0]
            if keep is None:
                if len(seen) >= rows:
                    break
            elif key not in keep:
                continue
            seen.add(key)
            out.write(line)
    return seen


def step_dashboard(directory: Path, employees: int, runs: int) -> dict[str, Any]:
    import statistics
    import tempfile

    os.environ["VERZUIM_DATA_DIR"] = tempfile.mkdtemp(prefix="verzuim-dash-bench-")
    from fastapi.testclient import TestClient

    from verzuim.accounts import sessions, users
    from verzuim.analytics import service
    from verzuim.store import absence, migrate, organisations
    from verzuim.store.config import database_url
    from verzuim.store.database import Database
    from verzuim.store.tenancy import Role, system_tenant
    from verzuim.web.app import create_app

    emp_path = directory / f"dash_employees_{employees}.csv"
    sp_path = directory / f"dash_spells_{employees}.csv"
    ids = _head(directory / "employees.csv", emp_path, employees)
    _head(directory / "spells.csv", sp_path, 0, keep=ids)
    migrate.upgrade(database_url())
    database = Database(database_url())
    try:
        with database.public() as session:
            org = organisations.create(session, "bench", "Bench", "F", None)
            tenant = system_tenant(org.id, org.slug, "bench")
        with database.tenant(tenant) as session:
            user = users.create_user(session, "bench@example.nl", "a long bench test password")
            users.add_membership(session, tenant, user, Role.ANALYST)
            token = sessions.create_api_token(session, user, "bench")
        started = time.perf_counter()
        parsed = service.parse_uploads(
            service.Upload.from_path(emp_path), service.Upload.from_path(sp_path)
        )
        summary = absence.import_parsed(database, tenant, parsed, "replace")
        import_seconds = time.perf_counter() - started
        assert summary.accepted, summary.problems[:3]
    finally:
        database.dispose()

    def timed(fn: Any) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000

    page = "/o/bench/analyse/dashboard?from=2024-01-01&to=2024-12-31"
    api = "/api/o/bench/analyse/dashboard?from=2024-01-01&to=2024-12-31"
    found: dict[str, Any] = {
        "employees": summary.employees_in_file,
        "episodes": summary.episodes_in_file,
        "import_seconds": import_seconds,
    }
    with TestClient(create_app(), headers={"Authorization": f"Bearer {token}"}) as client:

        def get(url: str) -> None:
            answer = client.get(url)
            assert answer.status_code == 200, (url, answer.status_code, answer.text[:300])

        found["page_first_ms"], found["page_first_cpu_ms"] = timed(lambda: get(page))
        warm = [timed(lambda: get(page)) for _ in range(runs)]
        found["page_warm_ms_median"] = statistics.median(w for w, _ in warm)
        found["page_warm_cpu_ms_median"] = statistics.median(c for _, c in warm)
        found["api_first_ms"], found["api_first_cpu_ms"] = timed(lambda: get(api))
        warm = [timed(lambda: get(api)) for _ in range(runs)]
        found["api_warm_ms_median"] = statistics.median(w for w, _ in warm)
        found["api_warm_cpu_ms_median"] = statistics.median(c for _, c in warm)
        # Another period: the JSON twin computes it (no charts), then the page renders them.
        other = api.replace("from=2024-01-01&to=2024-12-31", "from=2023-01-01&to=2023-12-31")
        found["api_new_period_ms"], found["api_new_period_cpu_ms"] = timed(lambda: get(other))
        other = page.replace("from=2024-01-01&to=2024-12-31", "from=2023-01-01&to=2023-12-31")
        found["page_new_period_ms"], found["page_new_period_cpu_ms"] = timed(lambda: get(other))
        # Another team view of a cached dashboard: sorted again, two charts rendered.
        team = f"{page}&level=3&sort=gzvd&order=asc&top=20"
        found["page_new_team_view_ms"], found["page_new_team_view_cpu_ms"] = timed(
            lambda: get(team)
        )
        warm = [timed(lambda: get(team)) for _ in range(runs)]
        found["page_team_view_warm_ms_median"] = statistics.median(w for w, _ in warm)
        found["page_units"] = client.get(api).json()["current"]["groups"].__len__()
    found["load_average"] = os.getloadavg()
    return found


def step_cli() -> dict[str, Any]:
    """Wall time of `verzuim --help` and `verzuim analyse --help`, best of 5 each."""
    exe = str(Path(sys.executable).with_name("verzuim"))
    found: dict[str, Any] = {}
    for label, args in (("help", ["--help"]), ("analyse_help", ["analyse", "--help"])):
        times = []
        for _ in range(5):
            started = time.perf_counter()
            subprocess.run([exe, *args], check=True, capture_output=True)
            times.append(time.perf_counter() - started)
        found[f"{label}_seconds_best"] = min(times)
        found[f"{label}_seconds_median"] = sorted(times)[2]
    return found


def _child(args: list[str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def machine() -> dict[str, Any]:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as handle:
        mem_kb = int(handle.readline().split()[1])
    return {
        "nproc": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "date": dt.date.today().isoformat(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/verzuim-bench"))
    parser.add_argument("--sample", type=int, default=5_000)
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--dashboard-employees", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--step", choices=["load", "compute", "pandas", "import", "cli", "dashboard"]
    )
    args = parser.parse_args()
    if args.step:
        result = {
            "load": lambda: step_load(args.dir),
            "compute": lambda: step_compute(args.dir),
            "pandas": lambda: step_pandas(args.dir, args.sample, args.employees),
            "import": lambda: step_import(args.dir, args.import_rows),
            "cli": step_cli,
            "dashboard": lambda: step_dashboard(args.dir, args.dashboard_employees, args.runs),
        }[args.step]()
        print(json.dumps(result))
        return
    if not (args.dir / "spells.csv").exists():
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "analytics_generate.py"),
             "--employees", str(args.employees), "--out", str(args.dir)],
            check=True,
        )  # fmt: skip
    common = ["--dir", str(args.dir), "--employees", str(args.employees)]
    report: dict[str, Any] = {"machine": machine()}
    for step in ("load", "compute", "pandas", "import", "cli"):
        extra = ["--sample", str(args.sample), "--import-rows", str(args.import_rows)]
        report[step] = _child(["--step", step, *common, *extra])
        print(step, json.dumps(report[step]), flush=True)
    compute = report["compute"]["seconds_best"]
    report["ratio_pandas_to_duckdb"] = report["pandas"]["pandas_extrapolated_seconds"] / compute
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
