"""Web fixtures for the analytics tests: one app, and a fresh store directory per test."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    # starlette's TestClient warns on import that it prefers the httpx2 package.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from verzuim.web.app import create_app


@pytest.fixture(scope="session")
def analytics_app() -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture()
def web(
    analytics_app: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    """The client with its own empty store (VERZUIM_DATA_DIR in a temporary directory)."""
    monkeypatch.setenv("VERZUIM_DATA_DIR", str(tmp_path / "store"))
    analytics_app.cookies.clear()
    yield analytics_app
    analytics_app.cookies.clear()
