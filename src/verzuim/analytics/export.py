"""Flat tables of results, shared by the CLI's csv/table output and the web's CSV downloads."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from verzuim.analytics.models import GroupMetrics, MetricsResult
from verzuim.csvsafe import safe_cell

METRIC_COLUMNS = (
    "employees",
    "suppressed",
    "suppression",
    "zvp",
    "zvp_incl_pregnancy",
    "zmf",
    "gzvd",
    "nulverzuim",
    "new_spells",
    "ended_spells",
    "frequent_absence",
    "frequent_absence_pct",
    "recurrence",
    "recurrence_eligible",
    "recurrence_recurring",
    "partial_return",
    "partial_return_spells",
)
CSV_HEADER = ("period_from", "period_to", "level", "group", *METRIC_COLUMNS)

Cell = str | int | float | bool | None


def _row(result: MetricsResult, level: str, g: GroupMetrics) -> list[Cell]:
    values: list[Cell] = [
        result.period.start.isoformat(),
        result.period.end.isoformat(),
        level,
        g.group or "",
    ]
    values += [getattr(g, name) for name in METRIC_COLUMNS]
    return values


def metrics_rows(results: Sequence[MetricsResult]) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for result in results:
        rows.append(_row(result, "total", result.total))
        rows.extend(_row(result, "group", g) for g in result.groups)
    return rows


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """CSV with ``.`` decimals and ``,`` separators: what batch tools and spreadsheets import.

    Text cells that a spreadsheet would run as a formula are neutralised (``csvsafe``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _plain(v) for v in row])
    return out.getvalue()


def _plain(value: Cell) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return safe_cell(value)  # unit names and file values come from the user's upload
    return str(value)


def metrics_csv(results: Sequence[MetricsResult]) -> str:
    return to_csv(CSV_HEADER, metrics_rows(results))
