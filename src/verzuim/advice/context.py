"""What surrounds the package: conditions for success (chapter 4), knowledge gaps that touch
the profile (2.4, 3.4, chapter 6) and the CBS benchmark for sector and size class."""

from __future__ import annotations

import re
from functools import cache

from verzuim import cbs
from verzuim.advice.facts import facts as when_facts
from verzuim.advice.facts import holds, home_work_high, workforce
from verzuim.advice.profile import Profile
from verzuim.advice.result import (
    Benchmark,
    BenchmarkFigure,
    Condition,
    GapItem,
    Measure,
    Reason,
)
from verzuim.advice.rules import Rules
from verzuim.knowledge import KnowledgeBase
from verzuim.knowledge.models import Caveat as EvidenceCaveat
from verzuim.knowledge.models import Gap, Text

COST_WORDS = frozenset({"cost", "costs", "eur", "euro", "kosten"})


def conditions(profile: Profile, kb: KnowledgeBase, rules: Rules) -> list[Condition]:
    out: list[Condition] = []
    for rule in rules.condition_rules:
        if not holds(rule.when, profile, rules):
            continue
        if rule.kind == "perspectives":
            kinds = rule.perspective_kinds
            chosen = [p for p in kb.perspectives if p.kind in kinds]
            # Grouped in the rule's order of kinds, data order within a kind (sort is stable).
            for p in sorted(chosen, key=lambda p: kinds.index(p.kind)):
                out.append(
                    Condition(
                        id=p.id,
                        rule=rule.id,
                        kind=p.kind,
                        section=p.section,
                        perspective=p.perspective,
                        com_b=p.com_b,
                        valence=p.valence,
                        text=p.text,
                    )
                )
        elif rule.kind == "cost_figures":
            for f in kb.report.figures:
                # Whole words of code and unit, so "Europe" is not a cost.
                words = set(re.split(r"[^a-z]+", f"{f.code} {f.unit}".lower()))
                if words & COST_WORDS:
                    out.append(
                        Condition(
                            id=f"figure-{f.code}",
                            rule=rule.id,
                            kind="cost_figure",
                            section=f.section,
                            perspective="employer",
                            com_b="motivation",
                            valence=None,
                            text=f.text,
                        )
                    )
        elif rule.kind == "evidence_caveats":
            for record in kb.evidence:
                if isinstance(record, EvidenceCaveat) and record.id in rule.caveat_ids:
                    out.append(
                        Condition(
                            id=record.id,
                            rule=rule.id,
                            kind="implementation",
                            section=record.section,
                            perspective="both",
                            com_b=None,
                            valence=None,
                            text=record.text,
                        )
                    )
        else:  # note: the rule's own text is the condition
            out.append(
                Condition(
                    id=rule.id,
                    rule=rule.id,
                    kind="note",
                    section=rule.section,
                    perspective="employer",
                    com_b="opportunity",
                    valence=None,
                    text=rule.explain,
                )
            )
    return out


ALL_ABSENCE = {"physical", "mental", "general"}
ALL_WORKERS = {"practical", "theoretical"}


def _specific(values: list[str], every: set[str]) -> set[str]:
    """A gap that lists every value (or none) is not specific to any of them."""
    given = set(values)
    return set() if not given or every <= given else given


def _fits(gap: Gap, profile: Profile, rules: Rules) -> bool:
    """gap-fit: leave out gaps about a group the profile does not belong to."""
    if gap.home_work and not home_work_high(profile, rules):
        return False
    workers = _specific(list(gap.worker_types), ALL_WORKERS)
    group = workforce(profile, rules)
    if workers and group is not None and group not in workers:
        return False
    if workers and group is None and profile.share_practical is not None:
        return False  # a mixed workforce is not "mainly" either group
    types = _specific(list(gap.absence_types), ALL_ABSENCE)
    return not (types and profile.concern != "unknown" and profile.concern not in types)


def gaps(
    profile: Profile, kb: KnowledgeBase, rules: Rules, package: list[Measure]
) -> list[GapItem]:
    group = workforce(profile, rules)
    categories = {c for m in package for c in m.categories}
    out: list[GapItem] = []
    for gap in kb.gaps:
        reasons: list[Reason] = []
        fit_rule = next((r for r in rules.gap_rules if r.kind == "fit"), None)
        if fit_rule is not None and not _fits(gap, profile, rules):
            continue
        types = _specific(list(gap.absence_types), ALL_ABSENCE)
        workers = _specific(list(gap.worker_types), ALL_WORKERS)
        for rule in rules.gap_rules:
            if rule.kind == "fit" or not holds(rule.when, profile, rules):
                continue
            facts: list[str] | None = None
            shared = sorted(categories & set(gap.categories))
            if rule.kind == "home_work" and gap.home_work:
                facts = when_facts("home_work_high", profile)
            elif rule.kind == "absence_type" and profile.concern in types:
                facts = [f"concern={profile.concern}"]
            elif rule.kind == "worker_type" and group and group in workers:
                facts = [f"share_practical={profile.share_practical:g}"]
            elif rule.kind == "categories" and shared:
                facts = [f"category={c}" for c in shared]
            elif rule.kind == "general" and not (
                types or workers or gap.home_work or gap.categories
            ):
                facts = []
            if facts is not None:
                reasons.append(
                    Reason(
                        rule=rule.id,
                        weight=0,
                        facts=facts,
                        section=rule.section,
                        explain=rule.explain,
                    )
                )
        if reasons:
            general = all(r.rule == "gap-general" for r in reasons)
            out.append(
                GapItem(
                    id=gap.id,
                    topic=gap.topic,
                    missing=gap.missing,
                    sections=list(gap.sections),
                    gap_kind=gap.gap_kind,
                    scope="general" if general else "profile",
                    reasons=reasons,
                )
            )
    # Gaps about this profile first, general ones after; data order within each.
    return sorted(out, key=lambda g: g.scope == "general")


@cache
def _figure(key: str) -> BenchmarkFigure | None:
    """Latest final CBS year for a key; the bundled CBS data never changes in a process."""
    obs = cbs.latest_final_year(key)
    if obs is None:
        return None
    return BenchmarkFigure(key=key, label=obs.title, year=obs.year, absence_pct=obs.absence_pct)


def benchmark(profile: Profile) -> Benchmark:
    try:
        sector = _figure(cbs.sector_key(profile.sector))
    except ValueError:
        sector = None  # a section CBS does not publish (T, U): say nothing rather than guess
    size = _figure(cbs.size_key(profile.size_class)) if profile.size_class else None
    return Benchmark(
        source=cbs.SOURCE,
        sector=sector,
        size_class=size,
        total=_figure(cbs.TOTAL_KEY),
        note=Text(
            nl="Laatste definitieve jaarcijfer van CBS. Inclusief verzuim langer dan een jaar, "
            "zonder zwangerschapsverlof; ter vergelijking, geen norm.",
            en="Latest final annual figure from CBS. Includes absence longer than a year, "
            "excludes pregnancy leave; for context, not a target.",
        ),
    )
