"""``evaluate``: the rules of the evaluation reference page applied to per-employee ZVP sums.

Pure: a panel (from ``analytics.metrics.zvp_by_employee``), its months and a request in, an
``Evaluation`` out. Same input and seed, same answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field

from verzuim.analytics.metrics import EmployeePeriods
from verzuim.analytics.models import SUPPRESSION_THRESHOLD, Period
from verzuim.evaluation import bootstrap, estimators, groups, texts
from verzuim.evaluation import months as months_mod
from verzuim.evaluation.result import (
    Design,
    Effect,
    Evaluation,
    GroupSummary,
    MonthRole,
    Note,
    Placebo,
    SeriesPoint,
)

MIN_BEFORE = 12  # full months before the start (reference page)
MIN_AFTER = 6  # full months from the start (or run-in) on (reference page)
MIN_AVERAGE_EMPLOYEES = 20  # per group, on average (reference page: "too small")
PLACEBO_SHIFT = 12  # months the placebo start moves back (reference page)
# Our choice where the reference page is silent: the placebo needs this many full months
# before its own start. DiD differences out the season, so half a year is enough; the time
# series must estimate the season itself, so it needs the same year as the real estimate.
PLACEBO_MIN_BEFORE: dict[Design, int] = {"did": 6, "its": MIN_BEFORE}
LEVEL = 0.95

Mask = npt.NDArray[np.bool_]


class EvaluationInputError(ValueError):
    """A request these data cannot answer as asked (bad unit, start outside the data ...)."""


class Request(BaseModel):
    """What to evaluate. Unit paths as in the employee file (``Productie/Hal 2``)."""

    model_config = ConfigDict(frozen=True)

    units: list[str] = Field(min_length=1)
    start: dt.date
    comparison: list[str] = []
    design: Design | None = None
    run_in_months: int = Field(0, ge=0, le=24)
    resamples: int = Field(1000, ge=100, le=100_000)
    seed: int = 0


@dataclass(frozen=True)
class _Side:
    paths: list[str]
    rows: Mask


def evaluate(panel: EmployeePeriods, months: list[Period], request: Request) -> Evaluation:
    if not months:
        raise EvaluationInputError(
            "the files cover no full calendar month; give data of at least 18 months "
            "(12 before the start, 6 after)"
        )
    lay = months_mod.layout(months, request.start, request.run_in_months)
    first, last = months_mod.label(months[0]), months_mod.label(months[-1])
    if not lay.before or not lay.after:
        raise EvaluationInputError(
            f"--start {request.start}: the data cover the full months {first} to {last}, so "
            "this start leaves no full month before it or after it (and any run-in). Choose "
            f"a start between {months[1].start if len(months) > 1 else months[0].start} and "
            f"{months[-1].start}; a result that can tell needs {MIN_BEFORE} months before "
            f"and {MIN_AFTER} after."
        )
    used = (*lay.before, *lay.after)
    active: Mask = np.asarray(panel.employed[:, list(used)].any(axis=1))
    units = list(panel.units)
    try:
        treated, comparison, suggested_paths = _sides(panel, units, active, lay, request)
    except groups.UnitError as exc:
        raise EvaluationInputError(str(exc)) from None
    design: Design = "did" if comparison is not None else "its"
    notes: list[Note] = []
    if design == "its" and not request.comparison and request.design != "its":
        notes.append(texts.no_comparison())
    if suggested_paths:
        notes.append(texts.suggested(suggested_paths))
    if lay.left_out:
        notes.append(texts.left_out(len(lay.left_out), request.run_in_months))

    t_summary = _summary(panel, treated, lay)
    c_summary = _summary(panel, comparison, lay) if comparison is not None else None
    placebo_lay = months_mod.placebo_layout(months, lay, request.run_in_months)
    reasons = _too_small(t_summary, c_summary)
    hidden = t_summary.suppressed or (c_summary is not None and c_summary.suppressed)
    rng = np.random.default_rng(request.seed)
    nan_share = 0.0
    placebo_effect: Effect | None = None
    if hidden:
        reasons.append(texts.suppressed())
        effect = _empty(request.resamples)
    elif comparison is not None:
        effect, placebo_effect, nan_share = _did(
            panel, treated, comparison, lay, placebo_lay, request, rng
        )
    else:
        effect, placebo_effect, nan_share = _its(
            panel, treated, months, lay, placebo_lay, request, rng
        )
        if effect.estimate is None:
            reasons.append(texts.not_estimable())
    if placebo_effect is not None and placebo_effect.estimate is None:
        placebo_effect = None  # no resample had employed days on a side: it did not run
    placebo_ran = placebo_effect is not None
    if not hidden and not placebo_ran:
        notes.append(
            texts.placebo_not_run(
                placebo_lay.start, len(placebo_lay.before), PLACEBO_MIN_BEFORE[design]
            )
        )
    pre_trend = bool(
        placebo_effect is not None
        and placebo_effect.ci_low is not None
        and placebo_effect.ci_high is not None
        and (placebo_effect.ci_low > 0 or placebo_effect.ci_high < 0)
    )
    if pre_trend and placebo_effect is not None:
        assert placebo_effect.ci_low is not None and placebo_effect.ci_high is not None
        notes.append(texts.pre_trend(placebo_effect.ci_low, placebo_effect.ci_high))
    if nan_share > 0:
        notes.append(texts.undefined_resamples(nan_share))
    return Evaluation(
        design=design,
        label=texts.LABELS[design],
        summary=texts.summary(
            design, effect.estimate, effect.ci_low, effect.ci_high, reasons, pre_trend
        ),
        start=request.start,
        first_month=first,
        last_month=last,
        run_in_months=request.run_in_months,
        comparison_suggested=bool(suggested_paths),
        effect=effect,
        pre_trend_warning=pre_trend,
        too_small=bool(reasons),
        warnings=reasons + notes,
        treated=t_summary,
        comparison=c_summary,
        placebo=Placebo(
            ran=placebo_ran,
            start=placebo_lay.start,
            months_before=len(placebo_lay.before),
            months_after=len(placebo_lay.after),
            effect=placebo_effect,
        ),
        series=_series(panel, months, lay, treated, comparison),
        seed=request.seed,
    )


# --- who is compared -----------------------------------------------------------------


def _sides(
    panel: EmployeePeriods,
    units: list[str],
    active: Mask,
    lay: months_mod.Layout,
    request: Request,
) -> tuple[_Side, _Side | None, list[str]]:
    treated_paths = _unique([groups.normalise(u) for u in request.units])
    treated = _Side(treated_paths, groups.select(treated_paths, units, "--unit") & active)
    if request.comparison:
        if request.design == "its":
            raise groups.UnitError(
                "--comparison goes with the difference-in-differences design: leave out "
                "--design its, or leave out --comparison"
            )
        paths = _unique([groups.normalise(u) for u in request.comparison])
        clash = [(c, t) for c in paths for t in treated_paths if groups.overlaps(c, t)]
        if clash:
            c, t = clash[0]
            raise groups.UnitError(
                f"--comparison '{c}' overlaps --unit '{t}': a unit cannot be treated and "
                "compared at once. Give comparison units outside the treated ones."
            )
        return treated, _Side(paths, groups.select(paths, units, "--comparison") & active), []
    if request.design == "its":
        return treated, None, []
    before: Mask = np.asarray(panel.employed[:, list(lay.before)].any(axis=1))
    counted = [u for u, b in zip(units, before, strict=True) if b]
    sizes = groups.sizes_by_path(counted)
    paths = groups.suggest(treated_paths, counted, sizes)
    if not paths:
        if request.design == "did":
            raise groups.UnitError(
                "no comparison units found at the level of the treated units; give "
                "--comparison PATH, or use --design its"
            )
        return treated, None, []
    return treated, _Side(paths, groups.select(paths, units, "--comparison") & active), paths


def _unique(paths: list[str]) -> list[str]:
    return list(dict.fromkeys(p for p in paths if p))


# --- summaries, series and the rules for "too small" ----------------------------------


def _employed_count(panel: EmployeePeriods, rows: Mask, cols: tuple[int, ...]) -> int:
    if not cols:
        return 0
    return int(panel.employed[rows][:, list(cols)].any(axis=1).sum())


def _summary(panel: EmployeePeriods, side: _Side, lay: months_mod.Layout) -> GroupSummary:
    used = [*lay.before, *lay.after]
    rows = side.rows
    hidden = (
        _employed_count(panel, rows, lay.before) < SUPPRESSION_THRESHOLD
        or _employed_count(panel, rows, lay.after) < SUPPRESSION_THRESHOLD
    )

    def zvp(cols: tuple[int, ...]) -> float | None:
        if hidden:
            return None
        ptf = float(panel.ptf_days[rows][:, list(cols)].sum())
        sick = float(panel.sick_weighted[rows][:, list(cols)].sum())
        return 100.0 * sick / ptf if ptf > 0 else None

    return GroupSummary(
        units=side.paths,
        employees=int(rows.sum()),
        average_employees=float(panel.employed[rows][:, used].sum(axis=0).mean()),
        months_before=len(lay.before),
        months_after=len(lay.after),
        suppressed=hidden,
        zvp_before=zvp(lay.before),
        zvp_after=zvp(lay.after),
    )


def _too_small(treated: GroupSummary, comparison: GroupSummary | None) -> list[Note]:
    reasons = []
    if treated.average_employees < MIN_AVERAGE_EMPLOYEES:
        reasons.append(
            texts.small_group(
                "groep met de maatregel",
                "treated",
                treated.average_employees,
                MIN_AVERAGE_EMPLOYEES,
            )
        )
    if comparison is not None and comparison.average_employees < MIN_AVERAGE_EMPLOYEES:
        reasons.append(
            texts.small_group(
                "vergelijkingsgroep",
                "comparison",
                comparison.average_employees,
                MIN_AVERAGE_EMPLOYEES,
            )
        )
    if treated.months_before < MIN_BEFORE:
        reasons.append(texts.short_before(treated.months_before, MIN_BEFORE))
    if treated.months_after < MIN_AFTER:
        reasons.append(texts.short_after(treated.months_after, MIN_AFTER))
    return reasons


def _monthly(
    panel: EmployeePeriods, rows: Mask
) -> tuple[npt.NDArray[np.int64], list[float | None]]:
    counts = panel.employed[rows].sum(axis=0)
    sick = panel.sick_weighted[rows].sum(axis=0)
    ptf = panel.ptf_days[rows].sum(axis=0)
    zvps: list[float | None] = [
        100.0 * float(s) / float(p) if n >= SUPPRESSION_THRESHOLD and p > 0 else None
        for n, s, p in zip(counts, sick, ptf, strict=True)
    ]
    return counts, zvps


def _series(
    panel: EmployeePeriods,
    months: list[Period],
    lay: months_mod.Layout,
    treated: _Side,
    comparison: _Side | None,
) -> list[SeriesPoint]:
    role: dict[int, MonthRole] = {i: "before" for i in lay.before}
    role.update({i: "after" for i in lay.after})
    t_counts, t_zvp = _monthly(panel, treated.rows)
    c_counts, c_zvp = _monthly(panel, comparison.rows) if comparison is not None else (None, None)
    return [
        SeriesPoint(
            month=months_mod.label(m),
            start=m.start,
            end=m.end,
            role=role.get(i, "left_out"),
            treated_employees=int(t_counts[i]),
            treated_zvp=t_zvp[i],
            comparison_employees=int(c_counts[i]) if c_counts is not None else None,
            comparison_zvp=c_zvp[i] if c_zvp is not None else None,
        )
        for i, m in enumerate(months)
    ]


# --- the two designs -------------------------------------------------------------------


def _empty(resamples: int) -> Effect:
    return Effect(estimate=None, ci_low=None, ci_high=None, level=LEVEL, resamples=resamples)


def _effect(point: float, resampled: npt.NDArray[np.float64], resamples: int) -> Effect:
    if not np.isfinite(point) or not np.isfinite(resampled).any():
        return _empty(resamples)  # no employed days on one side: nothing to estimate
    low, high = bootstrap.interval(resampled, LEVEL)
    return Effect(estimate=point, ci_low=low, ci_high=high, level=LEVEL, resamples=resamples)


def _nan_share(*values: npt.NDArray[np.float64]) -> float:
    return max(float(np.mean(~np.isfinite(v))) for v in values)


def _did(
    panel: EmployeePeriods,
    treated: _Side,
    comparison: _Side,
    lay: months_mod.Layout,
    placebo: months_mod.Layout,
    request: Request,
    rng: np.random.Generator,
) -> tuple[Effect, Effect | None, float]:
    def columns(rows: Mask) -> npt.NDArray[np.float64]:
        sick, ptf = panel.sick_weighted[rows], panel.ptf_days[rows]
        return np.hstack(
            [
                estimators.did_columns(sick, ptf, lay.before, lay.after),
                estimators.did_columns(sick, ptf, placebo.before, placebo.after),
            ]
        )

    x_t, x_c = columns(treated.rows), columns(comparison.rows)
    s_t = bootstrap.resampled_sums(rng, x_t, request.resamples)
    s_c = bootstrap.resampled_sums(rng, x_c, request.resamples)
    point = float(estimators.did(x_t.sum(axis=0)[:4], x_c.sum(axis=0)[:4]))
    resampled = estimators.did(s_t[:, :4], s_c[:, :4])
    effect = _effect(point, resampled, request.resamples)
    placebo_runs = (
        len(placebo.before) >= PLACEBO_MIN_BEFORE["did"]
        and len(placebo.after) > 0
        and all(
            _employed_count(panel, side.rows, cols) >= SUPPRESSION_THRESHOLD
            for side in (treated, comparison)
            for cols in (placebo.before, placebo.after)
        )
    )
    if not placebo_runs:
        return effect, None, _nan_share(resampled)
    placebo_resampled = estimators.did(s_t[:, 4:], s_c[:, 4:])
    placebo_point = float(estimators.did(x_t.sum(axis=0)[4:], x_c.sum(axis=0)[4:]))
    return (
        effect,
        _effect(placebo_point, placebo_resampled, request.resamples),
        _nan_share(resampled, placebo_resampled),
    )


def _its(
    panel: EmployeePeriods,
    treated: _Side,
    months: list[Period],
    lay: months_mod.Layout,
    placebo: months_mod.Layout,
    request: Request,
    rng: np.random.Generator,
) -> tuple[Effect, Effect | None, float]:
    ptf_total = panel.ptf_days[treated.rows].sum(axis=0)
    # A month in which nobody of the group was employed has no ZVP: the model skips it.
    has = {i for i in range(len(months)) if ptf_total[i] > 0}
    before = tuple(i for i in lay.before if i in has)
    after = tuple(i for i in lay.after if i in has)
    model = estimators.its_model(months, before, after)
    if model is None:
        return _empty(request.resamples), None, 0.0
    p_before = tuple(i for i in placebo.before if i in has)
    p_after = tuple(i for i in placebo.after if i in has)
    placebo_model = (
        estimators.its_model(months, p_before, p_after)
        if len(p_before) >= PLACEBO_MIN_BEFORE["its"] and len(p_after) >= MIN_AFTER
        else None
    )
    m = len(months)
    x = np.hstack([panel.sick_weighted[treated.rows], panel.ptf_days[treated.rows]])
    sums = x.sum(axis=0)
    monthly = estimators.zvp(sums[:m], sums[m:])
    resampled_sums = bootstrap.resampled_sums(rng, x, request.resamples)
    monthly_resampled = estimators.zvp(resampled_sums[:, :m], resampled_sums[:, m:])
    resampled = model.effect(monthly_resampled)
    effect = _effect(float(model.effect(monthly)), resampled, request.resamples)
    if placebo_model is None:
        return effect, None, _nan_share(resampled)
    placebo_resampled = placebo_model.effect(monthly_resampled)
    placebo_effect = _effect(
        float(placebo_model.effect(monthly)), placebo_resampled, request.resamples
    )
    return effect, placebo_effect, _nan_share(resampled, placebo_resampled)
