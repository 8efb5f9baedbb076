"""Properties of the engine over generated profiles (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verzuim.advice import advice_for, parse_profile
from verzuim.advice.measures import ENVIRONMENT, INDIVIDUAL
from verzuim.advice.profile import allowed_measures, allowed_professionals, allowed_risks
from verzuim.knowledge import load

KB = load()
SECTORS = [s.letter for s in KB.vocab.sbi_sections]
RISKS = allowed_risks(KB)
MEASURES = allowed_measures(KB)
PROFESSIONALS = allowed_professionals(KB)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    share = st.none() | st.floats(min_value=0, max_value=1, allow_nan=False)
    return {
        "sector": draw(st.sampled_from(SECTORS)),
        "size_class": draw(st.sampled_from([None, "1-10", "10-100", "100+"])),
        "share_practical": draw(share),
        "share_home_work": draw(share),
        "concern": draw(st.sampled_from(["physical", "mental", "general", "unknown"])),
        "risks": draw(st.lists(st.sampled_from(RISKS), unique=True, max_size=5)),
        "workers_at_risk": draw(st.booleans()),
        "measures_in_place": draw(st.lists(st.sampled_from(MEASURES), unique=True, max_size=6)),
        "professionals_available": draw(
            st.lists(st.sampled_from(PROFESSIONALS), unique=True, max_size=4)
        ),
    }


def _kb_levels(data: dict[str, Any]) -> tuple[bool, bool]:
    """Does the knowledge base hold an individual / environmental measure for the concern?"""
    in_place = set(data["measures_in_place"])
    concern = data["concern"]
    levels = [
        p.level
        for p in KB.practices
        if p.id not in in_place and (concern == "unknown" or p.absence_type == concern)
    ]
    levels += [
        s.level
        for s in KB.statements
        if s.id not in in_place and (concern == "unknown" or concern in s.absence_types)
    ]
    return any(lv in INDIVIDUAL for lv in levels), any(lv in ENVIRONMENT for lv in levels)


@SETTINGS
@given(profiles())
def test_package_combines_individual_and_environment(data: dict[str, Any]) -> None:
    advice = advice_for(parse_profile(data))
    has_individual, has_environment = _kb_levels(data)
    levels = {m.level for m in advice.measures}
    if has_individual:
        assert levels & INDIVIDUAL, (data, levels)
    if has_environment:
        assert levels & ENVIRONMENT, (data, levels)


@SETTINGS
@given(profiles(), st.sampled_from(RISKS))
def test_adding_a_risk_never_removes_professionals(data: dict[str, Any], extra: str) -> None:
    before = advice_for(parse_profile(data))
    after = advice_for(parse_profile({**data, "risks": [*data["risks"], extra]}))
    after_ids = {p.id for p in after.professionals}
    assert {p.id for p in before.professionals} <= after_ids
    for risk in data["risks"]:
        had = {p.id for p in before.professionals if risk in p.for_risks}
        has = {p.id for p in after.professionals if risk in p.for_risks}
        assert had <= has, (risk, had - has)


@SETTINGS
@given(profiles())
def test_every_measure_cites_a_source(data: dict[str, Any]) -> None:
    advice = advice_for(parse_profile(data))
    listed = {s.id for s in advice.sources}
    for m in advice.measures + advice.more_measures:
        assert m.source.id and m.source.citation
        assert m.source.id in listed
        assert m.evidence_label.nl and m.evidence_label.en


@SETTINGS
@given(profiles())
def test_identical_input_identical_output(data: dict[str, Any]) -> None:
    first = advice_for(parse_profile(data)).model_dump_json()
    assert advice_for(parse_profile(dict(data))).model_dump_json() == first
    shuffled = {**data, "risks": list(reversed(data["risks"]))}
    assert advice_for(parse_profile(shuffled)).model_dump_json() == first


@SETTINGS
@given(profiles())
def test_in_place_measures_never_come_back(data: dict[str, Any]) -> None:
    advice = advice_for(parse_profile(data))
    shown = {m.id for m in advice.measures + advice.more_measures}
    assert not shown & set(data["measures_in_place"])


@SETTINGS
@given(profiles())
def test_no_practice_based_measure_carries_a_review_reason(data: dict[str, Any]) -> None:
    """Practice evidence never borrows review evidence (issue 11): every reason on a
    practice-based measure, and the package rule that added it, has basis "fit"."""
    advice = advice_for(parse_profile(data))
    for m in advice.measures + advice.more_measures:
        if m.evidence == "practice_based":
            reasons = m.reasons + ([m.added_by] if m.added_by else [])
            assert all(r.basis == "fit" for r in reasons), (m.id, [r.rule for r in reasons])


@SETTINGS
@given(profiles())
def test_every_review_conclusion_in_a_package_shows_its_named_interventions(
    data: dict[str, Any],
) -> None:
    advice = advice_for(parse_profile(data))
    for m in advice.measures + advice.more_measures:
        if m.kind != "statement":
            assert m.interventions == []
            continue
        named = KB.get(m.id).interventions  # type: ignore[union-attr]
        assert named and [i.text for i in m.interventions] == list(named)
        assert all(i.url == f"/maatregelen/{m.id}" for i in m.interventions)


@SETTINGS
@given(profiles())
def test_page_one_holds_three_to_five_package_measures(data: dict[str, Any]) -> None:
    advice = advice_for(parse_profile(data))
    package = [m.id for m in advice.measures]
    assert set(advice.start.measures) <= set(package)
    assert min(3, len(package)) <= len(advice.start.measures) <= 5
    reviews = [m.id for m in advice.measures if m.evidence == "review_based"]
    if reviews:
        assert set(reviews) & set(advice.start.measures)
