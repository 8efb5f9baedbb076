"""Web fixtures for the analytics tests: an analyst logged in to a fresh organisation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import OrgClient


@pytest.fixture()
def web(org_client: OrgClient) -> Iterator[OrgClient]:
    """The analysis pages of a new, empty organisation (see ``OrgClient``)."""
    yield org_client
