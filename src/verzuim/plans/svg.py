"""The plan's timeline as a server-rendered SVG (no script, no inline style: the CSP)."""

from __future__ import annotations

import datetime as dt

from markupsafe import escape

from verzuim.plans.model import Timeline

COLOURS = {"planned": "#8da0cb", "running": "#1b7837", "done": "#4d4d4d", "stopped": "#b2182b"}
LABEL_W, ROW_H, MONTH_W, TOP = 230, 26, 46, 30


def _x(t: Timeline, day: dt.date) -> float:
    span = max((t.last - t.first).days + 1, 1)
    return LABEL_W + (day - t.first).days / span * MONTH_W * len(t.months)


def timeline_svg(
    t: Timeline, title: str, month_names: list[str], status_names: dict[str, str]
) -> str:
    width = LABEL_W + MONTH_W * len(t.months) + 10
    height = TOP + ROW_H * max(len(t.bars), 1) + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="plan-timeline" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, month in enumerate(t.months):
        x = LABEL_W + i * MONTH_W
        out.append(f'<line x1="{x}" y1="{TOP - 4}" x2="{x}" y2="{height}" stroke="#ddd"/>')
        label = month_names[month.month - 1] + (
            f" {month.year}" if month.month == 1 or i == 0 else ""
        )
        out.append(
            f'<text x="{x + 2}" y="{TOP - 10}" font-size="10" fill="#333">{escape(label)}</text>'
        )
    for row, bar in enumerate(t.bars):
        y = TOP + row * ROW_H
        x1, x2 = _x(t, bar.start), _x(t, bar.end + dt.timedelta(days=1))
        name = bar.title if len(bar.title) <= 34 else bar.title[:33] + "…"
        out.append(f'<text x="4" y="{y + 16}" font-size="11" fill="#222">{escape(name)}</text>')
        dash = "" if bar.dated else ' stroke-dasharray="4 3" stroke="#333" fill-opacity="0.4"'
        out.append(
            f'<rect x="{x1:.1f}" y="{y + 5}" width="{max(x2 - x1, 3):.1f}" height="{ROW_H - 10}" '
            f'rx="3" fill="{COLOURS[bar.status]}"{dash}>'
            f"<title>{escape(bar.title)}: {escape(status_names[bar.status])}, "
            f"{bar.start} – {bar.end}</title></rect>"
        )
    today = _x(t, t.today)
    out.append(
        f'<line x1="{today:.1f}" y1="{TOP - 4}" x2="{today:.1f}" y2="{height}" stroke="#d95f02" '
        'stroke-width="2" stroke-dasharray="3 2"/>'
    )
    out.append("</svg>")
    return "".join(out)
