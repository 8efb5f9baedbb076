"""The effect page's chart: monthly ZVP of the target and comparison groups, start marked.
An Altair spec drawn offline by vl-convert (``verzuim.charts``); months a group had under 5
employees have no point (the evaluation left them empty)."""

from __future__ import annotations

from typing import Any

import altair as alt

from verzuim import charts
from verzuim.charts import PALETTE
from verzuim.charts.specs import _inline, _spec
from verzuim.evaluation.result import Evaluation
from verzuim.i18n import Lang
from verzuim.plans.texts import pt


def effect_spec(ev: Evaluation, lang: Lang) -> dict[str, Any]:
    treated, compared = pt("treated", lang), pt("compared", lang)
    values: list[dict[str, Any]] = []
    for p in ev.series:
        if p.treated_zvp is not None:
            values.append({"month": p.month, "group": treated, "zvp": p.treated_zvp})
        if p.comparison_zvp is not None:
            values.append({"month": p.month, "group": compared, "zvp": p.comparison_zvp})
    months = [p.month for p in ev.series]
    start = f"{ev.start.year}-{ev.start.month:02d}"
    lines = (
        alt.Chart(_inline(values))
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", sort=months, title=None, axis=alt.Axis(labelAngle=-90)),
            y=alt.Y("zvp:Q", title="%", axis=alt.Axis(format=",.1f")),
            color=alt.Color(
                "group:N",
                scale=alt.Scale(
                    domain=[treated, compared], range=[PALETTE["accent"], PALETTE["benchmark"]]
                ),
                legend=alt.Legend(title=None, orient="bottom", direction="horizontal"),
            ),
            tooltip=["month:O", "group:N", alt.Tooltip("zvp:Q", format=",.2f")],
        )
    )
    rule = (
        alt.Chart(_inline([{"month": start}]))
        .mark_rule(color=PALETTE["ink"], strokeDash=[4, 3], strokeWidth=2)
        .encode(x=alt.X("month:O", sort=months))
    )
    chart = alt.layer(lines, rule).properties(
        description=f"{pt('monthly', lang)}. {pt('start_marked', lang)}", width=600, height=240
    )
    return _spec(chart)


def effect_chart(ev: Evaluation, lang: Lang) -> str:
    return charts.inline(effect_spec(ev, lang), lang)
