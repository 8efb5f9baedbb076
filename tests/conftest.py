"""Shared test settings: a throw-away store, and a marker on the browser tests."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator

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

from verzuim.web.app import create_app  # noqa: E402 - after the store is pointed elsewhere


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
def app_client() -> Iterator[TestClient]:
    """One app per test process, called in-process (no network, no server)."""
    with TestClient(create_app(), headers={"X-CSRF-Token": CSRF_TOKEN}) as test_client:
        reset_cookies(test_client)
        yield test_client


@pytest.fixture()
def client(app_client: TestClient) -> Iterator[TestClient]:
    """The shared client with no cookies, so a language chosen in one test stays there."""
    reset_cookies(app_client)
    yield app_client
    reset_cookies(app_client)
