"""Benchmark: search quality and speed on a judged evaluation set (issue 11).

    .venv/bin/python bench/search_bench.py [--runs 20] [--show]

Runs every query of bench/search_eval.yaml through `search()` (the function behind
/maatregelen, its JSON twin and `verzuim search`) and reports recall@10 (the share of a
query's relevant records among its first ten hits, averaged over queries), MRR (the mean of
1 / rank of the first relevant hit) and the latency per query (uncached: the result cache is
cleared before each timed call). Aims: recall@10 >= 0.9, MRR >= 0.85, p95 < 10 ms. The
held-out queries of bench/search_heldout.yaml (never used for tuning) are reported beside
the main set as a check on overfitting; they are not part of the aims. Prints a
Markdown table for docs/performance.md and exits non-zero when an aim is missed.
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

from verzuim.knowledge import load
from verzuim.knowledge.search import _search_cached, search

EVAL = Path(__file__).resolve().parent / "search_eval.yaml"
# Queries never used for tuning: reported beside the main set as a check on overfitting.
HELD_OUT = Path(__file__).resolve().parent / "search_heldout.yaml"
AIMS = {"recall@10": 0.9, "MRR": 0.85}
P95_MS = 10.0


def _quality(queries: list[dict[str, object]], show: bool) -> tuple[float, float]:
    recalls: list[float] = []
    reciprocal: list[float] = []
    for item in queries:
        query = str(item["q"])
        relevant = set(item["relevant"])  # type: ignore[call-overload]
        ids = [h.id for h in search(query).hits]
        top = ids[:10]
        recall = len(relevant & set(top)) / len(relevant)
        rank = next((i for i, d in enumerate(ids, start=1) if d in relevant), None)
        recalls.append(recall)
        reciprocal.append(1 / rank if rank else 0.0)
        if show and (recall < 1 or rank != 1):
            missing = sorted(relevant - set(top))
            print(f"{query!r}: recall {recall:.2f}, first relevant at {rank}, missing {missing}")
    return statistics.mean(recalls), statistics.mean(reciprocal)


def _latency(queries: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds per query. On a shared machine the wall clock also counts
    time spent waiting for a core; the CPU time is what the query itself costs."""
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        for query in queries:
            _search_cached.cache_clear()
            start, start_cpu = time.perf_counter(), time.process_time()
            search(query)
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--show", action="store_true", help="list the queries below 1.0")
    args = parser.parse_args()
    queries = yaml.safe_load(EVAL.read_text(encoding="utf-8"))["queries"]
    start = time.perf_counter()
    load()
    search("warm-up")  # builds the index once, as the web app does at start-up
    build_ms = (time.perf_counter() - start) * 1000
    recall, mrr = _quality(queries, args.show)
    held_out = yaml.safe_load(HELD_OUT.read_text(encoding="utf-8"))["queries"]
    held_recall, held_mrr = _quality(held_out, args.show)
    wall, cpu = _latency([str(q["q"]) for q in queries], args.runs)
    p50, p95 = _pct(wall, 0.5), _pct(wall, 0.95)
    print(
        f"Search benchmark, {date.today().isoformat()}, Python {platform.python_version()} on "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; {len(queries)} judged "
        f"queries, {args.runs} runs each; load and index build {build_ms:.0f} ms."
    )
    print()
    print("| measure | value | aim |")
    print("|---|---|---|")
    print(f"| recall@10 | {recall:.3f} | >= {AIMS['recall@10']} |")
    print(f"| MRR | {mrr:.3f} | >= {AIMS['MRR']} |")
    print(f"| recall@10, {len(held_out)} held-out queries | {held_recall:.3f} | (check) |")
    print(f"| MRR, held-out queries | {held_mrr:.3f} | (check) |")
    print(f"| latency p50 | {p50:.2f} ms | |")
    print(f"| latency p95 | {p95:.2f} ms | < {P95_MS:g} ms |")
    print(f"| CPU time p50 | {_pct(cpu, 0.5):.2f} ms | |")
    print(f"| CPU time p95 | {_pct(cpu, 0.95):.2f} ms | |")
    ok = recall >= AIMS["recall@10"] and mrr >= AIMS["MRR"] and p95 < P95_MS
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
