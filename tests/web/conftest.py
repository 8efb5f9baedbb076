"""One app and one in-process client for the web tests (no network, no server)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    # starlette's TestClient warns on import that it prefers the httpx2 package.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from verzuim.web.app import create_app


@pytest.fixture(scope="session")
def app_client() -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture()
def client(app_client: TestClient) -> Iterator[TestClient]:
    """The shared client with no cookies, so a language chosen in one test stays there."""
    app_client.cookies.clear()
    yield app_client
    app_client.cookies.clear()
