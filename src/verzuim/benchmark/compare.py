"""Organisations like this one: the pooled benchmark's cell for an organisation's dashboard.

The app reads the benchmark folder ``VERZUIM_BENCHMARK_DIR`` names (what ``verzuim
benchmark build --out`` wrote); without it, or without a built benchmark in it, there is
no comparison and the dashboard shows none. The cell is the latest benchmark period that
overlaps the dashboard's period, keyed by the organisation's sector, size class and region
as far as the benchmark was built by them. A suppressed cell arrives without figures (only
``build`` makes cells, see ``output``), so nothing here can show them.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pydantic import BaseModel

from verzuim.analytics.models import GroupMetrics, Period
from verzuim.benchmark import output
from verzuim.benchmark.models import BenchmarkCell, ByColumn, PeriodKind

ENV = "VERZUIM_BENCHMARK_DIR"


class PooledComparison(BaseModel):
    """The dashboard's "organisations like you": one cell, its size and date, and this
    organisation's own figures over the same period beside it."""

    by: tuple[ByColumn, ...]
    period_kind: PeriodKind
    built_at: dt.datetime
    first_day: dt.date  # what the benchmark covers
    last_day: dt.date
    sector: str | None  # the key looked up (only the ``by`` columns count)
    size_class: str | None
    region: str | None
    period: str | None = None  # None: the benchmark does not cover the dashboard's period
    cell: BenchmarkCell | None = None  # None: no organisation like this one in that period
    own: GroupMetrics | None = None  # this organisation over the cell's period, when published

    @property
    def published(self) -> bool:
        return self.cell is not None and not self.cell.suppressed

    @property
    def own_period(self) -> Period | None:
        """The cell's period, when a published cell needs the organisation's own figures."""
        if self.cell is None or self.cell.suppressed:
            return None
        return Period(start=self.cell.period_start, end=self.cell.period_end)


def configured_dir() -> Path | None:
    """The benchmark folder the app shows, from ``VERZUIM_BENCHMARK_DIR`` (None: not set)."""
    value = os.environ.get(ENV, "").strip()
    return Path(value) if value else None


def stamp(folder: Path | None) -> float | None:
    """When the benchmark in ``folder`` was last written (for result caches), or None."""
    if folder is None:
        return None
    try:
        return (folder / output.MANIFEST).stat().st_mtime
    except OSError:
        return None


def find(
    folder: Path | None,
    sector: str | None,
    size_class: str | None,
    region: str | None,
    period: Period,
) -> PooledComparison | None:
    """The cell of organisations like this one for the dashboard's ``period``; None when no
    benchmark is configured or built."""
    when = stamp(folder)
    if folder is None or when is None:
        return None
    benchmark = output.cached(folder, when)
    found = PooledComparison(
        by=benchmark.by,
        period_kind=benchmark.period,
        built_at=benchmark.built_at,
        first_day=benchmark.first_day,
        last_day=benchmark.last_day,
        sector=sector,
        size_class=size_class,
        region=region,
    )
    overlapping = {
        (c.period_start, c.period)
        for c in benchmark.cells
        if c.period_start <= period.end and c.period_end >= period.start
    }
    if not overlapping:
        return found
    label = max(overlapping)[1]
    looked_up = output.lookup(folder, sector, size_class, region, label)
    return found.model_copy(update={"period": label, "cell": looked_up.cell if looked_up else None})
