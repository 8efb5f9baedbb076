"""Geometry for the inline SVG charts: scales, ticks, bar rectangles and line points.

Charts are drawn on the server as SVG (no JavaScript library, nothing from the internet);
this module only turns values into coordinates, the templates draw them. Every chart sits
beside a table with the same numbers, so the SVG is a picture of the table, not its only form.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pydantic import BaseModel

WIDTH = 640
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 48, 28, 16, 40


class Tick(BaseModel):
    y: float
    label: str


class Bar(BaseModel):
    label: str
    value: float | None
    text: str
    x: float
    y: float
    width: float
    height: float


class BarChart(BaseModel):
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    reference_y: float | None
    plot_left: int
    plot_right: int
    baseline: float


class Point(BaseModel):
    x: float
    y: float
    label: str
    text: str


class Line(BaseModel):
    name: str
    dashed: bool
    segments: list[str]  # SVG "x,y x,y" strings; a missing value breaks the line
    points: list[Point]


class LineChart(BaseModel):
    width: int
    height: int
    lines: list[Line]
    ticks: list[Tick]
    x_labels: list[Point]
    plot_left: int
    plot_right: int
    baseline: float


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value:
            return float(candidate)
    return float(10 ** (exponent + 1))


def _ticks(top: float) -> list[Tick]:
    plot = HEIGHT - TOP - BOTTOM
    return [Tick(y=TOP + plot - plot * i / 4, label=_short(top * i / 4)) for i in range(5)]


def _short(value: float) -> str:
    """1.25 -> 1,25; 2.5 -> 2,5; 3.0 -> 3: as many decimals as the tick needs."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _fmt(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}".replace(".", ",")


def bars(
    items: Sequence[tuple[str, float | None]], reference: float | None = None, digits: int = 1
) -> BarChart:
    """Vertical bars; a None value (e.g. a suppressed group) gets no bar, only its label."""
    values = [v for _, v in items if v is not None]
    top = _nice_max(max([*values, reference or 0.0, 0.0]) * 1.1)
    if digits == 0:  # counts: whole numbers on every tick
        top = max(4.0, math.ceil(top / 4) * 4)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(items), 1)
    result: list[Bar] = []
    for i, (label, value) in enumerate(items):
        h = 0.0 if value is None else plot_h * value / top
        result.append(
            Bar(
                label=label,
                value=value,
                text=_fmt(value, digits),
                x=LEFT + i * slot + slot * 0.15,
                y=TOP + plot_h - h,
                width=slot * 0.7,
                height=h,
            )
        )
    ref_y = None if reference is None else TOP + plot_h - plot_h * reference / top
    return BarChart(
        width=WIDTH,
        height=HEIGHT,
        bars=result,
        ticks=_ticks(top),
        reference_y=ref_y,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        baseline=TOP + plot_h,
    )


def lines(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], bool]],
    digits: int = 1,
) -> LineChart:
    """One x position per label; each series is (name, values, dashed)."""
    values = [v for _, vs, _ in series for v in vs if v is not None]
    top = _nice_max(max([*values, 0.0]) * 1.1)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return LEFT + (i * step if len(labels) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h - plot_h * v / top

    drawn: list[Line] = []
    for name, vs, dashed in series:
        segments: list[str] = []
        current: list[str] = []
        points: list[Point] = []
        for i, v in enumerate(vs):
            if v is None:
                if current:
                    segments.append(" ".join(current))
                current = []
                continue
            current.append(f"{x(i):.1f},{y(v):.1f}")
            points.append(Point(x=x(i), y=y(v), label=labels[i], text=_fmt(v, digits)))
        if current:
            segments.append(" ".join(current))
        drawn.append(Line(name=name, dashed=dashed, segments=segments, points=points))
    every = max(1, math.ceil(len(labels) / 12))
    x_labels = [
        Point(x=x(i), y=TOP + plot_h + 16, label=label, text=label)
        for i, label in enumerate(labels)
        if i % every == 0
    ]
    return LineChart(
        width=WIDTH,
        height=HEIGHT,
        lines=drawn,
        ticks=_ticks(top),
        x_labels=x_labels,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        baseline=TOP + plot_h,
    )
