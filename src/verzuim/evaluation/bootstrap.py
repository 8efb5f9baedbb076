"""Resampling employees with replacement (a cluster bootstrap), vectorised with numpy.

Every quantity the estimators need is a sum over employees of per-employee columns, so a
resample is a vector of draw counts per employee and its sums are one matrix product.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float64]
CHUNK = 100  # resamples per matrix product: bounds memory to CHUNK x employees counts


def resampled_sums(rng: np.random.Generator, x: FloatMatrix, resamples: int) -> FloatMatrix:
    """Column sums of ``x`` (employees x columns) over ``resamples`` bootstrap resamples.

    Each resample draws as many employees as there are, with replacement; the counts of
    draws per employee come from one ``bincount`` over all draws of a chunk.
    """
    n = x.shape[0]
    out = np.empty((resamples, x.shape[1]))
    for first in range(0, resamples, CHUNK):
        b = min(CHUNK, resamples - first)
        draws = rng.integers(0, n, size=(b, n)) + (np.arange(b) * n)[:, None]
        counts = np.bincount(draws.ravel(), minlength=b * n).reshape(b, n)
        out[first : first + b] = counts.astype(np.float64) @ x
    return out


def interval(values: npt.NDArray[np.float64], level: float = 0.95) -> tuple[float, float]:
    """Percentile interval; resamples without a defined value (no employed days) are skipped."""
    tail = (1.0 - level) / 2.0
    finite = values[np.isfinite(values)]
    low, high = np.quantile(finite, [tail, 1.0 - tail])
    return float(low), float(high)
