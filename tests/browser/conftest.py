"""Browser fixtures: the real app on a loopback port, driven by Debian's Chromium via Playwright.

Chromium runs with the flags this machine needs as root and with background networking off,
so a page that tries to load anything from the internet fails the test instead of hanging.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Request, sync_playwright

from verzuim.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The app served by uvicorn in a thread (store: tests/conftest.py); yields its base URL."""
    port = _free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("live server did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    """A fresh page that records every request leaving 127.0.0.1 (there must be none)."""
    context = browser.new_context(base_url=live_server, locale="nl-NL")
    pg = context.new_page()
    outside: list[str] = []

    def watch(request: Request) -> None:
        if not request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            outside.append(request.url)

    pg.on("request", watch)
    yield pg
    context.close()
    assert not outside, f"the page asked the internet for: {outside}"


def axe_violations(pg: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[Any]:
    """Run the vendored axe-core in the page; return the serious and critical violations."""
    # Evaluated through the DevTools protocol: a <script> tag added to the page would be inline
    # code, which the site's Content-Security-Policy rightly refuses.
    pg.evaluate(AXE.read_text(encoding="utf-8"))
    tags = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']"
    result = pg.evaluate(f"async () => await axe.run(document, {{runOnly: {tags}}})")
    return [v for v in result["violations"] if v["impact"] in impacts]
