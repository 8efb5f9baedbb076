"""Benchmark: advice per profile must take under 20 ms (issue 4).

    .venv/bin/python bench/advice_bench.py [--runs 200]

Times the engine (`advise`) and the full service call plus JSON rendering for each golden
profile in tests/advice/profiles, after one warm-up call (the knowledge base and rules are
loaded once per process; loading is reported separately). Prints a Markdown table for
docs/performance.md and exits non-zero when a profile's p95 reaches the budget.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import yaml

from verzuim.advice import advice_for, parse_profile
from verzuim.advice.engine import advise
from verzuim.advice.render import to_json
from verzuim.advice.rules import load_rules
from verzuim.knowledge import load

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ROOT / "tests" / "advice" / "profiles"
BUDGET_MS = 20.0


def _ms(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    start = time.perf_counter()
    kb, rules = load(), load_rules()
    load_ms = (time.perf_counter() - start) * 1000

    rows: list[tuple[str, float, float, float, float]] = []
    for path in sorted(PROFILES.glob("*.yaml")):
        profile = parse_profile(yaml.safe_load(path.read_text(encoding="utf-8"))["profile"])
        advise(profile, kb, rules)  # warm-up
        engine: list[float] = []
        full: list[float] = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            advise(profile, kb, rules)
            t1 = time.perf_counter()
            to_json(advice_for(profile))
            t2 = time.perf_counter()
            engine.append(t1 - t0)
            full.append(t2 - t1)
        rows.append(
            (
                path.stem,
                statistics.median(engine) * 1000,
                _ms(engine, 0.95),
                statistics.median(full) * 1000,
                _ms(full, 0.95),
            )
        )

    print(f"Date: {date.today().isoformat()}")
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )
    print(f"Command: .venv/bin/python bench/advice_bench.py --runs {args.runs}")
    print(f"Knowledge base + rules load (once per process): {load_ms:.0f} ms\n")
    print("| Profile | engine median ms | engine p95 ms | advice+JSON median ms", end="")
    print(" | advice+JSON p95 ms |")
    print("|---|---:|---:|---:|---:|")
    for name, em, ep, fm, fp in rows:
        print(f"| {name} | {em:.2f} | {ep:.2f} | {fm:.2f} | {fp:.2f} |")
    worst = max(max(r[2], r[4]) for r in rows)
    print(f"\nWorst p95: {worst:.2f} ms (budget {BUDGET_MS:.0f} ms)")
    return 0 if worst < BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
