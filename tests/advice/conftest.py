"""Fixtures for the advice tests: the bundled knowledge base, the rules and the golden profiles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from verzuim.advice.rules import Rules, load_rules
from verzuim.knowledge import KnowledgeBase, load

PROFILES = Path(__file__).parent / "profiles"


def golden_files() -> list[Path]:
    return sorted(PROFILES.glob("*.yaml"))


def read_golden(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load()


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()
