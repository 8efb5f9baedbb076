"""CPU cost of one request, in process: where the milliseconds of a dashboard request go.

    .venv/bin/python bench/web_profile.py [--org-employees 2000] [--requests 300] [--profile]

Builds the throw-away store of `web_load.py --org-employees` (one organisation, an analyst's
API token), makes the app with `create_app()` and calls it as an ASGI application directly
(no server, no sockets), one request at a time, so the figures are the app's own CPU per
request (public pages, the dashboard JSON and the dashboard page), with the SQL statements,
transactions and trips through the thread pool each one makes. The thread pool
is replaced by a direct call, so every line runs in one thread and `--profile` (cProfile)
sees the handlers too; the order of the work is the same as under uvicorn.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_load import organisation_mix

T = TypeVar("T")


TRIPS = [0]  # calls that uvicorn would send through the thread pool's queue


async def _inline(func: Callable[..., T], *args: Any, **_kwargs: Any) -> T:
    TRIPS[0] += 1
    return func(*args)


def _run_inline() -> None:
    """Sync handlers and dependencies run in the calling thread (profiling sees them):
    Starlette's ``run_in_threadpool`` hands every call to ``anyio.to_thread.run_sync``."""
    import anyio.to_thread

    anyio.to_thread.run_sync = _inline  # type: ignore[assignment]


async def call(app: Any, path: str, headers: dict[str, str]) -> tuple[int, int]:
    """One GET through the ASGI app; (status, body bytes)."""
    raw_path, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": raw_path,
        "raw_path": raw_path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000")]
        + [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    status = 0
    size = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, size
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            size += len(message.get("body", b""))

    await app(scope, receive, send)
    return status, size


async def measure(
    app: Any, urls: dict[str, tuple[str, dict[str, str]]], n: int
) -> dict[str, list[float]]:
    cpu: dict[str, list[float]] = {name: [] for name in urls}
    for name, (path, headers) in urls.items():
        for _ in range(20):  # warm: results and pages cached, as after web_load's warm-up
            status, _size = await call(app, path, headers)
            assert status == 200, (name, status)
    for _ in range(n):
        for name, (path, headers) in urls.items():
            started = time.process_time()
            await call(app, path, headers)
            cpu[name].append((time.process_time() - started) * 1000)
    return cpu


def count_statements(
    app: Any, urls: dict[str, tuple[str, dict[str, str]]]
) -> dict[str, tuple[int, int, int]]:
    """SQL statements, transactions (BEGINs) and trips through the thread pool of one
    request of each URL: figures the machine's load does not blur."""
    from sqlalchemy import event

    engine = app.state.database.engine
    counts = {"statements": 0, "begins": 0}

    def statement(*_args: Any) -> None:
        counts["statements"] += 1

    def begin(*_args: Any) -> None:
        counts["begins"] += 1

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "begin", begin)
    found: dict[str, tuple[int, int, int]] = {}
    try:
        for name, (path, headers) in urls.items():
            counts.update(statements=0, begins=0)
            TRIPS[0] = 0
            asyncio.run(call(app, path, headers))
            found[name] = (counts["statements"], counts["begins"], TRIPS[0])
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "begin", begin)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--org-employees", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=300, help="per URL")
    parser.add_argument("--profile", action="store_true", help="cProfile the dashboard URLs")
    parser.add_argument("--top", type=int, default=45, help="lines of the profile")
    parser.add_argument(
        "--sample",
        action="store_true",
        help="pyinstrument (a sampling profiler, little overhead; `uv pip install pyinstrument`) "
        "instead of cProfile, which inflates code of many small calls such as SQLAlchemy's",
    )
    args = parser.parse_args()
    _env, (page, api) = organisation_mix(args.org_employees)
    _run_inline()
    from verzuim.web.app import create_app

    app = create_app()
    urls = {
        "public search page": ("/maatregelen?q=rugklachten", {}),
        "public search JSON": ("/api/maatregelen?q=stress+training", {}),
        "public measure page": ("/maatregelen/gp-b11-13", {}),
        "public actors search": ("/wie-doet-wat?q=gevaarlijke+stoffen", {}),
        "dashboard JSON": api,
        "dashboard page": page,
    }
    cpu = asyncio.run(measure(app, urls, args.requests))
    statements = count_statements(app, urls)
    for name, values in cpu.items():
        ordered = sorted(values)
        print(
            f"{name}: CPU per request median {statistics.median(values):.2f} ms, "
            f"p10 {ordered[len(ordered) // 10]:.2f} ms, min {ordered[0]:.2f} ms "
            f"({len(values)} requests); {statements[name][0]} SQL statements in "
            f"{statements[name][1]} transactions, {statements[name][2]} trips through the "
            "thread pool"
        )
    if args.sample:
        from pyinstrument import Profiler

        for name in ("dashboard JSON", "dashboard page"):
            sampler = Profiler(interval=0.0002)
            sampler.start()
            asyncio.run(measure(app, {name: urls[name]}, args.requests))
            sampler.stop()
            print(f"\n===== {name}: {args.requests + 20} requests, sampled =====")
            print(sampler.output_text(show_all=False, short_mode=False))
    if args.profile:
        for name in ("dashboard JSON", "dashboard page"):
            profiler = cProfile.Profile()
            profiler.enable()
            asyncio.run(measure(app, {name: urls[name]}, args.requests))
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
            stats.print_stats(args.top)
            print(f"\n===== {name}: {args.requests + 20} requests, cumulative =====")
            print(out.getvalue())
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
            print(f"\n===== {name}: own time =====")
            print(out.getvalue())


if __name__ == "__main__":
    main()
