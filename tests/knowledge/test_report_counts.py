"""Every count the report states (chapters 2, 3 and 5, Table 1) is reproduced from the records."""

from __future__ import annotations

import pytest

from verzuim.knowledge import load
from verzuim.knowledge.stats import Stat, compute

STATS = compute(load())


@pytest.mark.parametrize("stat", STATS, ids=[s.code for s in STATS])
def test_counted_equals_reported(stat: Stat) -> None:
    assert stat.counted == stat.reported, f"{stat.label} ({stat.where})"


def test_the_headline_counts_are_among_the_checked_ones() -> None:
    # Guard against the list of checks silently shrinking.
    codes = {s.code for s in STATS}
    for code in (
        "practices_b11",
        "practices_nl",
        "practices_europe",
        "physical",
        "mental",
        "general",
        "physical_single",
        "general_multi",
        "worker_practical",
        "worker_theoretical",
        "practices_b12",
        "practices_b12_multi",
        "reviews",
        "actors",
        "actors_scored",
        "core_experts",
    ):
        assert code in codes
    assert sum(code.startswith("group_") for code in codes) == 16


def test_study_counts_of_the_review_set() -> None:
    review_set = next(r for r in load().evidence if r.kind == "review_set")
    assert (review_set.reviews, review_set.studies_with_absence_outcome) == (28, 164)
    assert review_set.controlled_studies_total == 502
    assert review_set.home_work_reviews == 0
