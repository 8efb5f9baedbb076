"""The two designs of the reference page as arithmetic on sums over employees.

Both work on arrays with a leading resample axis (or none, for the point estimate), so the
point estimate and every bootstrap resample go through the same lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from verzuim.analytics.models import Period

FloatArray = npt.NDArray[np.float64]


def zvp(sick: FloatArray, ptf_days: FloatArray) -> FloatArray:
    """ZVP of summed numerators over summed denominators; NaN where nobody was employed."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(ptf_days > 0, 100.0 * sick / ptf_days, np.nan)


# --- difference-in-differences -------------------------------------------------------


def did_columns(
    sick: FloatArray, ptf_days: FloatArray, before: tuple[int, ...], after: tuple[int, ...]
) -> FloatArray:
    """Per employee: sick and employed days summed over the months before and after."""
    b, a = list(before), list(after)
    return np.column_stack(
        [sick[:, b].sum(1), ptf_days[:, b].sum(1), sick[:, a].sum(1), ptf_days[:, a].sum(1)]
    )


def change(sums: FloatArray) -> FloatArray:
    """ZVP after minus ZVP before, from the four summed columns of ``did_columns``."""
    return zvp(sums[..., 2], sums[..., 3]) - zvp(sums[..., 0], sums[..., 1])


def did(treated: FloatArray, comparison: FloatArray) -> FloatArray:
    """(post - pre) of the treated minus (post - pre) of the comparison, in ZVP points."""
    return change(treated) - change(comparison)


# --- interrupted time series ---------------------------------------------------------


@dataclass(frozen=True)
class ItsModel:
    """Segmented regression of monthly ZVP, fixed by the months alone.

    ZVP_m = b0 + b1 k + b2 post + b3 post (k - k0) + month-of-year terms, with k the month's
    position on the calendar and k0 that of the first month after the start. The effect is
    the average, over the months after, of the gap between the fitted line and the line the
    months before predict: b2 + b3 * mean(k - k0). Because the design matrix depends only on
    the months, that effect is one fixed weighted sum of the monthly ZVPs (``weights``).
    """

    rows: tuple[int, ...]
    design: FloatArray
    contrast: FloatArray
    weights: FloatArray

    def effect(self, monthly_zvp: FloatArray) -> FloatArray:
        return monthly_zvp[..., list(self.rows)] @ self.weights


def its_design(
    months: list[Period], before: tuple[int, ...], after: tuple[int, ...]
) -> tuple[FloatArray, FloatArray]:
    """The design matrix (months before, then after) and the contrast giving the effect."""
    rows = [*before, *after]
    k = np.array([months[i].start.year * 12 + months[i].start.month for i in rows], dtype=float)
    k0 = float(months[after[0]].start.year * 12 + months[after[0]].start.month)
    post = np.array([0.0] * len(before) + [1.0] * len(after))
    since = post * (k - k0)
    month_of_year = [months[i].start.month for i in rows]
    seasons = sorted(set(month_of_year))[1:]  # the first month present is the reference
    columns = [np.ones(len(rows)), k - k[0], post, since]
    columns += [np.array([1.0 if m == s else 0.0 for m in month_of_year]) for s in seasons]
    design = np.column_stack(columns)
    contrast = np.zeros(design.shape[1])
    contrast[2] = 1.0
    contrast[3] = float(since[len(before) :].mean())
    return design, contrast


def its_model(
    months: list[Period], before: tuple[int, ...], after: tuple[int, ...]
) -> ItsModel | None:
    """The model, or None when these months cannot identify it (too few, or collinear)."""
    if not before or not after:
        return None
    design, contrast = its_design(months, before, after)
    rows, width = design.shape
    if rows <= width or np.linalg.matrix_rank(design) < width:
        return None
    weights = np.linalg.pinv(design).T @ contrast
    return ItsModel((*before, *after), design, contrast, weights)
