"""The team comparison of the dashboard: units at one level of the unit tree, sorted, with
the top-N by absence percentage and their trends (small multiples).

Pure and cheap: it only picks, sorts and cuts what ``metrics.compute`` made (so suppression
is already applied and cannot be undone here); the page, its JSON twin, the chart and CSV
downloads all render the :class:`TeamView` this module returns.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel

from verzuim.analytics.models import GroupMetrics

SortKey = Literal["unit", "employees", "zvp", "zmf", "gzvd", "recurrence", "partial_return"]
SORT_KEYS: tuple[SortKey, ...] = get_args(SortKey)
Order = Literal["asc", "desc"]
TOP_DEFAULT = 12
TOP_MAX = 50
ALL_LEVELS = 0  # level 0: every unit of the tree, parents and children together


class UnitPoint(BaseModel):
    """One unit in one trend period; no figures when the unit is suppressed in that period."""

    label: str
    suppressed: bool
    zvp: float | None = None
    zmf: float | None = None


class UnitTrend(BaseModel):
    group: str
    points: list[UnitPoint]


class TeamView(BaseModel):
    """The team table as asked: which level, sorted how; and the top-N units by ZVP."""

    level: int
    levels: list[int]  # the levels the unit tree has (1 = top level)
    sort: SortKey
    order: Order
    rows: list[GroupMetrics]  # every unit at the level, sorted; suppressed ones last
    suppressed_rows: int
    top_n: int
    top: list[GroupMetrics]  # the shown units with the highest ZVP, highest first
    trends: list[UnitTrend]  # the trend of each unit in ``top``, same order


def depth(group: str | None) -> int:
    """``Productie`` is level 1, ``Productie/Hal 2`` level 2."""
    return (group or "").count("/") + 1


def levels(groups: list[GroupMetrics]) -> list[int]:
    return sorted({depth(g.group) for g in groups})


def default_level(groups: list[GroupMetrics]) -> int:
    """The highest level with at least two units to compare (else the top level)."""
    counts: dict[int, int] = {}
    for g in groups:
        counts[depth(g.group)] = counts.get(depth(g.group), 0) + 1
    return next((lv for lv in sorted(counts) if counts[lv] >= 2), min(counts, default=1))


def _sorted(rows: list[GroupMetrics], sort: SortKey, order: Order) -> list[GroupMetrics]:
    if sort == "unit":
        return sorted(rows, key=lambda g: (g.group or "").casefold(), reverse=order == "desc")
    if sort == "employees":
        return sorted(rows, key=lambda g: (g.employees, g.group or ""), reverse=order == "desc")
    # Rates: groups without a value (suppressed, or nothing to count) last in either order.
    shown = [g for g in rows if getattr(g, sort) is not None]
    empty = [g for g in rows if getattr(g, sort) is None]
    shown.sort(key=lambda g: (getattr(g, sort), g.group or ""), reverse=order == "desc")
    empty.sort(key=lambda g: (not g.suppressed, g.group or ""))
    return shown + empty


def view(
    groups: list[GroupMetrics],
    trends: list[UnitTrend],
    level: int | None = None,
    sort: SortKey | None = None,
    order: Order | None = None,
    top_n: int | None = None,
) -> TeamView:
    """``level`` None: :func:`default_level`; ``sort`` None: ZVP, highest first; ``order``
    None: highest first for numbers, A-Z for names. A level the tree does not have shows
    no rows (the page then lists the levels there are)."""
    chosen = default_level(groups) if level is None else level
    key: SortKey = sort or "zvp"
    direction: Order = order or ("asc" if key == "unit" else "desc")
    at_level = [g for g in groups if chosen == ALL_LEVELS or depth(g.group) == chosen]
    n = min(max(top_n or TOP_DEFAULT, 1), TOP_MAX)
    top = sorted(
        (g for g in at_level if g.zvp is not None),
        key=lambda g: (-(g.zvp or 0.0), g.group or ""),
    )[:n]
    by_group = {t.group: t for t in trends}
    return TeamView(
        level=chosen,
        levels=levels(groups),
        sort=key,
        order=direction,
        rows=_sorted(at_level, key, direction),
        suppressed_rows=sum(1 for g in at_level if g.suppressed),
        top_n=n,
        top=top,
        trends=[by_group[g.group] for g in top if g.group in by_group],
    )


def next_order(view: TeamView, column: SortKey) -> Order:
    """The order a column heading's link asks for: reversed when the table is already sorted
    by that column, else the natural one (names A-Z, numbers highest first)."""
    if view.sort == column:
        return "asc" if view.order == "desc" else "desc"
    return "asc" if column == "unit" else "desc"
