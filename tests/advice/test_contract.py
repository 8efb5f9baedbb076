"""The JSON advice contract of issue 4 (batch users and our checks rely on it)."""

from __future__ import annotations

import json

from verzuim.advice import advice_for, advice_json, parse_profile
from verzuim.advice.render import to_json

PROFILE = {
    "sector": "Q",
    "size_class": "100+",
    "share_practical": 0.7,
    "share_home_work": 0.0,
    "concern": "physical",
    "risks": ["physical_load", "psychosocial_load", "hazardous_substances"],
    "workers_at_risk": True,
    "measures_in_place": [],
    "professionals_available": ["bedrijfsarts"],
}


def test_top_level_keys() -> None:
    data = advice_json(advice_for(parse_profile(PROFILE)))
    assert {"measures", "professionals", "conditions", "gaps", "benchmark"} <= set(data)


def test_measure_fields() -> None:
    data = advice_json(advice_for(parse_profile(PROFILE)))
    assert data["measures"]
    for m in data["measures"]:
        assert {"id", "title", "evidence", "level", "score", "reasons"} <= set(m)
        assert set(m["title"]) == {"nl", "en"}
        assert m["evidence"] in ("practice_based", "review_based")
        assert m["level"] in ("individual", "environment", "both")
        assert isinstance(m["score"], int | float)
        assert isinstance(m["reasons"], list) and m["reasons"]


def test_professional_fields() -> None:
    data = advice_json(advice_for(parse_profile(PROFILE)))
    assert data["professionals"]
    for p in data["professionals"]:
        assert {"id", "name", "core_expert", "for_risks", "available"} <= set(p)
        assert set(p["name"]) == {"nl", "en"}
        assert isinstance(p["core_expert"], bool) and isinstance(p["available"], bool)
        assert isinstance(p["for_risks"], list)


def test_json_text_is_the_same_document() -> None:
    advice = advice_for(parse_profile(PROFILE))
    assert json.loads(to_json(advice)) == advice_json(advice)
