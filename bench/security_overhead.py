"""Benchmark: what the security layers (web/security/) add to one request, in process.

    .venv/bin/python bench/security_overhead.py [--requests 20000]

Calls a trivial ASGI app directly, then the same app behind the six security middlewares, for
a GET with a CSRF cookie (the common case), a GET without one (a new token and Set-Cookie)
and a HEAD. No network and no server: the difference is the layers' own cost per request.
Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import time
from datetime import date
from typing import Any

from starlette.types import Message, Receive, Scope, Send

from verzuim.web.security.csrf import CsrfCookieMiddleware
from verzuim.web.security.head import HeadAsGetMiddleware
from verzuim.web.security.headers import SecurityHeadersMiddleware
from verzuim.web.security.hosts import AllowedHostsMiddleware, SameOriginMiddleware
from verzuim.web.security.limits import BodySizeLimitMiddleware
from verzuim.web.security.settings import SecuritySettings

BODY = b"x" * 50_000  # about a knowledge page
TOKEN = "a" * 43


async def bare(scope: Scope, receive: Receive, send: Send) -> None:
    headers = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", b"50000")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": BODY})


def secured() -> Any:
    settings = SecuritySettings()
    app: Any = CsrfCookieMiddleware(bare)
    app = SameOriginMiddleware(app)
    app = BodySizeLimitMiddleware(app, max_bytes=settings.max_body_bytes)
    app = HeadAsGetMiddleware(app)
    app = AllowedHostsMiddleware(app, allowed=settings.allowed_hosts)
    return SecurityHeadersMiddleware(app)


def scope(method: str, cookie: bool) -> Scope:
    headers = [(b"host", b"127.0.0.1:8000"), (b"accept", b"text/html")]
    if cookie:
        headers.append((b"cookie", f"lang=nl; csrf={TOKEN}".encode()))
    return {
        "type": "http",
        "method": method,
        "path": "/kaart",
        "raw_path": b"/kaart",
        "query_string": b"",
        "headers": headers,
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "root_path": "",
        "http_version": "1.1",
    }


async def receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def send(message: Message) -> None:
    return None


async def per_request_us(app: Any, method: str, cookie: bool, n: int) -> float:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n):
            await app(scope(method, cookie), receive, send)
        runs.append((time.perf_counter() - start) / n * 1e6)
    return statistics.median(runs)


async def main(n: int) -> None:
    layered = secured()
    machine = f"Python {platform.python_version()}, {os.cpu_count()} cores"
    print(f"Date {date.today()}, {machine}, {n} requests x 5 runs (median)\n")
    print("| request | bare app | with security layers | added |")
    print("|---|---|---|---|")
    for label, method, cookie in (
        ("GET with csrf cookie", "GET", True),
        ("GET without cookie (new token)", "GET", False),
        ("HEAD", "HEAD", True),
    ):
        plain = await per_request_us(bare, method, cookie, n)
        full = await per_request_us(layered, method, cookie, n)
        print(f"| {label} | {plain:.1f} µs | {full:.1f} µs | {full - plain:.1f} µs |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000)
    asyncio.run(main(parser.parse_args().requests))
