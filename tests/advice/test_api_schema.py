"""The advice API's OpenAPI document says what the profile accepts: the knowledge base's codes,
in every form the validators read them (and nothing they refuse)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from verzuim.advice.profile import (
    Profile,
    ProfileError,
    allowed_measures,
    allowed_professionals,
    allowed_risks,
    allowed_sectors,
    parse_profile,
)
from verzuim.knowledge import KnowledgeBase, load

LISTS = {
    "risks": allowed_risks,
    "measures_in_place": allowed_measures,
    "professionals_available": allowed_professionals,
}


def _accepted(data: dict[str, Any]) -> bool:
    try:
        parse_profile(data)
    except ProfileError:
        return False
    return True


def _matches(schema: dict[str, Any], value: str) -> bool:
    """Whether a string fits one of the schema's string branches (enum or pattern)."""
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") != "string":
            continue
        if "enum" in branch and value in branch["enum"]:
            return True
        if "pattern" in branch and re.search(branch["pattern"], value):
            return True
    return False


@pytest.fixture(scope="module")
def openapi(app_client: TestClient) -> dict[str, Any]:
    document: dict[str, Any] = app_client.get("/api/openapi.json").json()
    return document


def test_body_schema_lists_the_knowledge_base_codes(
    openapi: dict[str, Any], kb: KnowledgeBase
) -> None:
    body = openapi["paths"]["/api/advies"]["post"]["requestBody"]["content"]["application/json"]
    name = body["schema"]["$ref"].rsplit("/", 1)[1]
    properties = openapi["components"]["schemas"][name]["properties"]
    assert properties["sector"]["anyOf"][0]["enum"] == list(allowed_sectors(kb))
    for key, allowed in LISTS.items():
        array, text, null = properties[key]["anyOf"]
        assert array["items"]["enum"] == [*allowed(kb), ""], key
        assert text["type"] == "string" and "pattern" in text
        assert null == {"type": "null"}
    assert properties["workers_at_risk"]["type"] == "boolean"


def test_query_schema_lists_the_knowledge_base_codes(
    openapi: dict[str, Any], kb: KnowledgeBase
) -> None:
    params = {p["name"]: p["schema"] for p in openapi["paths"]["/api/advies"]["get"]["parameters"]}
    assert params["sector"]["anyOf"][0]["enum"] == list(allowed_sectors(kb))
    for key, allowed in LISTS.items():
        array = params[key]["anyOf"][0]
        assert array["items"]["enum"] == list(allowed(kb)), key
        assert array["items"]["minLength"] == 1


SECTOR = Profile.model_json_schema()["properties"]["sector"]
RISKS_TEXT = Profile.model_json_schema()["properties"]["risks"]["anyOf"][1]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="AFSTZafstz \t\n", max_size=4))
def test_sector_schema_matches_what_is_accepted(value: str) -> None:
    assert _matches(SECTOR, value) == _accepted({"sector": value})


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from([*allowed_risks(load()), "", " ", "\t", ",", "x", "noise_", "Noise"]),
        max_size=6,
    )
)
def test_comma_separated_codes_schema_matches_what_is_accepted(tokens: list[str]) -> None:
    value = "".join(tokens)
    assert bool(re.search(RISKS_TEXT["pattern"], value)) == _accepted(
        {"sector": "F", "risks": value}
    )


def test_every_documented_form_of_a_profile_is_accepted(client: TestClient) -> None:
    reference = client.post("/api/advies", json={"sector": "F", "risks": ["noise", "safety"]})
    assert reference.status_code == 200
    for body in (
        {"sector": "f", "risks": ["safety", "noise", "noise"]},
        {"sector": " F ", "risks": "noise, safety"},
        {"sector": "F", "risks": ["noise", "", "safety"], "measures_in_place": None},
        {"sector": "F", "risks": ["noise", "safety"], "share_practical": None},
    ):
        response = client.post("/api/advies", json=body)
        assert response.status_code == 200, (body, response.text)
        assert response.json()["measures"] == reference.json()["measures"]
    got = client.get("/api/advies", params=[("sector", "f"), ("risks", "noise")])
    assert got.status_code == 200 and got.json()["profile"]["sector"] == "F"


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"sector": "F", "share_practical": "0.5"}, "share_practical"),
        ({"sector": "F", "workers_at_risk": 1}, "workers_at_risk"),
        ({"sector": "F", "workers_at_risk": "true"}, "workers_at_risk"),
        ({"sector": "F", "risks": {"noise": True}}, "risks"),
        ({"sector": ""}, "sector"),
    ],
)
def test_values_of_another_type_are_refused_with_422(
    client: TestClient, body: dict[str, Any], where: str
) -> None:
    response = client.post("/api/advies", json=body)
    assert response.status_code == 422, response.text
    assert where in response.json()["message"]


def test_a_whole_number_is_a_number(client: TestClient) -> None:
    response = client.post("/api/advies", json={"sector": "F", "share_practical": 1})
    assert response.status_code == 200
    assert response.json()["profile"]["share_practical"] == 1.0


def test_an_empty_list_value_in_the_query_is_refused_with_422(client: TestClient) -> None:
    response = client.get("/api/advies", params=[("sector", "F"), ("risks", "")])
    assert response.status_code == 422
    assert "risks" in response.json()["message"]
