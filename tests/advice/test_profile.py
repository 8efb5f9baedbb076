"""The profile contract: keys, allowed values, clear errors, and the three ways in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verzuim.advice.profile import (
    Profile,
    ProfileError,
    load_profile,
    parse_profile,
    profile_from_query,
)

CONTRACT_KEYS = {
    "sector",
    "size_class",
    "share_practical",
    "share_home_work",
    "concern",
    "risks",
    "workers_at_risk",
    "measures_in_place",
    "professionals_available",
}
CONTRACT_RISKS = {
    "physical_load",
    "psychosocial_load",
    "hazardous_substances",
    "safety",
    "shift_work",
    "ageing_workforce",
    "noise",
    "screen_work",
    "private_strain",
    "conflict_culture",
}


def test_profile_has_exactly_the_contract_keys() -> None:
    assert set(Profile.model_fields) == CONTRACT_KEYS


def test_only_sector_is_required() -> None:
    profile = parse_profile({"sector": "f"})
    assert profile.sector == "F"
    assert profile.concern == "unknown"
    assert profile.risks == ()
    with pytest.raises(ProfileError, match="sector"):
        parse_profile({})


def test_every_contract_risk_is_accepted() -> None:
    assert (
        set(parse_profile({"sector": "C", "risks": sorted(CONTRACT_RISKS)}).risks) == CONTRACT_RISKS
    )


@pytest.mark.parametrize(
    ("data", "field", "allowed"),
    [
        ({"sector": "Z"}, "sector", "F (Bouwnijverheid)"),
        ({"sector": "F", "risks": ["stress"]}, "risks", "psychosocial_load"),
        (
            {"sector": "F", "professionals_available": ["dokter"]},
            "professionals_available",
            "bedrijfsarts",
        ),
        ({"sector": "F", "measures_in_place": ["gp-x"]}, "measures_in_place", "es-multi-level"),
        ({"sector": "F", "concern": "back"}, "concern", "physical"),
        ({"sector": "F", "size_class": "50"}, "size_class", "10-100"),
        ({"sector": "F", "colour": "red"}, "colour", "share_home_work"),
    ],
)
def test_bad_values_list_the_allowed_ones(
    data: dict[str, object], field: str, allowed: str
) -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile(data)
    message = str(caught.value)
    assert message.startswith(field)
    assert allowed in message


def test_shares_are_between_0_and_1() -> None:
    with pytest.raises(ProfileError, match="share_practical"):
        parse_profile({"sector": "F", "share_practical": 1.5})


def test_all_problems_are_reported_at_once() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile({"sector": "Z", "risks": ["x"], "concern": "y"})
    assert len(caught.value.problems) == 3


def test_order_and_duplicates_of_codes_do_not_matter() -> None:
    a = parse_profile({"sector": "F", "risks": ["noise", "safety", "noise"]})
    b = parse_profile({"sector": "F", "risks": ["safety", "noise"]})
    assert a == b
    assert a.risks == ("safety", "noise")  # vocabulary order


def test_load_yaml_and_json(tmp_path: Path) -> None:
    yml = tmp_path / "p.yaml"
    yml.write_text("sector: Q\nrisks: [physical_load]\nworkers_at_risk: true\n", encoding="utf-8")
    js = tmp_path / "p.json"
    js.write_text(json.dumps({"sector": "Q", "risks": ["physical_load"], "workers_at_risk": True}))
    assert load_profile(yml) == load_profile(js)


def test_load_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read"):
        load_profile(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(ProfileError, match="not valid"):
        load_profile(broken)
    listing = tmp_path / "list.yaml"
    listing.write_text("- sector: F\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="mapping"):
        load_profile(listing)


def test_query_parameters_as_the_analytics_signals_send_them() -> None:
    items = [
        ("sector", "G"),
        ("concern", "mental"),
        ("risks", "psychosocial_load"),
        ("risks", "conflict_culture"),
        ("lang", "en"),
        ("step", "3"),
    ]
    profile = profile_from_query(items)
    assert profile.risks == ("psychosocial_load", "conflict_culture")
    assert profile.concern == "mental"


def test_wizard_fields_percentages_and_empty_answers() -> None:
    items = [
        ("sector", "F"),
        ("share_practical_pct", "80"),
        ("share_home_work", "25%"),
        ("size_class", ""),
        ("workers_at_risk", "true"),
        ("risks", "safety,noise"),
    ]
    profile = profile_from_query(items)
    assert profile.share_practical == pytest.approx(0.8)
    assert profile.share_home_work == pytest.approx(0.25)
    assert profile.size_class is None
    assert profile.workers_at_risk is True
    assert profile.risks == ("safety", "noise")


def test_query_without_sector_says_so() -> None:
    with pytest.raises(ProfileError, match="sector: required"):
        profile_from_query([("risks", "noise")])


def test_query_items_round_trip() -> None:
    profile = parse_profile(
        {
            "sector": "J",
            "size_class": "10-100",
            "share_practical": 0.1,
            "share_home_work": 0.7,
            "concern": "mental",
            "risks": ["screen_work"],
            "workers_at_risk": True,
            "measures_in_place": ["gp-b12-01"],
            "professionals_available": ["ergonoom"],
        }
    )
    assert profile_from_query(profile.query_items()) == profile
