"""Web fixtures for the analytics tests: one app, and a fresh store directory per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import reset_cookies


@pytest.fixture()
def web(
    app_client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    """The client with its own empty store (VERZUIM_DATA_DIR in a temporary directory)."""
    monkeypatch.setenv("VERZUIM_DATA_DIR", str(tmp_path / "store"))
    reset_cookies(app_client)
    yield app_client
    reset_cookies(app_client)
