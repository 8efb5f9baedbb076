"""The gap map drawn as SVG (download): bubble area = number of practices, colour = evidence class.

Drawing only: every number and class comes from :func:`verzuim.knowledge.gapmap.gap_map`.
All text is escaped; the SVG has a <title> and <desc> so it is understandable on its own.
"""

from __future__ import annotations

import math

from markupsafe import escape

from verzuim.knowledge.gapmap import GapMap

COLOURS = {
    "review_indicative": "#1b6e3a",
    "review_weak": "#b35c00",
    "practice_only": "#1f5a96",
    "gap": "#ffffff",
}
LABEL_W = 300
COL_W = 78
ROW_H = 30
HEAD_H = 92
LEGEND_H = 110


def _radius(count: int, max_count: int) -> float:
    # Area, not radius, grows with the count: radius ~ sqrt(count).
    if count <= 0 or max_count <= 0:
        return 0.0
    return 4.0 + 10.0 * math.sqrt(count / max_count)


def render_svg(data: GapMap, standalone: bool = False) -> str:
    width = LABEL_W + COL_W * len(data.columns) + 20
    height = HEAD_H + ROW_H * len(data.rows) + LEGEND_H
    parts: list[str] = []
    ns = ' xmlns="http://www.w3.org/2000/svg"'
    parts.append(
        f'<svg{ns} width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="sans-serif" font-size="12" role="img" aria-labelledby="map-title map-desc">'
    )
    parts.append(f'<title id="map-title">{escape(data.second_label)}</title>')
    parts.append(
        '<desc id="map-desc">' + escape(" ".join(item.label for item in data.legend)) + "</desc>"
    )
    if standalone:
        parts.append(f'<rect width="{width}" height="{height}" fill="#ffffff"/>')
    # Column heads: absence type, and under it the second dimension (rotated to fit).
    for i, col in enumerate(data.columns):
        x = LABEL_W + i * COL_W + COL_W / 2
        head = col.absence_label if col.second_label is None else col.second_label
        parts.append(
            f'<text x="{x:.0f}" y="{HEAD_H - 8}" transform="rotate(-35 {x:.0f} {HEAD_H - 8})" '
            f'fill="#1b1b1b">{escape(head)}</text>'
        )
        if col.second_label is not None and (
            i == 0 or data.columns[i - 1].absence_type != col.absence_type
        ):
            parts.append(
                f'<text x="{LABEL_W + i * COL_W + 4}" y="14" font-weight="bold" fill="#1b1b1b">'
                f"{escape(col.absence_label)}</text>"
            )
    for r, row in enumerate(data.rows):
        y = HEAD_H + r * ROW_H
        if r % 2 == 0:
            parts.append(f'<rect x="0" y="{y}" width="{width}" height="{ROW_H}" fill="#f3f6f8"/>')
        parts.append(
            f'<text x="6" y="{y + ROW_H / 2 + 4:.0f}" fill="#1b1b1b">{escape(row.label)}</text>'
        )
        for i, cell in enumerate(row.cells):
            cx = LABEL_W + i * COL_W + COL_W / 2
            cy = y + ROW_H / 2
            parts.append(f"<g><title>{escape(cell.label)}</title>")
            if cell.evidence == "gap":
                parts.append(
                    f'<circle cx="{cx:.0f}" cy="{cy:.0f}" r="4" fill="#ffffff" '
                    f'stroke="#767676" stroke-dasharray="2 2"/>'
                )
            else:
                radius = max(_radius(cell.practices, data.max_count), 6.0)
                colour = COLOURS[cell.evidence]
                parts.append(
                    f'<circle cx="{cx:.0f}" cy="{cy:.0f}" r="{radius:.1f}" fill="{colour}"/>'
                )
                if cell.practices:
                    parts.append(
                        f'<text x="{cx:.0f}" y="{cy + 4:.0f}" text-anchor="middle" '
                        f'fill="#ffffff" font-size="10">{cell.practices}</text>'
                    )
            parts.append("</g>")
    y = HEAD_H + len(data.rows) * ROW_H + 20
    for k, item in enumerate(data.legend):
        ly = y + k * 20
        stroke = ' stroke="#767676" stroke-dasharray="2 2"' if item.evidence == "gap" else ""
        parts.append(
            f'<circle cx="14" cy="{ly}" r="6" fill="{COLOURS[item.evidence]}"{stroke}/>'
            f'<text x="28" y="{ly + 4}" fill="#1b1b1b">{escape(item.label)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
