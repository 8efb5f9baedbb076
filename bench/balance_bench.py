"""Benchmark of the balance check (issue 9).

    .venv/bin/python bench/balance_bench.py [--runs 20] [--respondents 200]

1. Results: a throw-away SQLite store with one round over 200 units and 10,000 stored
   responses (random answers, about 5% skipped); times ``round_result`` (read, scoring,
   suppression, distribution, trend, signals, one audit entry) after one warm-up call.
   Budget: under 200 ms. Printed cold (the app's result cache emptied before each call:
   everything computed) and warm (responses unchanged since the last view: cached).
2. Answering: starts one uvicorn process on 127.0.0.1 at a free port with its own store,
   creates a round with one single-use code per respondent, and lets N respondents (threads,
   one connection each) fetch the questions and submit within 60 s (about a third with an
   answer to an open question); counts errors.
Only 127.0.0.1 is contacted; the server is stopped at the end. Exits non-zero on a miss.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import datetime as dt
import os
import platform
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from verzuim.balance.instrument import default
from verzuim.balance.results import round_result
from verzuim.balance.rounds import create_round
from verzuim.store import organisations
from verzuim.store.database import Database
from verzuim.store.migrate import upgrade
from verzuim.store.models import BalanceResponse
from verzuim.store.tenancy import system_tenant

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def results_bench(runs: int, units: int, responses: int) -> dict[str, tuple[float, float]]:
    """(median ms, p95 ms) of a cold call (result cache emptied first) and a warm one, in
    wall-clock time, and the median CPU time of this process (``cold cpu``, ``warm cpu``),
    which other load on a shared machine inflates far less."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        upgrade(url)
        db = Database(url)
        with db.public() as session:
            org = organisations.create(session, "bench", "Bench", None, None)
            tenant = system_tenant(org.id, org.slug, "bench")
        names = [f"Afdeling {i // 20}/Team {i}" for i in range(units)]
        round_id, _ = create_round(db, tenant, "Bench", names)
        rng = random.Random(9)
        instrument = default()
        scales = {q.id: instrument.scale_of(q) for q in instrument.questions}
        with db.tenant(tenant) as session:
            for n in range(responses):
                answers = {
                    qid: rng.randint(s.min, s.max)
                    for qid, s in scales.items()
                    if rng.random() > 0.05
                }
                session.add(
                    BalanceResponse(
                        id=secrets.token_hex(16),
                        org_id=tenant.org_id,
                        round_id=round_id,
                        unit=names[n % units],
                        day=dt.date.today(),
                        answers=answers,
                    )
                )
        round_result(db, tenant, round_id)  # warm-up: imports, first connection
        figures: dict[str, tuple[float, float]] = {}
        for kind in ("cold", "warm"):
            samples = []
            cpu = []
            for _ in range(runs):
                if kind == "cold":
                    db.results.clear()
                start, start_cpu = time.perf_counter(), time.process_time()
                found = round_result(db, tenant, round_id)
                samples.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
                assert found is not None and len(found.units) == units
            figures[f"{kind} cpu"] = (statistics.median(cpu) * 1000, max(cpu) * 1000)
            ordered = sorted(samples)
            figures[kind] = (
                statistics.median(samples) * 1000,
                ordered[int(0.95 * (len(ordered) - 1))] * 1000,
            )
        db.dispose()
    return figures


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def answering_bench(respondents: int) -> tuple[float, int, float]:
    """(seconds for all, errors, p95 ms of one submission)."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        upgrade(url)
        db = Database(url)
        with db.public() as session:
            org = organisations.create(session, "bench", "Bench", None, None)
            tenant = system_tenant(org.id, org.slug, "bench")
        _, invitations = create_round(db, tenant, "Load", ["Team"], codes_per_unit=respondents)
        db.dispose()
        port = _free_port()
        env = dict(os.environ, VERZUIM_DATA_DIR=tmp, VERZUIM_DATABASE_URL=url)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "verzuim.web.app:create_app",
                "--factory",
                "--host",
                HOST,
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            # A loaded machine may need long to import the app; say so rather than fail later.
            deadline = time.monotonic() + 240
            while True:
                with contextlib.suppress(OSError), socket.create_connection((HOST, port), 0.5):
                    break
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(f"the server on {HOST}:{port} did not start within 240 s")
                time.sleep(0.2)
            rng = random.Random(1)
            instrument = default()

            def respond(code: str) -> tuple[bool, float]:
                with httpx.Client(base_url=f"http://{HOST}:{port}", timeout=60) as client:
                    questions = client.get(f"/api/r/{code}")
                    if questions.status_code != 200:
                        return False, 0.0
                    answers = {
                        q.id: rng.randint(instrument.scale_of(q).min, instrument.scale_of(q).max)
                        for q in instrument.questions
                    }
                    body: dict[str, object] = {"answers": answers}
                    if rng.random() < 0.3 and instrument.open_questions:  # some write a line
                        body["comments"] = {instrument.open_questions[0].id: "Vaste pauzes."}
                    start = time.perf_counter()
                    sent = client.post(f"/api/r/{code}", json=body)
                    return sent.status_code == 201, time.perf_counter() - start

            start = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
                outcomes = list(pool.map(respond, [i.code for i in invitations]))
            took = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=30)
    errors = sum(1 for ok, _ in outcomes if not ok)
    times = sorted(t for ok, t in outcomes if ok)
    p95 = times[int(0.95 * (len(times) - 1))] * 1000 if times else 0.0
    return took, errors, p95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--respondents", type=int, default=200)
    args = parser.parse_args()
    print(
        f"{dt.date.today()} · {platform.python_implementation()} {platform.python_version()}"
        f" · {os.cpu_count()} cores"
    )
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    figures = results_bench(args.runs, args.units, args.responses)
    for kind, (median, high) in figures.items():
        what = "max" if kind.endswith("cpu") else "p95"
        print(
            f"results {kind}, {args.responses} responses over {args.units} units: "
            f"median {median:.0f} ms, {what} {high:.0f} ms (budget 200 ms)"
        )
    p95 = figures["cold"][1]
    took, errors, submit_p95 = answering_bench(args.respondents)
    print(
        f"{args.respondents} respondents answered in {took:.1f} s with {errors} errors "
        f"(submission p95 {submit_p95:.0f} ms; budget 60 s, 0 errors)"
    )
    return 0 if p95 < 200 and errors == 0 and took < 60 else 1


if __name__ == "__main__":
    sys.exit(main())
