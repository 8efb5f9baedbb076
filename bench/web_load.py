"""Load test of the Kennisbank web pages: one uvicorn process on loopback, N clients, T seconds.

    .venv/bin/python bench/web_load.py [--clients 50] [--seconds 30] [--write-docs]

Starts `uvicorn verzuim.web.app:create_app --factory` (1 process) on 127.0.0.1 at a free port,
waits until it answers, then runs N concurrent keep-alive clients for T seconds over a fixed
mix of facet and text queries (HTML pages, HTMX fragments and JSON twins). It reports
requests/s and p50/p95/p99 latency, and with --write-docs puts the figures, the machine, the
date and the command in docs/performance.md under "## Kennisbank web" (other sections stay).

The clients speak plain HTTP/1.1 over asyncio streams rather than through an HTTP library,
so the load generator costs little CPU on a 2-core machine and the server gets the rest.
Only 127.0.0.1 is ever contacted; the run is bounded by --seconds and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "performance.md"
SECTION = "## Kennisbank web"
HOST = "127.0.0.1"

# (path, extra headers): a mix a visitor and an API user would produce.
MIX: list[tuple[str, dict[str, str]]] = [
    ("/maatregelen?absence_type=physical", {}),
    ("/maatregelen?q=rugklachten", {}),
    ("/maatregelen?q=werkdruk&absence_type=mental", {}),
    ("/maatregelen?absence_type=physical&worker_type=practical", {"HX-Request": "true"}),
    ("/maatregelen?q=tillen&level=environment", {"HX-Request": "true"}),
    ("/maatregelen?category=exercise&evidence=review_based", {}),
    ("/maatregelen?q=back+pain&lang=en", {}),
    ("/maatregelen?country=NL&components=multi&home_work=no", {"HX-Request": "true"}),
    ("/api/maatregelen?q=stress+training", {}),
    ("/api/maatregelen?absence_type=general&sector=Q", {}),
    ("/api/maatregelen?q=ergonomie+thuiswerken", {}),
    ("/maatregelen?q=gevaarlijke+stoffen&category=risk_assessment", {}),
    ("/maatregelen", {}),
    ("/api/maatregelen?q=leidinggevenden&worker_type=theoretical", {}),
    ("/maatregelen/gp-b11-13", {}),
    ("/wie-doet-wat?q=gevaarlijke+stoffen", {}),
]


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    # latencies by kind of URL (public, organisation page, organisation JSON): which kind
    # sets the tail
    by_kind: dict[str, list[float]] = field(default_factory=dict)


def kind(path: str) -> str:
    if not path.startswith(("/o/", "/api/o/")):
        return "public"
    return "organisation JSON" if path.startswith("/api/") else "organisation page"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def organisation_mix(employees: int) -> tuple[dict[str, str], list[tuple[str, dict[str, str]]]]:
    """A throw-away store with one organisation of generated data and an analyst's API token;
    returns the server's environment and the organisation's URLs (page and JSON twin)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="verzuim-load-"))
    env = {**os.environ, "VERZUIM_DATA_DIR": str(folder)}
    env.pop("VERZUIM_DATABASE_URL", None)
    os.environ.update(env)
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "analytics_generate.py"), "--employees",
         str(employees), "--out", str(folder)],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    from verzuim.accounts import sessions, users
    from verzuim.analytics import service
    from verzuim.store import absence, migrate, organisations
    from verzuim.store.config import database_url
    from verzuim.store.database import Database
    from verzuim.store.tenancy import Role, system_tenant

    migrate.upgrade(database_url())
    database = Database(database_url())
    with database.public() as session:
        org = organisations.create(session, "load", "Load test", "Q", "100+")
        tenant = system_tenant(org.id, org.slug, "bench")
    with database.tenant(tenant) as session:
        user = users.create_user(session, "load@example.nl", "a long load test password")
        users.add_membership(session, tenant, user, Role.ANALYST)
        token = sessions.create_api_token(session, user, "load")
    parsed = service.parse_uploads(
        service.Upload.from_path(folder / "employees.csv"),
        service.Upload.from_path(folder / "spells.csv"),
    )
    assert absence.import_parsed(database, tenant, parsed, "replace").accepted
    database.dispose()
    auth = {"Authorization": f"Bearer {token}"}
    query = "from=2024-01-01&to=2024-12-31"
    return env, [
        (f"/o/load/analyse/dashboard?{query}", auth),
        (f"/api/o/load/analyse/dashboard?{query}", auth),
    ]


def start_server(
    port: int, app: str, workers: int, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--factory",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    return subprocess.Popen(cmd, cwd=ROOT, env=env)


def wait_ready(port: int, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), 0.5) as s:
            # A Host the app answers to (VERZUIM_ALLOWED_HOSTS; others get 400).
            request = (
                f"GET /maatregelen HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: close\r\n\r\n"
            )
            s.sendall(request.encode())
            if s.recv(12).startswith(b"HTTP/1.1 200"):
                return
        time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not answer within {timeout} s")


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    match = re.search(rb"(?i)content-length:\s*(\d+)", head)
    if match:
        await reader.readexactly(int(match.group(1)))
    else:  # chunked
        while True:
            size = int((await reader.readline()).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def client(
    port: int, offset: int, stop_at: float, stats: Stats, interval: float = 0.0
) -> None:
    """One keep-alive client. With ``interval`` > 0 it sends on a fixed schedule (paced) and
    measures latency from the scheduled time, so a slow server cannot hide its queueing
    (no coordinated omission); with 0 it sends the next request as soon as one returns."""
    reader, writer = await asyncio.open_connection(HOST, port)
    n = offset
    scheduled = time.perf_counter() + (offset % 50) * interval / 50
    try:
        while time.monotonic() < stop_at:
            path, headers = MIX[n % len(MIX)]
            n += 1
            extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            request = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n{extra}\r\n"
            if interval > 0:
                delay = scheduled - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                started = scheduled
                scheduled += interval
            else:
                started = time.perf_counter()
            writer.write(request.encode())
            try:
                status = await read_response(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                stats.errors += 1
                writer.close()
                reader, writer = await asyncio.open_connection(HOST, port)
                continue
            stats.latencies.append(time.perf_counter() - started)
            stats.by_kind.setdefault(kind(path), []).append(stats.latencies[-1])
            stats.statuses[status] = stats.statuses.get(status, 0) + 1
            if status != 200:
                stats.errors += 1
    finally:
        writer.close()


async def run_load(
    port: int, clients: int, seconds: float, rate: float, warmup: float = 5.0
) -> tuple[Stats, float]:
    stats = Stats()
    # Warm up: every URL several times on several connections, so that every server process
    # has computed and cached its results before the measured run (the cold cost of a
    # dashboard is measured in bench/analytics_bench.py).
    await asyncio.gather(*(client(port, i, time.monotonic() + warmup, Stats()) for i in range(8)))
    interval = clients / rate if rate > 0 else 0.0
    started = time.monotonic()
    stop_at = started + seconds
    await asyncio.gather(*(client(port, i, stop_at, stats, interval) for i in range(clients)))
    return stats, time.monotonic() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    )


def write_docs(text: str) -> None:
    DOCS.parent.mkdir(exist_ok=True)
    current = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Performance\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text, current)
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    DOCS.write_text(updated, encoding="utf-8")


@dataclass
class Phase:
    name: str
    requests: int
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int

    def row(self) -> str:
        return (
            f"| {self.name} | {self.requests} | {self.rps:.0f} | {self.p50:.1f} ms "
            f"| {self.p95:.1f} ms | {self.p99:.1f} ms | {self.errors} |"
        )


def measure(port: int, name: str, clients: int, seconds: float, rate: float) -> Phase:
    stats, elapsed = asyncio.run(run_load(port, clients, seconds, rate))
    lat = [x * 1000 for x in stats.latencies] or [0.0]
    phase = Phase(
        name,
        len(stats.latencies),
        len(stats.latencies) / elapsed,
        *(percentile(lat, q) for q in (50, 95, 99)),
        stats.errors,
    )
    print(
        f"{name}: {phase.requests} requests in {elapsed:.1f} s, {phase.rps:.0f} req/s, "
        f"p50 {phase.p50:.1f} ms, p95 {phase.p95:.1f} ms, p99 {phase.p99:.1f} ms, "
        f"mean {statistics.fmean(lat):.1f} ms, errors {stats.errors}, statuses {stats.statuses}"
    )
    if len(stats.by_kind) > 1:
        for name, values in sorted(stats.by_kind.items()):
            ms = [x * 1000 for x in values]
            print(
                f"  {name}: {len(ms)} requests, p50 {percentile(ms, 50):.1f} ms, "
                f"p95 {percentile(ms, 95):.1f} ms, p99 {percentile(ms, 99):.1f} ms, "
                f"mean {statistics.fmean(ms):.1f} ms"
            )
    return phase


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0, help="per phase")
    parser.add_argument(
        "--rate", type=float, default=400.0, help="total requests/s of the paced phase"
    )
    parser.add_argument("--workers", type=int, default=1, help="uvicorn processes")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--app", default="verzuim.web.app:create_app", help="ASGI app factory")
    parser.add_argument(
        "--org-employees",
        type=int,
        default=0,
        help="also one organisation's dashboard (page and JSON, logged in) with this many "
        "generated employees, as every third request",
    )
    parser.add_argument("--no-paced", action="store_true", help="only the flat-out phase")
    args = parser.parse_args()
    port = free_port()
    env = None
    if args.org_employees:
        env, org_urls = organisation_mix(args.org_employees)
        public = list(MIX)
        MIX.clear()
        for i, entry in enumerate(public):
            MIX.append(entry)
            if i % 2 == 1:
                MIX.append(org_urls[(i // 2) % 2])
    server = start_server(port, args.app, args.workers, env)
    try:
        wait_ready(port)
        paced = (
            None
            if args.no_paced
            else measure(
                port, f"paced, {args.rate:g} req/s offered", args.clients, args.seconds, args.rate
            )
        )
        flat_out = measure(port, "flat out (closed loop)", args.clients, args.seconds, 0.0)
    finally:
        server.terminate()
        server.wait(timeout=10)
    if args.write_docs and paced is not None and not args.org_employees:
        command = "python bench/web_load.py " + " ".join(sys.argv[1:])
        aims = (
            f"p95 < 25 ms at {args.rate:g} req/s offered: "
            f"{'met' if paced.p95 < 25 else 'NOT met'}; "
            f"> 300 req/s: {'met' if flat_out.rps > 300 else 'NOT met'} "
            f"({flat_out.rps:.0f} req/s flat out); p95 < 25 ms with all {args.clients} "
            f"clients sending back to back: {'met' if flat_out.p95 < 25 else 'NOT met'} "
            f"({flat_out.p95:.0f} ms: by Little's law that would need about "
            f"{args.clients / 0.025:.0f} req/s)"
        )
        text = (
            f"{SECTION}\n\n"
            f"Measured {dt.date.today().isoformat()} on {machine()}.\n\n"
            f"Command: `{command}`: {args.workers} uvicorn process(es) (uvloop, httptools) on "
            f"127.0.0.1, {args.clients} concurrent keep-alive clients, {args.seconds:g} s per "
            f"phase, {len(MIX)} URLs in turn (HTML pages, HTMX fragments and JSON twins with "
            "facet and text queries). The load generator runs on the same 2 cores.\n\n"
            "| phase | requests | requests/s | p50 | p95 | p99 | errors |\n"
            "|---|---|---|---|---|---|---|\n"
            f"{paced.row()}\n{flat_out.row()}\n\n"
            f"Aims: {aims}.\n\n"
            "Paced: every client sends on a fixed schedule and latency counts from the "
            "scheduled moment, so queueing is not hidden. Flat out: each client sends its next "
            "request when the previous one returns; latency there is dominated by waiting in "
            "line (50 clients / throughput), not by the work per request.\n\n"
            "The search index is built once at start-up; search results, service answers and "
            "rendered knowledge pages are cached in memory per URL and language (bounded "
            "LRU), since the knowledge base does not change while the app runs.\n\n"
        )
        write_docs(text)


if __name__ == "__main__":
    main()
