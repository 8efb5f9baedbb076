"""The disclosure rules of CBS practice for a pooled cell.

A cell is published only when at least ``MIN_ORGANISATIONS`` organisations are in it and
the largest of them contributes at most ``MAX_SHARE`` of the cell's employee-days (the
dominance rule: otherwise the cell would mostly describe that one organisation). Employee-
days are calendar days of employment in the period, without the part-time factor (the
denominator of the average headcount N). A suppressed cell keeps only its key, its number
of organisations and the reason: no figure of it is written anywhere.
"""

from __future__ import annotations

from verzuim.benchmark.models import Suppression

MIN_ORGANISATIONS = 5
MAX_SHARE = 0.5


def suppression(organisations: int, largest_days: float, cell_days: float) -> Suppression | None:
    """Why a cell may not be published, or None when it may."""
    if organisations < MIN_ORGANISATIONS:
        return "organisations"
    if cell_days <= 0 or largest_days > MAX_SHARE * cell_days:
        return "dominance"
    return None
