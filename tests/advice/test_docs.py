"""docs/advice.md documents the contract and every rule of rules.yaml."""

from __future__ import annotations

import re
from pathlib import Path

from verzuim.advice.profile import Profile
from verzuim.advice.rules import Rules

DOC = Path(__file__).resolve().parents[2] / "docs" / "advice.md"


def test_every_rule_id_is_documented(rules: Rules) -> None:
    text = DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z][a-z0-9-]+)`", text))
    missing = [rule_id for rule_id in rules.all_ids() if rule_id not in documented]
    assert not missing, f"rules not documented in docs/advice.md: {missing}"


def test_contract_keys_are_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for key in Profile.model_fields:
        assert f"`{key}`" in text, key
    for key in ("measures", "professionals", "conditions", "gaps", "benchmark", "reasons"):
        assert f"`{key}`" in text, key
