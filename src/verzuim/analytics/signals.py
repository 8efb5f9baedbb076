"""Plain rules that turn metrics into findings, each linking to the advice pre-filled.

The rules read only results made by ``metrics.compute``, so a suppressed group can never
raise a finding. Thresholds live in ``RULES`` and are documented in docs/metrics.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from pydantic import BaseModel

from verzuim.analytics.benchmarks import Benchmark
from verzuim.analytics.models import DurationClasses, GroupMetrics, MetricsResult


@dataclass(frozen=True)
class Rule:
    code: str
    concern: str  # advice profile: physical | mental | general | unknown
    risks: tuple[str, ...]  # advice profile risk codes


RULES = {
    "above_benchmark": Rule("above_benchmark", "general", ()),
    "rising_trend": Rule("rising_trend", "general", ()),
    "many_short_spells": Rule("many_short_spells", "unknown", ("psychosocial_load",)),
    "growing_long_share": Rule("growing_long_share", "unknown", ("psychosocial_load",)),
    "frequent_absence": Rule(
        "frequent_absence", "general", ("psychosocial_load", "private_strain")
    ),
}
ABOVE_FACTOR = 1.25  # ZVP at least 25 % above the benchmark ...
ABOVE_POINTS = 1.0  # ... and at least 1 percentage point above it
RISE_FACTOR = 1.20  # second half of the trend 20 % above the first half ...
RISE_POINTS = 0.5  # ... and at least 0.5 percentage point
SHORT_ZMF = 1.5  # more than 1.5 new spells per employee-year ...
SHORT_SHARE = 0.60  # ... of which at least 60 % short (1-14 days)
LONG_SHARE_POINTS = 0.10  # share of spells of 92+ days up by 10 points
LONG_MIN_SPELLS = 3  # and at least 3 such spells: no finding from one case
FREQUENT_PCT = 10.0  # 10 % or more of the employees have frequent absence

TEXTS: dict[str, tuple[str, str]] = {
    "above_benchmark": (
        "Het verzuim van {scope} ({own:.1f}%) ligt ruim boven dat van {bench_name} "
        "({bench:.1f}% in {year}).",
        "Absence in {scope} ({own:.1f}%) is well above {bench_name} ({bench:.1f}% in {year}).",
    ),
    "rising_trend": (
        "Het verzuim stijgt: van gemiddeld {first:.1f}% naar {last:.1f}% in de periode.",
        "Absence is rising: from {first:.1f}% to {last:.1f}% on average over the period.",
    ),
    "many_short_spells": (
        "Veel korte ziekmeldingen in {scope}: {zmf:.1f} per werknemer per jaar, "
        "{share:.0f}% korter dan 15 dagen.",
        "Many short spells in {scope}: {zmf:.1f} per employee per year, {share:.0f}% "
        "shorter than 15 days.",
    ),
    "growing_long_share": (
        "Het aandeel lange verzuimgevallen (92 dagen of meer) groeit van {first:.0f}% naar "
        "{last:.0f}%.",
        "The share of long spells (92 days or more) grows from {first:.0f}% to {last:.0f}%.",
    ),
    "frequent_absence": (
        "{pct:.0f}% van de werknemers in {scope} heeft frequent verzuim (3 of meer "
        "ziekmeldingen in 12 maanden).",
        "{pct:.0f}% of the employees in {scope} have frequent absence (3 or more spells in "
        "12 months).",
    ),
}


class Finding(BaseModel):
    code: str
    group: str | None
    values: dict[str, float]
    text_nl: str
    text_en: str
    advice_url: str


@dataclass(frozen=True)
class Profile:
    """What the advice needs besides the finding: the organisation's sector and size."""

    sector: str | None
    size_class: str | None


def advice_url(rule: Rule, profile: Profile) -> str:
    params: list[tuple[str, str]] = []
    if profile.sector:
        params.append(("sector", profile.sector))
    if profile.size_class:
        params.append(("size_class", profile.size_class))
    params.append(("concern", rule.concern))
    params += [("risks", r) for r in rule.risks]
    return "/advies?" + urlencode(params)


def _finding(
    code: str, group: str | None, profile: Profile, values: dict[str, float], **text: object
) -> Finding:
    scope_nl = f"afdeling {group}" if group else "de organisatie"
    scope_en = f"unit {group}" if group else "the organisation"
    nl, en = TEXTS[code]
    return Finding(
        code=code,
        group=group,
        values=values,
        text_nl=nl.format(scope=scope_nl, **values, **text),
        text_en=en.format(scope=scope_en, **values, **text),
        advice_url=advice_url(RULES[code], profile),
    )


def _short_share(dc: DurationClasses | None) -> float | None:
    if dc is None:
        return None
    count = dc.kort + dc.middellang + dc.lang + dc.extra_lang
    return dc.kort / count if count else None


def _long(dc: DurationClasses | None) -> tuple[int, int]:
    if dc is None:
        return 0, 0
    return dc.lang + dc.extra_lang, dc.kort + dc.middellang + dc.lang + dc.extra_lang


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def evaluate(
    current: MetricsResult,
    trend: Sequence[MetricsResult],
    halves: Sequence[MetricsResult],
    bench: Benchmark,
    profile: Profile,
) -> list[Finding]:
    """Every rule over the total and every shown (not suppressed) group."""
    findings: list[Finding] = []
    scopes: list[GroupMetrics] = [current.total, *current.groups]
    primary = bench.primary()
    point = primary.year(current.period.end.year)
    point = point if point is not None and point.final else primary.latest_final_year()
    for g in scopes:
        if g.suppressed:
            continue
        if (
            point is not None
            and g.zvp is not None
            and g.zvp >= point.pct * ABOVE_FACTOR
            and g.zvp - point.pct >= ABOVE_POINTS
        ):
            findings.append(
                _finding(
                    "above_benchmark",
                    g.group,
                    profile,
                    {"own": g.zvp, "bench": point.pct},
                    bench_name=primary.title,
                    year=point.year,
                )
            )
        share = _short_share(g.duration_classes)
        if g.zmf is not None and share is not None and g.zmf > SHORT_ZMF and share >= SHORT_SHARE:
            findings.append(
                _finding(
                    "many_short_spells", g.group, profile, {"zmf": g.zmf, "share": 100 * share}
                )
            )
        if g.frequent_absence_pct is not None and g.frequent_absence_pct >= FREQUENT_PCT:
            findings.append(
                _finding("frequent_absence", g.group, profile, {"pct": g.frequent_absence_pct})
            )
    shown = [t.total.zvp for t in trend if t.total.zvp is not None]
    if len(shown) >= 4:
        half = len(shown) // 2
        first, last = _mean(shown[:half]), _mean(shown[-half:])
        if last >= first * RISE_FACTOR and last - first >= RISE_POINTS:
            findings.append(_finding("rising_trend", None, profile, {"first": first, "last": last}))
    if len(halves) == 2 and not any(h.total.suppressed for h in halves):
        (long_a, all_a), (long_b, all_b) = (_long(h.total.duration_classes) for h in halves)
        if all_a and all_b and long_b >= LONG_MIN_SPELLS:
            first, last = long_a / all_a, long_b / all_b
            if last - first >= LONG_SHARE_POINTS:
                findings.append(
                    _finding(
                        "growing_long_share",
                        None,
                        profile,
                        {"first": 100 * first, "last": 100 * last},
                    )
                )
    return findings


TITLES: dict[str, tuple[str, str]] = {
    "above_benchmark": ("Verzuim ruim boven de CBS-vergelijking", "Absence well above CBS"),
    "many_short_spells": ("Veel korte ziekmeldingen", "Many short spells"),
    "frequent_absence": ("Veel frequent verzuim", "Much frequent absence"),
    "rising_trend": ("Stijgend verzuim", "Rising absence"),
    "growing_long_share": ("Meer lang verzuim", "More long absence"),
}
_MAIN_VALUE = {"above_benchmark": "own", "many_short_spells": "zmf", "frequent_absence": "pct"}
SHOWN_UNITS = 5


class Summary(BaseModel):
    """Findings as a page lists them: the organisation's one by one, units per rule."""

    code: str
    scope: str  # "organisation" | "units"
    title_nl: str
    title_en: str
    text_nl: str | None
    text_en: str | None
    groups: list[str]
    more: int
    advice_url: str


def summarise(findings: Sequence[Finding]) -> list[Summary]:
    """One line per organisation finding; one per rule for all units it fired for (top 5)."""
    result: list[Summary] = []
    by_code: dict[str, list[Finding]] = {}
    for f in findings:
        title_nl, title_en = TITLES[f.code]
        if f.group is None:
            result.append(
                Summary(
                    code=f.code,
                    scope="organisation",
                    title_nl=title_nl,
                    title_en=title_en,
                    text_nl=f.text_nl,
                    text_en=f.text_en,
                    groups=[],
                    more=0,
                    advice_url=f.advice_url,
                )
            )
        else:
            by_code.setdefault(f.code, []).append(f)
    for code, items in by_code.items():
        key = _MAIN_VALUE.get(code)
        items = sorted(items, key=lambda f: -f.values.get(key or "", 0.0))
        title_nl, title_en = TITLES[code]
        result.append(
            Summary(
                code=code,
                scope="units",
                title_nl=title_nl,
                title_en=title_en,
                text_nl=None,
                text_en=None,
                groups=[f.group or "" for f in items[:SHOWN_UNITS]],
                more=max(0, len(items) - SHOWN_UNITS),
                advice_url=items[0].advice_url,
            )
        )
    return result
