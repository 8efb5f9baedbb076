"""Shared test settings: a throw-away store, the app on SQLite or PostgreSQL, and logged-in
clients of fresh organisations.

``VERZUIM_TEST_DATABASE=postgres`` runs the suite against a real PostgreSQL server
(``VERZUIM_TEST_PG_URL``, default postgresql://postgres@127.0.0.1/postgres, a superuser):
each test process gets its own database, migrated by the superuser, and the app connects
as a separate role that owns nothing, so row-level security binds it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    # starlette's TestClient warns on import that it prefers the httpx2 package.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

# Nothing a test does may write to the user's real store (~/.local/share/verzuim): every
# process of the run (pytest-xdist workers included) gets a throw-away data directory.
os.environ["VERZUIM_DATA_DIR"] = tempfile.mkdtemp(prefix="verzuim-test-")
atexit.register(shutil.rmtree, os.environ["VERZUIM_DATA_DIR"], ignore_errors=True)

from tests.dbsetup import store_urls  # noqa: E402
from verzuim.accounts import sessions, users  # noqa: E402
from verzuim.store import organisations  # noqa: E402
from verzuim.store.database import Database  # noqa: E402
from verzuim.store.tenancy import Role, system_tenant  # noqa: E402
from verzuim.web.app import create_app  # noqa: E402 - after the store is pointed elsewhere

PASSWORD = "a long enough test password"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


# The shared client acts as a browser on the app's own pages: it holds a CSRF cookie and sends
# the same value in X-CSRF-Token, as the pages' forms and htmx do (tests/web/test_security.py
# checks what happens without them).
CSRF_TOKEN = "test-csrf-token-0123456789abcdefghijklmnopq"


def reset_cookies(test_client: TestClient) -> None:
    """Forget every cookie but the CSRF one."""
    test_client.cookies.clear()
    test_client.cookies.set("csrf", CSRF_TOKEN)


@pytest.fixture(scope="session")
def database_urls() -> tuple[str, str]:
    """(app URL, owner URL) of this test process's store."""
    return store_urls()


@pytest.fixture(scope="session")
def app_client(database_urls: tuple[str, str]) -> Iterator[TestClient]:
    """One app per test process, called in-process (no network, no server)."""
    app_url, owner_url = database_urls
    from verzuim.store import migrate

    migrate.upgrade(owner_url)
    app = create_app(app_url, worker=True)
    with TestClient(app, headers={"X-CSRF-Token": CSRF_TOKEN}) as test_client:
        reset_cookies(test_client)
        yield test_client


@pytest.fixture()
def client(app_client: TestClient) -> Iterator[TestClient]:
    """The shared client with no cookies, so a language chosen in one test stays there."""
    reset_cookies(app_client)
    yield app_client
    reset_cookies(app_client)


def app_database(app_client: TestClient) -> Database:
    db: Database = app_client.app.state.database  # type: ignore[attr-defined]
    return db


def new_org(
    app_client: TestClient,
    role: Role = Role.ANALYST,
    units: tuple[str, ...] = (),
    sector: str | None = None,
) -> tuple[str, str]:
    """A fresh organisation with one member of ``role``; returns (slug, e-mail)."""
    db = app_database(app_client)
    slug = "t-" + uuid.uuid4().hex[:12]
    email = f"{role.value}-{slug}@example.nl"
    with db.public() as session:
        org = organisations.create(session, slug, f"Test {slug}", sector, None)
        tenant = system_tenant(org.id, org.slug, "test")
    add_member(app_client, tenant.org_id, slug, email, role, units)
    return slug, email


def add_member(
    app_client: TestClient,
    org_id: int,
    slug: str,
    email: str,
    role: Role,
    units: tuple[str, ...] = (),
) -> None:
    db = app_database(app_client)
    tenant = system_tenant(org_id, slug, "test")
    with db.tenant(tenant) as session:
        user = users.by_email(session, email) or users.create_user(session, email, PASSWORD)
        if role is Role.ADMIN and user.totp_secret is None:
            user.totp_secret = sessions.new_totp_secret()
        users.add_membership(session, tenant, user, role, units)


def log_in(client: TestClient, email: str) -> dict[str, Any]:
    """Log in through POST /api/login (with the TOTP code when the account has one)."""
    import pyotp

    db = app_database(client)
    with db.public() as session:
        user = users.by_email(session, email)
        secret = user.totp_secret if user else None
    body: dict[str, Any] = {"email": email, "password": PASSWORD}
    if secret:
        body["totp"] = pyotp.TOTP(secret).now()
    if "csrf" not in client.cookies:  # act as a browser on the app's pages (see CSRF_TOKEN)
        reset_cookies(client)
        client.headers["X-CSRF-Token"] = CSRF_TOKEN
    answer = client.post("/api/login", json=body)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


# Public paths under /analyse/ (templates, example data): never an organisation's.
PUBLIC_ANALYSIS = ("/analyse/sjablonen/", "/analyse/voorbeeld")


class OrgClient(TestClient):
    """A client logged in to one fresh organisation. Requests to the analysis paths as they
    were before organisations existed (``/analyse/...``, ``/api/analyse/...``) go to that
    organisation's paths (``/o/{org}/analyse/...``, ``/api/o/{org}/analyse/...``), so the
    analysis tests read as before; ``/analyse`` itself, ``PUBLIC_ANALYSIS`` and the CBS
    benchmark stay public."""

    org: str
    base: str
    token: str  # a personal API token of the same user

    def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        text = str(url)
        if text.startswith(PUBLIC_ANALYSIS):
            pass
        elif text.startswith("/analyse/") or text == "/analyse" or text.startswith("/analyse?"):
            text = f"/o/{self.org}" + text
        elif text.startswith("/api/analyse/") and not text.startswith("/api/analyse/benchmark"):
            text = f"/api/o/{self.org}" + text[4:]
        return super().request(method, text, *args, **kwargs)


@pytest.fixture()
def org_client(app_client: TestClient) -> Iterator[OrgClient]:
    """An analyst's client in a new, empty organisation."""
    slug, email = new_org(app_client)
    web = OrgClient(app_client.app, base_url="http://testserver")
    web.org = slug
    web.base = f"/o/{slug}/analyse"
    log_in(web, email)
    with app_database(app_client).public() as session:
        user = users.by_email(session, email)
        assert user is not None
        web.token = sessions.create_api_token(session, user, "tests")
    yield web
    web.close()


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    """An empty, migrated SQLite store in a throw-away data folder, which the CLI commands
    of the test find through VERZUIM_DATA_DIR (test files may define their own)."""
    from verzuim.store.migrate import upgrade

    monkeypatch.setenv("VERZUIM_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("VERZUIM_DATABASE_URL", raising=False)
    url = f"sqlite:///{tmp_path / 'verzuim.sqlite3'}"
    upgrade(url)
    return Database(url)
