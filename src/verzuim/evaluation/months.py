"""Which full calendar months an evaluation uses, and which of them lie before or after."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from verzuim.analytics import periods
from verzuim.analytics.models import Period


def add_months(day: dt.date, n: int) -> dt.date:
    """``day`` moved ``n`` calendar months; the 31st becomes the month's last day if needed."""
    index = day.year * 12 + day.month - 1 + n
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def full_months(first: dt.date, last: dt.date) -> list[Period]:
    """The calendar months lying wholly inside ``first`` .. ``last``."""
    if first.day != 1:
        first = add_months(first.replace(day=1), 1)
    next_day = last + dt.timedelta(days=1)
    if next_day.day != 1:
        last = next_day.replace(day=1) - dt.timedelta(days=1)
    if last < first:
        return []
    return periods.split(Period(start=first, end=last), "month")


@dataclass(frozen=True)
class Layout:
    """Indices into the month list: before the start, after it (and any run-in), left out.

    A month that contains the start day (when the start is not the 1st) and the run-in
    months belong to neither side: the measure was only partly in place then.
    """

    start: dt.date
    before: tuple[int, ...]
    after: tuple[int, ...]
    left_out: tuple[int, ...]


def layout(months: list[Period], start: dt.date, run_in_months: int = 0) -> Layout:
    first_after = start if start.day == 1 else add_months(start.replace(day=1), 1)
    first_after = add_months(first_after, run_in_months)
    before, after, left_out = [], [], []
    for i, month in enumerate(months):
        if month.end < start:
            before.append(i)
        elif month.start >= first_after:
            after.append(i)
        else:
            left_out.append(i)
    return Layout(start, tuple(before), tuple(after), tuple(left_out))


def placebo_layout(months: list[Period], real: Layout, run_in_months: int) -> Layout:
    """The start moved 12 months earlier, on the months before the real start only."""
    start = add_months(real.start, -12)
    moved = layout([months[i] for i in real.before], start, run_in_months)
    pick = real.before
    return Layout(
        start,
        tuple(pick[i] for i in moved.before),
        tuple(pick[i] for i in moved.after),
        tuple(pick[i] for i in moved.left_out),
    )


def label(month: Period) -> str:
    return f"{month.start.year}-{month.start.month:02d}"
