"""The balance check and the absence figures hide small groups with one implementation."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from verzuim.analytics import suppression as shared
from verzuim.balance import suppression as balance


def _flat_rule(counts: dict[str, int], threshold: int = 5) -> dict[str, str]:
    """The flat rule as docs/balance.md states it, written out on its own as the oracle:
    hide units under the threshold; while the hidden ones hold 1 to 4 responses, hide the
    shown unit with the fewest (ties: first name) too."""
    reasons = {g: "small" for g, n in counts.items() if n < threshold}
    hidden = sum(counts[g] for g in reasons)
    while 0 < hidden < threshold:
        shown = sorted((n, g) for g, n in counts.items() if g not in reasons)
        if not shown:
            break
        n, pick = shown[0]
        reasons[pick] = "complementary"
        hidden += n
    return reasons


counts_strategy = st.dictionaries(
    st.sampled_from(["Zorg", "Zorg/Team A", "Zorg/Team B", "Logistiek", "Kantoor", "ICT"]),
    st.integers(0, 14),
    min_size=1,
)


@settings(max_examples=300, deadline=None)
@given(counts_strategy)
def test_balance_and_absence_suppression_agree_on_the_same_tree(counts: dict[str, int]) -> None:
    flat = dict.fromkeys(counts)
    expected = shared.suppress(counts, flat, root_employees=sum(counts.values()))
    assert balance.suppress(counts) == expected
    assert balance.suppress(counts) == _flat_rule(counts)


def test_a_nested_unit_is_a_sibling_in_the_balance_check() -> None:
    # In the absence tree "Zorg/Team A" (3) sits under "Zorg"; in a round each unit's link
    # only counts its own responses, so both are children of the total.
    counts = {"Zorg": 20, "Zorg/Team A": 3, "Kantoor": 6}
    assert balance.suppress(counts) == {"Zorg/Team A": "small", "Kantoor": "complementary"}
    # The absence figures roll a team up into its department, so Zorg holds 23 there and the
    # hidden team's 3 are covered by Zorg's own 20: no sibling needs hiding.
    rolled = {"Zorg": 23, "Zorg/Team A": 3, "Kantoor": 6}
    tree = shared.suppress(rolled, shared.unit_parents(list(rolled), tree=True), 29)
    assert tree == {"Zorg/Team A": "small"}
