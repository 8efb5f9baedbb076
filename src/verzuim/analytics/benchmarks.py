"""CBS 80072ned: the absence percentage by SBI 2008 section and by company size class.

CBS publishes sector and size class as separate categories (not crossed), per year and per
quarter. Its percentage excludes pregnancy leave, so it is compared with the standard ZVP.
The figures come from :mod:`verzuim.cbs` (the table shipped in the package, CC BY 4.0); this
module shapes them into the series the dashboard and its JSON twin show.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import Literal

from pydantic import BaseModel

from verzuim import cbs

TOTAL_KEY = cbs.TOTAL_KEY
SIZE_KEYS: dict[str, str] = {size: key for size, key in cbs.SIZE_KEYS.items()}
SIZE_CLASSES = tuple(SIZE_KEYS)
SOURCE = "CBS StatLine 80072ned (CC BY 4.0)"


class Point(BaseModel):
    period_key: str
    year: int
    quarter: int | None
    final: bool
    pct: float


class Series(BaseModel):
    """One CBS category over time."""

    key: str
    title: str
    kind: Literal["total", "sector", "size"]
    points: list[Point]

    def year(self, year: int) -> Point | None:
        return next((p for p in self.points if p.year == year and p.quarter is None), None)

    def quarter(self, year: int, quarter: int) -> Point | None:
        return next((p for p in self.points if p.year == year and p.quarter == quarter), None)

    def latest_final_year(self) -> Point | None:
        years = [p for p in self.points if p.quarter is None and p.final]
        return max(years, key=lambda p: p.year, default=None)


class Benchmark(BaseModel):
    """What the dashboard compares with: sector, size class and all companies."""

    source: str = SOURCE
    sector: Series | None
    size: Series | None
    total: Series

    def primary(self) -> Series:
        """The closest comparison: the sector when known, else the size class, else all."""
        return self.sector or self.size or self.total


def sections() -> dict[str, str]:
    """SBI section letter -> CBS key (only the sections CBS publishes: A..S)."""
    return cbs.section_keys()


def section_title(letter: str) -> str | None:
    key = sections().get(letter)
    return cbs.category_titles()[key] if key else None


@cache
def _series() -> dict[str, list[Point]]:
    points: dict[str, list[Point]] = defaultdict(list)
    for o in cbs.observations():
        points[o.sbi_key].append(
            Point(
                period_key=o.period_key,
                year=o.year,
                quarter=o.quarter,
                final=o.final,
                pct=o.absence_pct,
            )
        )
    return dict(points)


def series(key: str, kind: Literal["total", "sector", "size"]) -> Series:
    return Series(
        key=key, title=cbs.category_titles()[key], kind=kind, points=_series().get(key, [])
    )


def size_class_for(headcount: float) -> str:
    """CBS size classes count working persons: 1 to 10, 10 to 100, 100 or more."""
    if headcount < 10:
        return "1-10"
    if headcount < 100:
        return "10-100"
    return "100+"


def benchmark(sector: str | None, size_class: str | None) -> Benchmark:
    sector_key = sections().get(sector or "")
    size_key = SIZE_KEYS.get(size_class or "")
    return Benchmark(
        sector=series(sector_key, "sector") if sector_key else None,
        size=series(size_key, "size") if size_key else None,
        total=series(TOTAL_KEY, "total"),
    )
