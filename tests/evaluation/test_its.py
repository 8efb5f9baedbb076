"""The interrupted time series equals a statsmodels fit of the same specification."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from tests.evaluation.synth import Story, generate
from verzuim.evaluation import service
from verzuim.evaluation.result import Evaluation


def _fit(result: Evaluation) -> float:
    """OLS of monthly ZVP on trend, level change, slope change and month of year."""
    rows = [p for p in result.series if p.role != "left_out"]
    frame = pd.DataFrame(
        {
            "zvp": [p.treated_zvp for p in rows],
            "k": [p.start.year * 12 + p.start.month for p in rows],
            "post": [1.0 if p.role == "after" else 0.0 for p in rows],
            "month": [p.start.month for p in rows],
        }
    )
    k0 = frame.loc[frame.post == 1, "k"].min()
    frame["since"] = frame.post * (frame.k - k0)
    fit = smf.ols("zvp ~ k + post + since + C(month)", data=frame).fit()
    return float(
        fit.params["post"] + fit.params["since"] * frame.loc[frame.post == 1, "since"].mean()
    )


@pytest.mark.parametrize(("start", "run_in"), [(dt.date(2024, 1, 1), 0), (dt.date(2023, 9, 15), 2)])
def test_its_equals_statsmodels(start: dt.date, run_in: int) -> None:
    story = Story(units={"Org/A": 80}, treated=("Org/A",), start=start, shorten=0.6)
    e, s = generate(story, seed=3)
    request = service.Request(
        units=["Org/A"], start=start, design="its", run_in_months=run_in, resamples=200
    )
    result = service.evaluate_files(e, s, request)
    assert result.design == "its"
    assert all(p.treated_zvp is not None for p in result.series)
    assert result.effect.estimate == pytest.approx(_fit(result), abs=1e-9)
    left_out = [p for p in result.series if p.role == "left_out"]
    assert len(left_out) == (0 if start.day == 1 else 1) + run_in


def test_its_is_chosen_when_no_comparison_exists() -> None:
    story = Story(units={"Zorg": 60}, treated=("Zorg",))
    e, s = generate(story, seed=4)
    result = service.evaluate_files(
        e, s, service.Request(units=["Zorg"], start=story.start, resamples=200)
    )
    assert result.design == "its"
    assert result.comparison is None
    assert "no_comparison" in {n.code for n in result.warnings}
    assert result.label.en == "Own before/after, no comparison"
    assert np.isfinite(result.effect.estimate or np.nan)
