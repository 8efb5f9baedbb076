"""The reference page's rules: months, comparison units, too small, suppression, wording."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.evaluation.synth import Story, generate
from verzuim.analytics.models import Period
from verzuim.evaluation import groups, service, texts
from verzuim.evaluation import months as months_mod
from verzuim.evaluation.result import Evaluation


def test_full_months_and_layout() -> None:
    found = months_mod.full_months(dt.date(2022, 1, 5), dt.date(2023, 6, 29))
    assert (months_mod.label(found[0]), months_mod.label(found[-1])) == ("2022-02", "2023-05")
    months = months_mod.full_months(dt.date(2022, 1, 1), dt.date(2024, 12, 31))
    lay = months_mod.layout(months, dt.date(2023, 9, 15), run_in_months=2)
    assert [months_mod.label(months[i]) for i in lay.left_out] == ["2023-09", "2023-10", "2023-11"]
    assert months_mod.label(months[lay.before[-1]]) == "2023-08"
    assert months_mod.label(months[lay.after[0]]) == "2023-12"
    placebo = months_mod.placebo_layout(months, lay, 2)
    assert placebo.start == dt.date(2022, 9, 15)
    assert months_mod.label(months[placebo.before[-1]]) == "2022-08"
    assert [months_mod.label(months[i]) for i in placebo.after] == [
        "2022-12",
        *[f"2023-{m:02d}" for m in range(1, 9)],
    ]
    assert months_mod.add_months(dt.date(2024, 3, 31), -1) == dt.date(2024, 2, 29)


def test_suggested_comparison_same_level_similar_size() -> None:
    units = ["A/1"] * 50 + ["A/2"] * 45 + ["A/3"] * 200 + ["B/1"] * 60 + ["B/2"] * 10 + ["C"] * 50
    sizes = groups.sizes_by_path(units)
    assert groups.suggest(["A/1"], units, sizes) == ["A/2", "B/1"]
    # nothing within a factor 2: the three closest in size
    assert groups.suggest(["A/3"], units, sizes) == ["A/1", "A/2", "B/1"]
    assert groups.suggest(["A"], units, sizes) == ["B", "C"]  # 70 and 50 vs 295: closest
    assert groups.suggest(["A"], [*units, *["D"] * 300], {**sizes, "D": 300}) == ["D"]
    assert groups.suggest(["A", "B", "C"], units, sizes) == []  # nothing left at that level


def _evaluate(story: Story) -> Evaluation:
    e, s = generate(story, seed=5)
    return service.evaluate_files(
        e, s, service.Request(units=["Org/A"], start=story.start, resamples=100)
    )


def test_groups_under_5_show_no_figures() -> None:
    result = _evaluate(Story(units={"Org/A": 4, "Org/B": 40}, treated=("Org/A",)))
    assert result.treated.suppressed and result.too_small
    assert result.effect.estimate is None and result.effect.ci_low is None
    assert result.treated.zvp_before is None and result.treated.zvp_after is None
    assert all(p.treated_zvp is None for p in result.series)
    assert all(p.comparison_zvp is not None for p in result.series)
    assert result.placebo.effect is None
    assert "suppressed" in {n.code for n in result.warnings}
    assert result.summary.en.startswith("The data cannot tell.")


def test_a_short_before_period_cannot_tell() -> None:
    story = Story(units={"Org/A": 40, "Org/B": 40}, first=dt.date(2023, 6, 1))
    result = _evaluate(story)
    assert result.too_small
    codes = {n.code for n in result.warnings}
    assert "short_before" in codes and "placebo_not_run" in codes
    assert not result.placebo.ran and not result.pre_trend_warning


def test_a_short_after_period_cannot_tell() -> None:
    story = Story(units={"Org/A": 40, "Org/B": 40}, last=dt.date(2024, 4, 30))
    result = _evaluate(story)
    assert result.too_small and "short_after" in {n.code for n in result.warnings}


def test_enough_data_is_not_too_small() -> None:
    result = _evaluate(Story(units={"Org/A": 40, "Org/B": 40}))
    assert not result.too_small
    assert result.placebo.ran
    assert result.label.nl == "Eigen evaluatie met vergelijkingsgroep"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_text_calls_a_measure_effective(lang: str) -> None:
    never = re.compile(r"effecti(ve|ef)|\bit works\b|\bwerkt\b|proven|bewezen", re.IGNORECASE)
    notes = [
        texts.small_group("groep", "treated", 3.0, 20),
        texts.short_before(3, 12),
        texts.short_after(3, 6),
        texts.suppressed(),
        texts.not_estimable(),
        texts.no_comparison(),
        texts.suggested(["X"]),
        texts.left_out(1, 0),
        texts.placebo_not_run(dt.date(2023, 1, 1), 3, 6),
        texts.pre_trend(0.5, 2.0),
        texts.undefined_resamples(0.01),
    ]
    sentences = [n.text.pick(lang) for n in notes]
    for low, high in [(-2.0, -0.5), (-1.0, 1.0), (0.5, 2.0)]:
        for design in texts.LABELS:
            s = texts.summary(design, (low + high) / 2, low, high, notes[:1], True)
            sentences.append(s.pick(lang))
    sentences += [label.pick(lang) for label in texts.LABELS.values()]
    assert [s for s in sentences if never.search(s)] == []


def test_period_model_is_the_analytics_one() -> None:
    assert months_mod.full_months(dt.date(2024, 2, 1), dt.date(2024, 2, 29)) == [
        Period(start=dt.date(2024, 2, 1), end=dt.date(2024, 2, 29))
    ]
