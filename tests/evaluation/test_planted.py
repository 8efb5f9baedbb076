"""Generated organisations with a known story: the evaluation must tell it back, honestly."""

from __future__ import annotations

import datetime as dt

from tests.evaluation.synth import Story, generate
from verzuim.analytics import metrics
from verzuim.analytics import service as analytics_service
from verzuim.analytics.models import Period
from verzuim.analytics.store import Store
from verzuim.evaluation import service

UNITS = {"Org/A": 120, "Org/B": 110, "Org/C": 130, "Org/D": 100}
AFTER = Period(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))


def _treated_zvp_after(story: Story, seed: int) -> float:
    e, s = generate(story, seed)
    store = Store(None)
    assert analytics_service.import_uploads(store, e, s).accepted
    result = metrics.compute(store.cursor(), [AFTER], "unit", False, False, "files")[0]
    store.close()
    zvp = {g.group: g.zvp for g in result.groups}["Org/A"]
    assert zvp is not None
    return zvp


def test_a_planted_effect_is_recovered_within_its_interval() -> None:
    covered = 0
    for seed in range(5):
        story = Story(units=UNITS, treated=("Org/A",), shorten=0.4)
        # the true effect in these data: the treated units' ZVP after the start with the
        # shortened spells minus the same without (identical draws otherwise)
        truth = _treated_zvp_after(story, seed) - _treated_zvp_after(
            Story(units=UNITS, treated=("Org/A",)), seed
        )
        assert truth < -0.5
        e, s = generate(story, seed)
        result = service.evaluate_files(
            e, s, service.Request(units=["Org/A"], start=story.start, resamples=400, seed=seed)
        )
        assert result.design == "did" and result.comparison_suggested
        assert result.effect.ci_low is not None and result.effect.ci_high is not None
        assert result.effect.ci_high < 0  # a clear decrease ...
        covered += result.effect.ci_low <= truth <= result.effect.ci_high  # ... of the right size
        assert not result.too_small
    assert covered >= 4


def test_without_an_effect_the_interval_covers_zero_in_at_least_90_percent() -> None:
    seeds = range(100, 140)
    covers = 0
    for seed in seeds:
        story = Story(units={"Org/A": 60, "Org/B": 60, "Org/C": 70})
        e, s = generate(story, seed)
        result = service.evaluate_files(
            e, s, service.Request(units=["Org/A"], start=story.start, resamples=300, seed=seed)
        )
        low, high = result.effect.ci_low, result.effect.ci_high
        assert low is not None and high is not None
        covers += low <= 0 <= high
    assert covers >= 0.9 * len(seeds)


def test_a_unit_chosen_after_an_unusual_peak_gets_the_placebo_warning() -> None:
    story = Story(
        units=UNITS,
        treated=("Org/A",),
        peak=3.0,  # three extra spells per employee in the year before: about double
    )
    e, s = generate(story, seed=11)
    result = service.evaluate_files(
        e, s, service.Request(units=["Org/A"], start=story.start, resamples=400)
    )
    # nothing was done, yet the estimate shows a "decrease": the peak going away ...
    assert result.effect.estimate is not None and result.effect.estimate < 0
    # ... and the placebo check (start moved to 2023-01-01) sees the units differ before
    assert result.placebo.ran and result.placebo.start == dt.date(2023, 1, 1)
    assert result.pre_trend_warning
    assert "pre_trend" in {n.code for n in result.warnings}
    assert "differed already" not in result.summary.en  # own words, see texts.pre_trend
    assert "already differed before the measure" in result.summary.en


def test_the_same_story_without_the_peak_gets_no_placebo_warning() -> None:
    story = Story(units=UNITS, treated=("Org/A",))
    e, s = generate(story, seed=11)
    result = service.evaluate_files(
        e, s, service.Request(units=["Org/A"], start=story.start, resamples=400)
    )
    assert result.placebo.ran and not result.pre_trend_warning
