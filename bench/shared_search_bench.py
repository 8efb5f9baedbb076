"""Benchmark: what the shared-practices section adds to the measures search (issue 10).

    .venv/bin/python bench/shared_search_bench.py [--records 0 50 500] [--runs 10]

For each collection size it makes a throw-away SQLite store, imports that many records
(copies of docs/examples/good-practice-record.example.json with their own ids and a varied
title: timing material only, never a real collection) through ``collection.import_uploads``,
then times every query of bench/search_eval.yaml through ``search_measures`` (the function
behind /maatregelen, /api/maatregelen and ``verzuim search``) with the report's result cache
cleared before each call, beside ``search`` alone. It also times the first search after an
import (the small index is rebuilt then). Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

from verzuim.knowledge.search import _search_cached, search
from verzuim.records import collection
from verzuim.records.shared_search import search_measures
from verzuim.store import migrate
from verzuim.store.database import Database

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "bench" / "search_eval.yaml"
EXAMPLE = ROOT / "docs" / "examples" / "good-practice-record.example.json"
WORDS = ("werkdruk", "roosters", "rugklachten", "tillen", "stress", "thuiswerken", "pauzes")


def _uploads(n: int) -> list[collection.Upload]:
    base = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    out = []
    for i in range(n):
        data = dict(base, id=f"bench-{i:04d}")
        data["title"] = {"nl": f"Maatregel {i}: {WORDS[i % len(WORDS)]} aanpakken"}
        out.append(collection.Upload(f"bench-{i}.json", json.dumps(data).encode()))
    return out


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _time(call: object, queries: list[str], runs: int) -> tuple[list[float], list[float]]:
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        for query in queries:
            _search_cached.cache_clear()
            start, start_cpu = time.perf_counter(), time.process_time()
            call(query)  # type: ignore[operator]
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, nargs="+", default=[0, 50, 500])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    queries = [str(q["q"]) for q in yaml.safe_load(EVAL.read_text(encoding="utf-8"))["queries"]]
    search("warm-up")
    rows = []
    base_wall, base_cpu = _time(search, queries, args.runs)
    rows.append(("report only (`search`)", "-", base_wall, base_cpu, None))
    for n in args.records:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.sqlite3"
            migrate.upgrade(url)
            database = Database(url)
            uploads = _uploads(n)
            for start in range(0, n, collection.MAX_FILES):
                chunk = uploads[start : start + collection.MAX_FILES]
                result = collection.import_uploads(database, chunk, tenant=None, actor="bench")
                assert result.accepted, result.files[0].reasons
            t0, c0 = time.perf_counter(), time.process_time()
            search_measures(database, "werkdruk")  # rebuilds the small index
            first = ((time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000)
            wall, cpu = _time(lambda q, db=database: search_measures(db, q), queries, args.runs)
            database.dispose()
        rows.append((f"`search_measures`, {n} shared records", str(n), wall, cpu, first))
    print(
        f"Shared-practices search, {date.today().isoformat()}, Python "
        f"{platform.python_version()} on {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} (shared machine); {len(queries)} queries x {args.runs} runs."
    )
    print()
    print("| what | wall p50 | wall p95 | CPU p50 | CPU p95 | first search after import |")
    print("|---|---|---|---|---|---|")
    for name, _n, wall, cpu, first in rows:
        after = f"{first[0]:.1f} ms wall / {first[1]:.1f} ms CPU" if first else ""
        print(
            f"| {name} | {_pct(wall, 0.5):.2f} ms | {_pct(wall, 0.95):.2f} ms | "
            f"{_pct(cpu, 0.5):.2f} ms | {_pct(cpu, 0.95):.2f} ms | {after} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
