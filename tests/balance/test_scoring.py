"""Scoring exactly as issue 9 states it, with hand-computed fixtures and a property test."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.balance.test_instrument import SECOND
from verzuim.balance.instrument import parse_instrument
from verzuim.balance.scoring import Scorer, group_score, rescale
from verzuim.balance.suppression import suppress

FIVE = """
id: five
version: "1"
name: {nl: "Vijf", en: "Five"}
validated: false
status: {nl: "Test.", en: "Test."}
scales:
  agree: {min: 1, max: 5}
  grade: {min: 0, max: 10}
groups:
  load: {nl: "B", en: "L"}
  capacity: {nl: "C", en: "C"}
dimensions:
  - {id: pace, group: load, name: {nl: "Tempo", en: "Pace"}}
  - {id: ability, group: capacity, name: {nl: "Vermogen", en: "Ability"}}
questions:
  - {id: p1, dimension: pace, scale: agree, text: {nl: "a", en: "a"}}
  - {id: p2, dimension: pace, scale: agree, reversed: true, text: {nl: "b", en: "b"}}
  - {id: a1, dimension: ability, scale: grade, text: {nl: "c", en: "c"}}
"""


@pytest.fixture()
def scorer() -> Scorer:
    return Scorer(parse_instrument(FIVE, "five"))


def test_rescaling_by_hand() -> None:
    assert [rescale(v, 1, 5, False) for v in (1, 2, 3, 4, 5)] == [0, 25, 50, 75, 100]
    assert [rescale(v, 1, 5, True) for v in (1, 2, 3, 4, 5)] == [100, 75, 50, 25, 0]
    assert rescale(7, 0, 10, False) == pytest.approx(70)
    assert rescale(3, 0, 4, True) == pytest.approx(25)


def test_a_respondent_with_a_reversed_item(scorer: Scorer) -> None:
    # p1 = 4 -> 75; p2 = 2 reversed -> 100 - 25 = 75; pace = 75. a1 = 6 -> 60.
    assert scorer.respondent({"p1": 4, "p2": 2, "a1": 6}) == {"pace": 75.0, "ability": 60.0}
    # p1 = 5 -> 100; p2 = 5 reversed -> 0; mean 50.
    assert scorer.respondent({"p1": 5, "p2": 5}) == {"pace": 50.0}


def test_skipped_items_do_not_count(scorer: Scorer) -> None:
    # Only p1 answered in pace: 3 -> 50; ability skipped (None) so absent.
    assert scorer.respondent({"p1": 3, "p2": None, "a1": None}) == {"pace": 50.0}


def test_unit_mean_over_respondents_who_answered_the_dimension(scorer: Scorer) -> None:
    respondents = [
        {"p1": 5, "p2": 1, "a1": 10},  # pace (100 + 100) / 2 = 100, ability 100
        {"p1": 1, "p2": 5, "a1": 0},  # pace (0 + 0) / 2 = 0, ability 0
        {"p1": 3},  # pace 50, ability not answered
        {"a1": 5},  # ability 50, pace not answered
        {},  # skipped everything: counts for nothing
    ]
    scores = scorer.unit(respondents)
    assert scores["pace"] == pytest.approx((100 + 0 + 50) / 3)
    assert scores["ability"] == pytest.approx((100 + 0 + 50) / 3)
    assert scorer.unit([{}]) == {"pace": None, "ability": None}
    assert group_score({"pace": 40.0, "x": None}, ["pace", "x"]) == 40.0


def test_suppression_by_hand() -> None:
    # B has 4: small. Hidden = 4, so the smallest shown (C, 5) goes too: hidden 9 >= 5.
    assert suppress({"A": 12, "B": 4, "C": 5, "D": 7}) == {"B": "small", "C": "complementary"}
    # Nothing small: nothing hidden.
    assert suppress({"A": 5, "B": 6}) == {}
    # Two small units hide 2 + 3 = 5 together: no complementary needed.
    assert suppress({"A": 2, "B": 3, "C": 8}) == {"A": "small", "B": "small"}
    # A unit without responses hides nothing (0 is not derivable information).
    assert suppress({"A": 0, "B": 9}) == {"A": "small"}
    # Ties go to the first name.
    assert suppress({"A": 1, "C": 6, "B": 6}) == {"A": "small", "B": "complementary"}
    # Hidden stays under 5 only when everything is hidden.
    assert suppress({"A": 1, "B": 2}) == {"A": "small", "B": "small"}


values = st.one_of(st.none(), st.integers(min_value=0, max_value=4))
respondent = st.fixed_dictionaries({}, optional={"d1": values, "v1": values})


@settings(max_examples=200, deadline=None)
@given(st.lists(respondent, min_size=1, max_size=30))
def test_unit_score_is_the_mean_of_its_respondents(people: list[dict[str, int | None]]) -> None:
    scorer = Scorer(parse_instrument(SECOND, "second"))
    unit = scorer.unit(people)
    for dim in ("demands", "vigour"):
        own = [s[dim] for p in people if dim in (s := scorer.respondent(p))]
        if own:
            assert unit[dim] == pytest.approx(sum(own) / len(own))
            assert 0.0 <= unit[dim] <= 100.0  # type: ignore[operator]
        else:
            assert unit[dim] is None


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from("ABCDEFGH"), st.integers(0, 12), min_size=1))
def test_no_hidden_unit_can_be_derived_from_the_total(counts: dict[str, int]) -> None:
    hidden = suppress(counts)
    assert all(g in hidden for g, n in counts.items() if n < 5)
    together = sum(counts[g] for g in hidden)
    assert together == 0 or together >= 5 or len(hidden) == len(counts)


def _by_hand(instrument_text: str, people: list[dict[str, int | None]]) -> dict[str, float | None]:
    """The issue's formula written out in plain Python, as the oracle of the numpy path."""
    instrument = parse_instrument(instrument_text, "oracle")
    per_dimension: dict[str, list[float]] = {d.id: [] for d in instrument.dimensions}
    for answers in people:
        mine: dict[str, list[float]] = {}
        for q in instrument.questions:
            value = answers.get(q.id)
            if value is not None:
                scale = instrument.scale_of(q)
                mine.setdefault(q.dimension, []).append(
                    rescale(value, scale.min, scale.max, q.reversed)
                )
        for dim, found in mine.items():
            per_dimension[dim].append(sum(found) / len(found))
    return {d: (sum(v) / len(v) if v else None) for d, v in per_dimension.items()}


five_values = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
five_person = st.fixed_dictionaries(
    {}, optional={"p1": five_values, "p2": five_values, "a1": st.integers(0, 10)}
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ABC"), five_person), max_size=40))
def test_round_results_match_the_formula_by_hand(
    rows: list[tuple[str, dict[str, int | None]]],
) -> None:
    from verzuim.balance.results import _round_units

    instrument = parse_instrument(FIVE, "five")
    units, total, items = _round_units(instrument, ["A", "B", "C"], list(rows), lambda _u: True)
    for u in units:
        if u.suppressed is None:
            expected = _by_hand(FIVE, [a for unit, a in rows if unit == u.unit])
            assert u.scores == pytest.approx(expected)
    if total.suppressed is None:
        assert total.scores == pytest.approx(_by_hand(FIVE, [a for _u, a in rows]))
    shown = [a for unit, a in rows if unit in {u.unit for u in units if u.suppressed is None}]
    for item in items:
        answered = [a[item.question] for a in shown if a.get(item.question) is not None]
        assert item.counts == {v: answered.count(v) for v in item.counts}
        assert item.skipped == len(shown) - len(answered)
