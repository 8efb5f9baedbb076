"""Shared test settings: a throw-away store, and a marker on the browser tests."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest

# Nothing a test does may write to the user's real store (~/.local/share/verzuim): every
# process of the run (pytest-xdist workers included) gets a throw-away data directory.
os.environ["VERZUIM_DATA_DIR"] = tempfile.mkdtemp(prefix="verzuim-test-")
atexit.register(shutil.rmtree, os.environ["VERZUIM_DATA_DIR"], ignore_errors=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
