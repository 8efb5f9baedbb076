"""Vega-Lite specifications built with Altair from service results; drawing only.

Every number comes from the typed result (GapMap, Dashboard); labels come from the
interface texts in the reader's language. Specs carry their data inline, so a spec is a
complete, offline description of its chart (and what the snapshot tests compare).
"""

from __future__ import annotations

import textwrap
from typing import Any

import altair as alt

from verzuim.analytics.service import Dashboard
from verzuim.analytics.teams import TeamView
from verzuim.charts import PALETTE
from verzuim.i18n import Lang, translate
from verzuim.knowledge.gapmap import GapMap

EVIDENCE_ORDER = ("review_indicative", "review_weak", "practice_only", "gap")


def _inline(values: list[dict[str, Any]]) -> alt.Data:
    """The chart's data inside its spec: the spec alone draws the chart, offline."""
    return alt.Data(values=values)  # type: ignore[no-untyped-call]


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    # Altair's JSON Schema validation costs ~100 ms per chart; the snapshot tests and the
    # renderer check the specs instead.
    spec = chart.to_dict(validate=False)
    # The JSON Schema address is a name, never fetched; leave it out of snapshots and renders.
    spec.pop("$schema", None)
    return spec


# --- evidence-and-gap map -------------------------------------------------------------------


def gap_map(data: GapMap, lang: Lang) -> dict[str, Any]:
    """Bubbles: one per cell; area = good practices, colour = evidence class, dashed = gap."""
    columns = [
        c.absence_label + (f" · {c.second_label}" if c.second_label else "") for c in data.columns
    ]
    rows = [r.label for r in data.rows]
    legend = {item.evidence: item.label for item in data.legend}
    values = [
        {
            "row": row.label,
            "column": columns[i],
            "practices": cell.practices,
            "reviews": len(cell.reviews),
            "evidence": legend[cell.evidence],
        }
        for row in data.rows
        for i, cell in enumerate(row.cells)
    ]
    base = alt.Chart(_inline(values)).encode(
        x=alt.X(
            "column:N",
            sort=columns,
            title=None,
            axis=alt.Axis(orient="top", labelAngle=-35, labelLimit=160),
        ),
        y=alt.Y("row:N", sort=rows, title=None, axis=alt.Axis(labelLimit=260)),
    )
    classes = [legend[e] for e in EVIDENCE_ORDER if e in legend]
    colours = [PALETTE[e] for e in EVIDENCE_ORDER if e in legend]
    colour = alt.Color(
        "evidence:N",
        scale=alt.Scale(domain=classes, range=colours),
        legend=alt.Legend(title=None, orient="bottom", direction="vertical", labelLimit=420),
    )
    bubbles = (
        base.mark_circle(opacity=1)
        .encode(
            size=alt.Size(
                "practices:Q", scale=alt.Scale(range=[140, 1100], zero=False), legend=None
            ),
            color=colour,
            tooltip=["row:N", "column:N", "practices:Q", "reviews:Q", "evidence:N"],
        )
        .transform_filter(alt.datum.practices > 0)
    )
    reviews_only = (
        base.mark_circle(size=140, opacity=1)
        .encode(color=colour)
        .transform_filter((alt.datum.practices == 0) & (alt.datum.reviews > 0))
    )
    gaps = (
        base.mark_point(shape="circle", size=60, strokeDash=[2, 2], filled=False)
        .encode(color=colour)
        .transform_filter((alt.datum.practices == 0) & (alt.datum.reviews == 0))
    )
    counts = (
        base.mark_text(color="#ffffff", fontSize=10, fontWeight="bold")
        .encode(text="practices:Q")
        .transform_filter(alt.datum.practices > 0)
    )
    # "+R" (review conclusions in this cell) beside the bubble, never over its number.
    reviewed = (
        base.mark_text(color=PALETTE["ink"], fontSize=9, align="left", dx=13)
        .encode(text=alt.value("+R"))
        .transform_filter(alt.datum.reviews > 0)
    )
    chart = alt.layer(bubbles, reviews_only, gaps, counts, reviewed).properties(
        title=f"{translate('map.caption', lang)}: {data.second_label}",
        width=max(60 * len(columns), 240),
        height=30 * len(rows),
    )
    return _spec(chart)


# --- absence dashboard ----------------------------------------------------------------------


def _angle(labels: list[str]) -> int:
    """Level labels while they fit; slanted when there are many (months) or long ones."""
    return 0 if len(labels) <= 6 and max((len(x) for x in labels), default=0) <= 12 else -40


def trend(d: Dashboard, lang: Lang) -> dict[str, Any]:
    """Own absence percentage per period, and the benchmark dashed; gaps where suppressed."""
    own = translate("analyse.own_zvp", lang)
    bench = translate("analyse.benchmark", lang)
    labels = [p.label for p in d.trend]
    values = [
        {"period": p.label, "series": name, "value": value}
        for p in d.trend
        for name, value in ((own, p.zvp), (bench, p.benchmark))
        if value is not None
    ]
    chart = (
        alt.Chart(_inline(values))
        .mark_line(point=True)
        .encode(
            x=alt.X("period:O", sort=labels, title=None, axis=alt.Axis(labelAngle=_angle(labels))),
            y=alt.Y("value:Q", title="%", axis=alt.Axis(format=",.1f")),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(
                    domain=[own, bench], range=[PALETTE["accent"], PALETTE["benchmark"]]
                ),
                legend=alt.Legend(
                    title=None,
                    orient="bottom",
                    direction="horizontal",
                    labelLimit=300,
                    columnPadding=24,
                ),
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                scale=alt.Scale(domain=[own, bench], range=[[1, 0], [6, 4]]),
                legend=None,
            ),
            tooltip=["period:O", "series:N", alt.Tooltip("value:Q", format=",.2f")],
        )
        # The page heading names the chart; the description labels the picture.
        .properties(description=translate("analyse.chart.trend", lang), width=560, height=220)
    )
    return _spec(chart)


def _bars(
    items: list[tuple[str, float | None]],
    title: str,
    y_title: str,
    fmt: str,
    reference: float | None = None,
    reference_label: str = "",
) -> dict[str, Any]:
    order = [label for label, _ in items]
    values = [{"label": label, "value": value} for label, value in items if value is not None]
    bars = (
        alt.Chart(_inline(values))
        .mark_bar(color=PALETTE["accent"])
        .encode(
            x=alt.X(
                "label:N",
                sort=order,
                title=None,
                axis=alt.Axis(labelAngle=_angle(order), labelLimit=90),
            ),
            y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format=fmt)),
            tooltip=["label:N", alt.Tooltip("value:Q", format=fmt)],
        )
    )
    text = bars.mark_text(dy=-6, color=PALETTE["ink"], fontSize=10).encode(
        text=alt.Text("value:Q", format=fmt)
    )
    layers: list[Any] = [bars, text]
    if reference is not None:
        rule = (
            alt.Chart(_inline([{"value": reference, "name": reference_label}]))
            .mark_rule(color=PALETTE["benchmark"], strokeDash=[6, 4], strokeWidth=2)
            .encode(y="value:Q", tooltip=["name:N", alt.Tooltip("value:Q", format=fmt)])
        )
        layers.append(rule)
    chart = alt.layer(*layers).properties(description=title, width=560, height=220)
    return _spec(chart)


# A label of several lines: Vega draws an array of strings as lines.
_LINES = "split(datum.value, '\\n')"


def _wrap(name: str, width: int = 26) -> str:
    return "\n".join(textwrap.wrap(name, width)) or name


def units(d: Dashboard, view: TeamView, lang: Lang) -> dict[str, Any]:
    """The top-N units by absence percentage as horizontal bars, highest first, with the
    benchmark as a dashed rule. Labels are full unit paths, wrapped over lines, never cut
    off; suppressed units are not in the data at all."""
    fmt = ",.1f"
    # Full names wrapped over lines (never cut), so the label column stays narrow enough
    # for the bars to be read on a phone.
    wrapped = {g.group or "": _wrap(g.group or "") for g in view.top}
    order = list(wrapped.values())
    values = [
        {"label": wrapped[g.group or ""], "unit": g.group or "", "value": g.zvp}
        for g in view.top
        if g.zvp is not None
    ]
    lines = max((label.count("\n") + 1 for label in order), default=1)
    y = alt.Y(
        "label:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelLimit=0, labelFontSize=11, labelExpr=_LINES),
    )
    bars = (
        alt.Chart(_inline(values))
        .mark_bar(color=PALETTE["accent"])
        .encode(
            y=y,
            x=alt.X("value:Q", title="%", axis=alt.Axis(format=fmt)),
            tooltip=["unit:N", alt.Tooltip("value:Q", format=fmt)],
        )
    )
    text = bars.mark_text(align="left", dx=3, color=PALETTE["ink"], fontSize=10).encode(
        text=alt.Text("value:Q", format=fmt)
    )
    layers: list[Any] = [bars, text]
    if d.benchmark.pct is not None:
        name = translate("analyse.benchmark", lang)
        rule = (
            alt.Chart(_inline([{"value": d.benchmark.pct, "name": name}]))
            .mark_rule(color=PALETTE["benchmark"], strokeDash=[6, 4], strokeWidth=2)
            .encode(x="value:Q", tooltip=["name:N", alt.Tooltip("value:Q", format=fmt)])
        )
        layers.append(rule)
    title = translate("analyse.chart.top", lang).replace("{n}", str(len(order)))
    chart = alt.layer(*layers).properties(
        description=title, width=320, height=alt.Step(13 * lines + 9)
    )
    return _spec(chart)


def unit_trends(d: Dashboard, view: TeamView, lang: Lang) -> dict[str, Any]:
    """Small multiples: the absence percentage per period of each top-N unit, one panel per
    unit (an Altair facet) on a shared scale; gaps where a unit is suppressed."""
    # Full unit names, wrapped over lines (never cut) so every panel keeps its width.
    wrapped = {t.group: _wrap(t.group) for t in view.trends}
    order = [wrapped[t.group] for t in view.trends]
    labels = [p.label for p in d.trend]
    values = [
        {"unit": wrapped[t.group], "period": p.label, "value": p.zvp}
        for t in view.trends
        for p in t.points
        if p.zvp is not None
    ]
    every = max(1, len(labels) // 4)  # a few period labels per panel, so they stay legible
    chart = (
        alt.Chart(_inline(values))
        .mark_line(point=alt.OverlayMarkDef(size=14), color=PALETTE["accent"])
        .encode(
            x=alt.X(
                "period:O",
                sort=labels,
                title=None,
                axis=alt.Axis(labelAngle=-40, values=labels[::every], labelFontSize=9),
            ),
            y=alt.Y("value:Q", title="%", axis=alt.Axis(format=",.1f", tickCount=3)),
            tooltip=["unit:N", "period:O", alt.Tooltip("value:Q", format=",.2f")],
        )
        .properties(width=150, height=90)
        .facet(
            facet=alt.Facet(
                "unit:N",
                sort=order,
                title=None,
                header=alt.Header(
                    labelLimit=0,
                    labelFontSize=11,
                    labelAnchor="start",
                    labelExpr=_LINES,
                ),
            ),
            columns=3,
        )
        .properties(description=translate("analyse.chart.unit_trends", lang))
    )
    return _spec(chart)


def duration(d: Dashboard, lang: Lang) -> dict[str, Any]:
    dc = d.current.total.duration_classes
    items: list[tuple[str, float | None]] = [
        ("1-14", dc.kort if dc else None),
        ("15-91", dc.middellang if dc else None),
        ("92-365", dc.lang if dc else None),
        ("366-730", dc.extra_lang if dc else None),
    ]
    return _bars(
        items,
        translate("analyse.chart.duration", lang),
        translate("analyse.col.spells", lang),
        ",d",
    )


def frequency(d: Dashboard, lang: Lang) -> dict[str, Any]:
    return _bars(
        [(p.label, p.zmf) for p in d.trend],
        translate("analyse.chart.frequency", lang),
        translate("analyse.zmf", lang),
        ",.2f",
    )


CHARTS = ("trend", "units", "unit_trends", "duration", "frequency")


def dashboard(d: Dashboard, view: TeamView, lang: Lang) -> dict[str, dict[str, Any]]:
    """Every dashboard chart by name (``CHARTS``); the unit charts follow the team view."""
    return {
        "trend": trend(d, lang),
        "units": units(d, view, lang),
        "unit_trends": unit_trends(d, view, lang),
        "duration": duration(d, lang),
        "frequency": frequency(d, lang),
    }
