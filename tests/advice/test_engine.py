"""The engine: deterministic, explained, honest about evidence, and true to rules.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from verzuim.advice import advice_for, parse_profile
from verzuim.advice.engine import advise, check_rules
from verzuim.advice.rules import Rules, RulesError, load_rules_from
from verzuim.knowledge import KnowledgeBase

BUSY = {
    "sector": "C",
    "size_class": "100+",
    "share_practical": 0.8,
    "concern": "physical",
    "risks": ["physical_load", "safety", "noise"],
    "workers_at_risk": True,
}


def test_rules_use_only_codes_the_knowledge_base_knows(rules: Rules, kb: KnowledgeBase) -> None:
    assert check_rules(rules, kb) == []


def test_rule_kinds_have_their_parameters(rules: Rules) -> None:
    for rule in rules.measure_rules:
        if rule.kind == "risk":
            # a risk rule needs something to match on: categories, terms or both
            assert rule.risk and (rule.categories or rule.terms), rule.id
        if rule.kind == "worker_type":
            assert rule.workforce and rule.worker_types, rule.id


def test_rules_file_errors_name_the_field(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("version: x\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"rules\.yaml, field 'thresholds'"):
        load_rules_from(path)


def test_same_input_same_output(kb: KnowledgeBase, rules: Rules) -> None:
    profile = parse_profile(BUSY)
    assert advise(profile, kb, rules) == advise(profile, kb, rules)
    assert advise(profile, kb, rules).model_dump_json() == advice_for(profile).model_dump_json()


def test_score_is_the_sum_of_the_reasons() -> None:
    advice = advice_for(parse_profile(BUSY))
    for m in advice.measures + advice.more_measures:
        assert m.score == pytest.approx(sum(r.weight for r in m.reasons))
        assert m.reasons, m.id
        for r in m.reasons:
            assert r.section and r.explain.nl and r.explain.en


def test_package_is_ranked() -> None:
    scores = [m.score for m in advice_for(parse_profile(BUSY)).measures]
    assert scores == sorted(scores, reverse=True)


def test_practice_based_is_never_presented_as_proven() -> None:
    advice = advice_for(parse_profile(BUSY))
    for m in advice.measures + advice.more_measures:
        if m.evidence == "practice_based":
            assert "niet bewezen" in m.evidence_label.nl
            assert "not proven" in m.evidence_label.en
            caveats = {c.id for c in m.caveats}
            assert {"caveat-practice-based", "caveat-not-evaluated"} <= caveats
        else:
            assert m.kind == "statement"
            assert {"caveat-indicative", "caveat-weak"} & {c.id for c in m.caveats}


def test_caveats_for_other_sector_and_country() -> None:
    advice = advice_for(parse_profile(BUSY))
    for m in advice.measures:
        ids = {c.id for c in m.caveats}
        if m.kind == "practice":
            assert ("caveat-other-sector" in ids) == (m.sector_sbi != "C")
            assert ("caveat-other-country" in ids) == (m.country != "NL")


def test_workers_at_risk_bring_targeted_measures() -> None:
    advice = advice_for(parse_profile({**BUSY, "concern": "unknown"}))
    ids = [m.id for m in advice.measures]
    assert "es-workers-at-risk" in ids
    assert any(
        "preventive_consultation" in m.categories for m in advice.measures if m.kind == "practice"
    )
    without = advice_for(parse_profile({**BUSY, "workers_at_risk": False}))
    assert "es-workers-at-risk" not in [m.id for m in without.measures]


def test_physical_concern_brings_exercise() -> None:
    ids = [m.id for m in advice_for(parse_profile({"sector": "K", "concern": "physical"})).measures]
    assert "es-physical-exercise" in ids


def test_measures_in_place_are_skipped_and_said_so() -> None:
    first = advice_for(parse_profile(BUSY)).measures[0].id
    advice = advice_for(parse_profile({**BUSY, "measures_in_place": [first]}))
    assert first not in [m.id for m in advice.measures + advice.more_measures]
    assert [s.id for s in advice.skipped] == [first]


def test_home_work_brings_a_home_work_practice_and_gaps() -> None:
    advice = advice_for(parse_profile({"sector": "K", "share_home_work": 0.6, "concern": "mental"}))
    assert any(m.home_work for m in advice.measures)
    assert "gap-home-work-science" in [g.id for g in advice.gaps]
    office = advice_for(parse_profile({"sector": "K", "share_home_work": 0.1, "concern": "mental"}))
    assert not any(g.id.startswith("gap-home-work") for g in office.gaps)


def test_professionals_per_risk_as_the_report_names_them() -> None:
    expected = {
        "hazardous_substances": {"arbeidshygienist", "bedrijfsarts"},
        "psychosocial_load": {"a-o-deskundige"},
        "safety": {"veiligheidsdeskundige"},
        "physical_load": {"ergonoom"},
        "screen_work": {"ergonoom"},
        "private_strain": {"budgetcoach"},
    }
    for risk, actors in expected.items():
        advice = advice_for(parse_profile({"sector": "C", "risks": [risk]}))
        got = {p.id for p in advice.professionals if risk in p.for_risks}
        assert actors <= got, risk


def test_core_experts_marked_and_missing_ones_pointed_out() -> None:
    advice = advice_for(
        parse_profile(
            {
                "sector": "C",
                "risks": ["hazardous_substances"],
                "professionals_available": ["bedrijfsarts"],
            }
        )
    )
    pros = {p.id: p for p in advice.professionals}
    assert pros["arbeidshygienist"].core_expert and not pros["arbeidshygienist"].available
    assert pros["bedrijfsarts"].core_expert and pros["bedrijfsarts"].available
    entry = next(r for r in advice.professionals_by_risk if r.risk == "hazardous_substances")
    assert "arbeidshygienist" in entry.missing and "bedrijfsarts" not in entry.missing
    assert not any(p.id in ("werkgever", "werknemer") for p in advice.professionals)


def test_conditions_hold_com_b_both_sides_and_costs() -> None:
    advice = advice_for(parse_profile({"sector": "C"}))
    conditions = [c for c in advice.conditions if c.kind == "condition"]
    assert {c.com_b for c in conditions} >= {"capability", "opportunity"}
    assert {c.perspective for c in conditions} >= {"employer", "employee"}
    assert any(c.kind == "motivator" for c in advice.conditions)
    assert any(c.kind == "cost_figure" for c in advice.conditions)


def test_benchmark_for_sector_and_size_class() -> None:
    b = advice_for(parse_profile({"sector": "F", "size_class": "1-10"})).benchmark
    assert b.sector is not None and b.sector.label.startswith("F ")
    assert b.size_class is not None and b.size_class.key == "WP19078"
    assert b.total is not None
    assert "80072ned" in b.source
    assert advice_for(parse_profile({"sector": "F"})).benchmark.size_class is None


def test_every_source_is_listed_once() -> None:
    advice = advice_for(parse_profile(BUSY))
    ids = [s.id for s in advice.sources]
    assert len(ids) == len(set(ids))
    for m in advice.measures + advice.more_measures:
        assert m.source.id in ids
    assert "rivm-2025-0080" in ids and "cbs-80072ned" in ids


def test_a_risk_without_a_named_professional_gets_a_note(kb: KnowledgeBase) -> None:
    advice = advice_for(parse_profile({"sector": "C", "risks": ["noise"]}))
    assert not advice.notes or all(n.nl for n in advice.notes)
    empty = advice_for(parse_profile({"sector": "C"}))
    assert any("RI&E" in n.nl for n in empty.notes)


def test_profile_independent_work_is_done_once(rules: Rules, kb: KnowledgeBase) -> None:
    """What keeps an advice within its 20 ms budget: the candidates and the risk coverage
    are worked out once per knowledge base and rules, not per profile. The budget itself is
    measured by bench/advice_bench.py (docs/performance.md): the project keeps timed
    assertions out of tests, which fail on a busy shared machine, not on slow code."""
    from verzuim.advice import measures

    cands = measures.candidates(kb)
    assert measures.candidates(kb) is cands
    covered = measures.risks_with_practice(cands, rules)
    assert measures.risks_with_practice(cands, rules) is covered
    assert "hazardous_substances" not in covered and "physical_load" in covered
