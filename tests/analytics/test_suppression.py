"""Complementary suppression, computed by hand (reference: "Small groups")."""

from __future__ import annotations

import json

from tests.analytics.helpers import EmpRow, SpellRow, fillers, period, results
from verzuim.analytics.suppression import suppress, unit_parents


def flat(counts: dict[str, int], total: int | None = None) -> dict[str, str]:
    return dict(suppress(counts, dict.fromkeys(counts), total))


def test_nothing_small_nothing_hidden() -> None:
    assert flat({"A": 5, "B": 9}) == {}


def test_small_sibling_takes_the_smallest_shown_one_with_it() -> None:
    # A has 3 (< 5): hidden together 3, 1..4 -> hide the smallest shown, C (6): 3 + 6 = 9.
    assert flat({"A": 3, "B": 10, "C": 6, "D": 20}) == {"A": "small", "C": "complementary"}


def test_ties_go_to_the_first_name_in_code_point_order() -> None:
    # B and C both have 7: B goes. In code-point order "Z" (U+005A) precedes "b" (U+0062),
    # although a dictionary order would put b first.
    assert flat({"A": 2, "B": 7, "C": 7, "D": 30}) == {"A": "small", "B": "complementary"}
    assert flat({"a": 2, "b": 7, "Z": 7}) == {"a": "small", "Z": "complementary"}


def test_small_siblings_that_together_reach_five_need_no_help() -> None:
    # 2 + 3 = 5 employees hidden: a difference of 5 is protected already.
    assert flat({"A": 2, "B": 3, "C": 10}) == {"A": "small", "B": "small"}


def test_everything_suppressed_when_no_other_sibling_can_help() -> None:
    # 2 hidden, the only shown sibling (8) goes too; then all are suppressed: stop.
    assert flat({"A": 2, "B": 8}) == {"A": "small", "B": "complementary"}
    assert flat({"A": 2}) == {"A": "small"}


def test_each_parent_separately_in_a_unit_tree() -> None:
    # Top: X 20, Y 30 - nothing hidden. Under X: X/a 3 hidden -> X/b (17) goes too.
    # Under Y: nothing small, nothing hidden.
    counts = {"X": 20, "X/a": 3, "X/b": 17, "Y": 30, "Y/c": 10, "Y/d": 20}
    found = suppress(counts, unit_parents(list(counts), tree=True), 50)
    assert found == {"X/a": "small", "X/b": "complementary"}


def test_children_of_a_hidden_parent_must_hide_five() -> None:
    # Top: A 3 hidden -> B (12, smaller than C 15) goes. B's children B/x 6 and B/y 6 would
    # rebuild B by addition, so under hidden B at least 5 must stay hidden: B/x (tie, first
    # name) goes; 6 >= 5, B/y is shown.
    counts = {"A": 3, "B": 12, "B/x": 6, "B/y": 6, "C": 15}
    found = suppress(counts, unit_parents(list(counts), tree=True), 30)
    assert found == {"A": "small", "B": "complementary", "B/x": "complementary"}


def test_people_in_no_child_count_as_hidden() -> None:
    # P has 12 employees, 3 of them on P itself and 9 on P/q: P - P/q gives the 3 away,
    # so P/q goes. At the top, 20 employees of whom A and B hold 18: 2 hidden -> B (8) goes.
    counts = {"P": 12, "P/q": 9}
    assert suppress(counts, unit_parents(list(counts), tree=True), 12) == {"P/q": "complementary"}
    assert flat({"A": 10, "B": 8}, total=20) == {"B": "complementary"}


def test_flat_breakdown_has_every_group_under_the_total() -> None:
    assert unit_parents(["A", "A/b"], tree=False) == {"A": None, "A/b": None}
    assert unit_parents(["A", "A/b", "A/b/c/d"], tree=True) == {
        "A": None,
        "A/b": "A",
        "A/b/c/d": "A/b",
    }


# --- through the one function that makes results ----------------------------------------

SICK: list[SpellRow] = [
    ("A0", "s1", "2024-03-01", "2024-03-10", 100, "sick"),
    ("B0", "s1", "2024-04-01", "2024-04-05", 100, "sick"),
]


def _emps() -> list[EmpRow]:
    # Units A 3, B 6, C 7 employees; nobody outside them.
    return [
        *[(f"A{i}", "A", 1.0, "2000-01-01", "") for i in range(3)],
        *[(f"B{i}", "B", 1.0, "2000-01-01", "") for i in range(6)],
        *fillers(7, "C"),
    ]


def test_compute_marks_small_and_complementary_groups() -> None:
    # Total 16 employees (shown). A (3) small; hidden 3 -> B (6, smaller than C 7) goes.
    result = results(_emps(), SICK, [period("2024-01-01", "2024-12-31")], by="unit")[0]
    groups = {g.group: g for g in result.groups}
    assert (groups["A"].suppressed, groups["A"].suppression) == (True, "small")
    assert (groups["B"].suppressed, groups["B"].suppression) == (True, "complementary")
    assert groups["B"].zvp is None and groups["B"].sick_days_weighted is None
    assert groups["B"].employees == 6
    assert not groups["C"].suppressed and groups["C"].suppression is None
    assert groups["C"].zvp == 0
    assert result.total.zvp is not None and result.total.suppression is None
    contract = json.loads(json.dumps(result.contract()))
    by_name = {g["group"]: g for g in contract["groups"]}
    assert by_name["B"]["suppressed"] is True and by_name["B"]["suppression"] == "complementary"
    assert by_name["A"]["suppression"] == "small"


def test_compute_applies_the_tree_rule_with_rollup() -> None:
    # X/A 3, X/B 6, Y 7. Top: X (9) and Y (7) are both shown. Under X: X/A small (3) ->
    # X/B goes as well.
    emps = [(e, ("X/" + u if u in "AB" else "Y"), f, s, end) for e, u, f, s, end in _emps()]
    result = results(emps, SICK, [period("2024-01-01", "2024-12-31")], by="unit", rollup=True)
    groups = {g.group: g.suppression for g in result[0].groups}
    assert groups == {"X": None, "X/A": "small", "X/B": "complementary", "Y": None}


def test_a_small_total_is_suppressed_as_small() -> None:
    emps: list[EmpRow] = fillers(3)
    result = results(emps, [], [period("2024-01-01", "2024-12-31")])[0]
    assert result.total.suppressed and result.total.suppression == "small"
