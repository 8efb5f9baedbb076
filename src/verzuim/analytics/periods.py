"""Periods: any closed date range, and splitting a range into months, quarters or years."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from verzuim.analytics.models import Period

Granularity = Literal["month", "quarter", "year"]
GRANULARITIES: tuple[Granularity, ...] = ("month", "quarter", "year")


def period(start: dt.date, end: dt.date) -> Period:
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    return Period(start=start, end=end)


def year_days(p: Period) -> float:
    """Y of the ZMF formula: days of the period's calendar year, 365.25 across years."""
    if p.start.year != p.end.year:
        return 365.25
    return 366.0 if _is_leap(p.start.year) else 365.0


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _next_start(day: dt.date, granularity: Granularity) -> dt.date:
    step = {"month": 1, "quarter": 3, "year": 12}[granularity]
    index = day.year * 12 + day.month - 1
    index = index - (index % step) + step
    return dt.date(index // 12, index % 12 + 1, 1)


def split(p: Period, granularity: Granularity) -> list[Period]:
    """Calendar months/quarters/years covering ``p``, the first and last clipped to it."""
    parts: list[Period] = []
    start = p.start
    while start <= p.end:
        nxt = _next_start(start, granularity)
        end = min(nxt - dt.timedelta(days=1), p.end)
        parts.append(Period(start=start, end=end))
        start = nxt
    return parts


def label(p: Period, granularity: Granularity) -> str:
    if granularity == "year":
        return str(p.start.year)
    if granularity == "quarter":
        return f"{p.start.year}-Q{(p.start.month - 1) // 3 + 1}"
    return f"{p.start.year}-{p.start.month:02d}"


def rolling_year_start(end: dt.date) -> dt.date:
    """First day of the 12 months ending at ``end`` (29 Feb falls back to 28 Feb)."""
    try:
        year_before = end.replace(year=end.year - 1)
    except ValueError:
        year_before = end.replace(year=end.year - 1, day=28)
    return year_before + dt.timedelta(days=1)


def last_end_starting_by(day: dt.date) -> dt.date:
    """The last day whose 12 months (``rolling_year_start``) start on or before ``day``.

    ``rolling_year_start`` never decreases, so ``rolling_year_start(end) <= day`` holds
    exactly for the ends up to this one. The 12 months ending on a day start 364 or 365 days
    before it, so the answer is ``day`` + 364 or a day or two later."""
    end = day + dt.timedelta(days=364)
    while rolling_year_start(end + dt.timedelta(days=1)) <= day:
        end += dt.timedelta(days=1)
    return end


def year_end_runs(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date, int]]:
    """``last_end_starting_by`` for every day from ``first`` to ``last``, as runs of days
    ``(from, to, shift)`` whose answer is the day plus ``shift`` days: the shift only changes
    around a 29 February, so a few rows say what one row per day would."""
    runs: list[tuple[dt.date, dt.date, int]] = []
    day = first
    while day <= last:
        shift = (last_end_starting_by(day) - day).days
        if runs and runs[-1][2] == shift:
            runs[-1] = (runs[-1][0], day, shift)
        else:
            runs.append((day, day, shift))
        day += dt.timedelta(days=1)
    return runs
