"""Browser fixtures: the real app on a loopback port, driven by Debian's Chromium via Playwright.

Chromium runs with the flags this machine needs as root and with background networking off,
so a page that tries to load anything from the internet fails the test instead of hanging.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Request, sync_playwright
from tests.conftest import PASSWORD

from verzuim.accounts import sessions, users
from verzuim.store import config, organisations
from verzuim.store.database import Database
from verzuim.store.tenancy import Role, system_tenant
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


def _import_example_practice() -> None:
    """docs/examples' record in the shared collection (once per store), for its page."""
    from tests.browser.routes import EXAMPLE_PRACTICE

    from verzuim.records import collection

    path = Path(__file__).resolve().parents[2] / "docs/examples/good-practice-record.example.json"
    database = Database(config.database_url())
    try:
        if collection.get(database, EXAMPLE_PRACTICE) is None:
            upload = collection.Upload(path.name, path.read_bytes())
            result = collection.import_uploads(database, [upload], tenant=None, actor="test")
            assert result.accepted, result.files
    finally:
        database.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by uvicorn in a thread (store: tests/conftest.py); yields its base URL.

    A pooled benchmark of the golden organisations is configured, so the dashboard's
    "organisations like you" block is on the pages the browser tests walk."""
    from tests.benchmark.conftest import GOLDEN

    from verzuim.benchmark import build, compare, output
    from verzuim.benchmark.engines import DuckDBEngine

    pooled = tmp_path_factory.mktemp("pooled")
    engine = DuckDBEngine()
    try:
        output.write(build.build(engine, GOLDEN, ["sector"], "year"), pooled)
    finally:
        engine.close()
    os.environ[compare.ENV] = str(pooled)
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
    _import_example_practice()
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    os.environ.pop(compare.ENV, None)


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


def member_of_new_org(role: Role, units: tuple[str, ...] = ()) -> tuple[str, str]:
    """A new organisation in the live server's store with one member; (slug, e-mail)."""
    database = Database(config.database_url())
    try:
        slug = "b-" + uuid.uuid4().hex[:10]
        email = f"{role.value}-{slug}@example.nl"
        with database.public() as session:
            org = organisations.create(session, slug, f"Browser {slug}", "F", None)
            tenant = system_tenant(org.id, slug, "test")
        with database.tenant(tenant) as session:
            user = users.create_user(session, email, PASSWORD)
            if role is Role.ADMIN:
                user.totp_secret = sessions.new_totp_secret()
            users.add_membership(session, tenant, user, role, units)
    finally:
        database.dispose()
    return slug, email


def totp_now(email: str) -> str:
    database = Database(config.database_url())
    try:
        with database.public() as session:
            user = users.by_email(session, email)
            assert user is not None and user.totp_secret is not None
            return pyotp.TOTP(user.totp_secret).now()
    finally:
        database.dispose()


def log_in_page(page: Page, email: str, next_url: str, password: str = PASSWORD) -> None:
    """Log in through the login page (and the second-factor page when it comes)."""
    page.goto(f"/login?next={next_url}")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    if "/login/tweestaps" in page.url:
        page.get_by_label("Code").fill(totp_now(email))
        page.get_by_role("button", name="Inloggen").click()


# A small organisation's absence data (two units of at least 5), for the organisation pages.
ORG_EMPS = [
    *[(f"p{i}", "Productie", 1.0, "2018-01-01", "") for i in range(6)],
    *[(f"k{i}", "Kantoor", 0.5, "2018-01-01", "") for i in range(6)],
]
ORG_SPELLS = [
    ("p0", "s1", "2024-01-10", "2024-01-30", 100.0, "sick"),
    ("p1", "s2", "2024-03-04", "2024-03-08", 100.0, "sick"),
    ("k2", "s3", "2024-09-01", "2024-10-15", 50.0, "sick"),
]


def import_into(slug: str, emps: list[Any], spells: list[Any]) -> None:
    """Store absence data for ``slug`` in the live server's store through the real import."""
    from tests.analytics.helpers import employees_csv, spells_csv

    from verzuim.analytics import service
    from verzuim.store import absence

    parsed = service.parse_uploads(
        service.Upload("employees.csv", employees_csv(emps)),
        service.Upload("spells.csv", spells_csv(spells)),
    )
    assert not parsed.problems, parsed.problems[:3]
    database = Database(config.database_url())
    try:
        with database.public() as session:
            org = organisations.by_slug(session, slug)
            assert org is not None
            tenant = system_tenant(org.id, slug, "test")
        assert absence.import_parsed(database, tenant, parsed, "replace").accepted
    finally:
        database.dispose()


@pytest.fixture(scope="session")
def admin_session(browser: Browser, live_server: str) -> tuple[str, dict[str, Any]]:
    """An administrator of a new organisation with data, logged in once through the login
    page; (slug, Playwright storage state) so each test opens its own logged-in context."""
    slug, email = member_of_new_org(Role.ADMIN)
    import_into(slug, ORG_EMPS, ORG_SPELLS)
    context = browser.new_context(base_url=live_server, locale="nl-NL")
    try:
        page = context.new_page()
        log_in_page(page, email, next_url=f"/o/{slug}")
        page.wait_for_url(f"**/o/{slug}")
        state: dict[str, Any] = dict(context.storage_state())
    finally:
        context.close()
    return slug, state
