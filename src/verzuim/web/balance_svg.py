"""The load-against-capacity map as an SVG drawn on the server (no script): one dot per
shown unit, load on the x axis, capacity on the y axis, both 0..100, with a diagonal where
the two are equal. The page puts the same figures in a table beside it."""

from __future__ import annotations

from html import escape

SIZE = 320
PAD = 40


def _x(value: float) -> float:
    return PAD + value / 100 * (SIZE - 2 * PAD)


def _y(value: float) -> float:
    return SIZE - PAD - value / 100 * (SIZE - 2 * PAD)


def scatter(points: list[tuple[str, float, float]], load: str, capacity: str, title: str) -> str:
    """``points``: (unit, load, capacity). Labels are the units' last path part."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" role="img" '
        f'aria-labelledby="balance-map-title" class="balance-map">',
        f'<title id="balance-map-title">{escape(title)}</title>',
        f'<rect x="{PAD}" y="{PAD}" width="{SIZE - 2 * PAD}" height="{SIZE - 2 * PAD}" '
        'fill="#fff" stroke="#555"/>',
        f'<line x1="{_x(0)}" y1="{_y(0)}" x2="{_x(100)}" y2="{_y(100)}" stroke="#999" '
        'stroke-dasharray="4 4"/>',
    ]
    for tick in (0, 50, 100):
        parts.append(
            f'<text x="{_x(tick)}" y="{SIZE - PAD + 14}" font-size="10" '
            f'text-anchor="middle">{tick}</text>'
        )
        parts.append(
            f'<text x="{PAD - 6}" y="{_y(tick) + 3}" font-size="10" text-anchor="end">{tick}</text>'
        )
    parts.append(
        f'<text x="{SIZE / 2}" y="{SIZE - 6}" font-size="12" text-anchor="middle">'
        f"{escape(load)} →</text>"
    )
    parts.append(
        f'<text x="12" y="{SIZE / 2}" font-size="12" text-anchor="middle" '
        f'transform="rotate(-90 12 {SIZE / 2})">{escape(capacity)} →</text>'
    )
    for unit, x, y in points:
        label = unit.rsplit("/", 1)[-1]
        parts.append(
            f'<circle cx="{_x(x):.1f}" cy="{_y(y):.1f}" r="5" fill="#1f5f8b">'
            f"<title>{escape(unit)}: {x:.0f} / {y:.0f}</title></circle>"
        )
        parts.append(
            f'<text x="{_x(x) + 7:.1f}" y="{_y(y) + 4:.1f}" font-size="10">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
