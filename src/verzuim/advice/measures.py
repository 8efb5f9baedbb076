"""Score every measure against the profile and build the package.

A measure is a good practice (Table B1.1/B1.2, practice-based) or one of the three evidence
statements of section 2.4 (review-based). Scores are sums of rule weights from rules.yaml;
each matched rule is kept as a reason with the profile facts it matched, so the ranking
explains itself. Nothing here reads files or the clock: same input, same output.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from verzuim.advice.facts import facts as when_facts
from verzuim.advice.facts import holds, home_work_high, workforce
from verzuim.advice.profile import Profile
from verzuim.advice.result import Caveat, Intervention, Measure, Reason, SourceRef
from verzuim.advice.rules import MeasureRule, PackageRule, Rules
from verzuim.knowledge import KnowledgeBase
from verzuim.knowledge.models import (
    AbsenceType,
    EvidenceStatement,
    Level,
    Practice,
    ReviewSet,
    Text,
)
from verzuim.knowledge.text import fold

EVIDENCE_LABELS = {
    "practice_based": Text(
        nl="Praktijkervaring (door de organisatie zelf gemeld, niet bewezen)",
        en="Practice-based (reported by the organisation itself, not proven)",
    ),
    "review_based": Text(
        nl="Wetenschappelijke reviews (aanwijzingen uit gecontroleerde studies)",
        en="Scientific reviews (indications from controlled studies)",
    ),
}
# Where the Kennisbank shows one measure (relative, so every export works on any host).
MEASURE_PAGE = "/maatregelen/"
INDIVIDUAL: frozenset[Level] = frozenset({"individual", "both"})
ENVIRONMENT: frozenset[Level] = frozenset({"environment", "both"})


@dataclass(frozen=True)
class Candidate:
    """A practice or statement seen through the fields the rules look at."""

    id: str
    kind: str  # "practice" | "statement"
    record: Practice | EvidenceStatement
    absence_types: tuple[AbsenceType, ...]
    categories: frozenset[str]
    level: Level
    # Folded Dutch title, summary and printed intervention type, for the `terms` of risk rules.
    text: str = ""

    @property
    def practice(self) -> Practice | None:
        return self.record if isinstance(self.record, Practice) else None


_CANDIDATES: dict[int, tuple[KnowledgeBase, tuple[Candidate, ...]]] = {}


def candidates(kb: KnowledgeBase) -> tuple[Candidate, ...]:
    """Every measure of a knowledge base; built once per (immutable) knowledge base."""
    cached = _CANDIDATES.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    result = _build_candidates(kb)
    _CANDIDATES[id(kb)] = (kb, result)
    return result


def _build_candidates(kb: KnowledgeBase) -> tuple[Candidate, ...]:
    out = [
        Candidate(
            p.id,
            "practice",
            p,
            (p.absence_type,) if p.absence_type else (),
            frozenset(p.categories),
            p.level,
            fold(f"{p.title.nl} {p.summary.nl} {p.intervention_type_text}"),
        )
        for p in kb.practices
    ]
    out += [
        Candidate(s.id, "statement", s, tuple(s.absence_types), frozenset(s.categories), s.level)
        for s in kb.statements
    ]
    return tuple(out)


def _match(rule: MeasureRule, c: Candidate, profile: Profile, rules: Rules) -> list[str] | None:
    """The profile facts the rule matched on this measure, or None when it does not match."""
    p = c.practice
    # Sorted for stable output; most rules have no categories, so this is usually empty.
    cats = sorted(c.categories.intersection(rule.categories)) if rule.categories else []
    if rule.kind == "concern":
        return [f"concern={profile.concern}"] if profile.concern in c.absence_types else None
    if rule.kind == "concern_fallback":
        hit = profile.concern in rule.concerns and bool(
            set(c.absence_types) & set(rule.absence_types)
        )
        return [f"concern={profile.concern}"] if hit else None
    if rule.kind == "concern_category":
        hit = profile.concern in rule.concerns and bool(cats)
        return [f"concern={profile.concern}", *(f"category={x}" for x in cats)] if hit else None
    if rule.kind == "risk":
        if rule.risk not in profile.risks:
            return None
        return risk_facts(rule, c)
    if rule.kind == "sector":
        hit = p is not None and p.sector_sbi == profile.sector
        return [f"sector={profile.sector}"] if hit else None
    if rule.kind == "worker_type":
        group = workforce(profile, rules)
        hit = p is not None and group == rule.workforce and p.worker_type in rule.worker_types
        return [f"share_practical={profile.share_practical:g}"] if hit else None
    if rule.kind == "worker_type_mismatch":
        group = workforce(profile, rules)
        hit = (
            p is not None
            and group is not None
            and p.worker_type is not None
            and p.worker_type not in (group, "both")
        )
        return [f"share_practical={profile.share_practical:g}"] if hit else None
    if rule.kind == "home_work":
        hit = p is not None and p.home_work and home_work_high(profile, rules)
        return [f"share_home_work={profile.share_home_work:g}"] if hit else None
    if rule.kind == "workers_at_risk":
        record = c.record
        targets = isinstance(record, EvidenceStatement) and record.targets_workers_at_risk
        hit = profile.workers_at_risk and ((rule.targets and targets) or bool(cats))
        return ["workers_at_risk=true", *(f"category={x}" for x in cats)] if hit else None
    if rule.kind == "level":
        return [f"level={c.level}"] if c.level in rule.levels else None
    # evidence: a property of the measure, not of the profile
    evidence = "practice_based" if p is not None else "review_based"
    return [f"evidence={evidence}"] if evidence in rule.evidence else None


@lru_cache(maxsize=1024)
def _folded(term: str) -> str:
    return fold(term)


def risk_facts(rule: MeasureRule, c: Candidate) -> list[str] | None:
    """What a risk rule matched on a measure, regardless of the profile (None: no match).

    A category alone is not enough when the rule lists `terms`: the practice must mention
    one of them, so "any risk assessment" does not count as a measure for hazardous substances.
    """
    cats = sorted(c.categories.intersection(rule.categories))
    if rule.categories and not cats:
        return None
    terms = [t for t in rule.terms if _folded(t) in c.text]
    if rule.terms and not terms:
        return None
    return [f"risk={rule.risk}", *(f"category={x}" for x in cats), *(f"term={t}" for t in terms)]


_COVERED: dict[tuple[int, int], tuple[tuple[Candidate, ...], Rules, frozenset[str]]] = {}


def risks_with_practice(cands: tuple[Candidate, ...], rules: Rules) -> frozenset[str]:
    """The risks for which at least one practice of the report matches its risk rule
    (the same for every profile, so worked out once per knowledge base and rules)."""
    cached = _COVERED.get((id(cands), id(rules)))
    if cached is not None and cached[0] is cands and cached[1] is rules:
        return cached[2]
    found = frozenset(_risks_with_practice(cands, rules))
    _COVERED[(id(cands), id(rules))] = (cands, rules, found)
    return found


def _risks_with_practice(cands: tuple[Candidate, ...], rules: Rules) -> set[str]:
    out: set[str] = set()
    for rule in rules.measure_rules:
        if rule.kind != "risk" or rule.risk is None:
            continue
        if any(c.practice is not None and risk_facts(rule, c) is not None for c in cands):
            out.add(rule.risk)
    return out


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    score: float
    reasons: tuple[Reason, ...]
    relevant: bool


def score_all(profile: Profile, cands: tuple[Candidate, ...], rules: Rules) -> tuple[Scored, ...]:
    """Every measure not already in place, with its score, best first (ties: id order)."""
    in_place = set(profile.measures_in_place)
    out: list[Scored] = []
    for c in cands:
        if c.id in in_place:
            continue
        reasons: list[Reason] = []
        relevant = False
        gated = False
        for rule in rules.measure_rules:
            if c.kind not in rule.scope:
                continue
            if rule.kind == "targeted_gate":
                record = c.record
                targeted = isinstance(record, EvidenceStatement) and record.targets_workers_at_risk
                gated = gated or (targeted and not profile.workers_at_risk)
                continue
            facts = _match(rule, c, profile, rules)
            if facts is None:
                continue
            relevant = relevant or rule.relevance
            reasons.append(
                Reason(
                    rule=rule.id,
                    weight=rule.weight,
                    facts=facts,
                    section=rule.section,
                    explain=rule.explain,
                    basis=rule.basis,
                )
            )
        score = round(sum(r.weight for r in reasons), 2)
        out.append(Scored(c, score, tuple(reasons), relevant and not gated))
    return tuple(sorted(out, key=_rank))


def _rank(s: Scored) -> tuple[float, bool, str]:
    """Best score first; on a tie review-based before practice-based, then by id."""
    return (-s.score, s.candidate.kind != "statement", s.candidate.id)


def _covers(chosen: list[Scored], levels: frozenset[Level]) -> bool:
    return any(s.candidate.level in levels for s in chosen)


def _for_concern(s: Scored, profile: Profile) -> bool:
    if profile.concern == "unknown":
        return True
    return profile.concern in s.candidate.absence_types


def build_package(
    profile: Profile, scored: tuple[Scored, ...], rules: Rules
) -> tuple[list[tuple[Scored, Reason | None]], list[Scored]]:
    """The package (each with the package rule that added it, if any) and further options."""
    relevant = [s for s in scored if s.relevant]
    chosen: list[Scored] = []
    added: dict[str, Reason] = {}
    per_group: dict[str, int] = {}
    for s in relevant:
        if len(chosen) >= rules.package.size:
            break
        p = s.candidate.practice
        group = p.report_group if p is not None else None
        if group is not None and per_group.get(group, 0) >= rules.package.max_per_report_group:
            continue
        if group is not None:
            per_group[group] = per_group.get(group, 0) + 1
        chosen.append(s)

    def add(s: Scored | None, rule: PackageRule, facts: list[str]) -> None:
        if s is None or any(c.candidate.id == s.candidate.id for c in chosen):
            return
        chosen.append(s)
        added[s.candidate.id] = Reason(
            rule=rule.id,
            weight=0,
            facts=facts,
            section=rule.section,
            explain=rule.explain,
            basis=rule.basis,
        )

    for rule in rules.package_rules:
        if not holds(rule.when, profile, rules):
            continue
        facts = when_facts(rule.when, profile)
        if rule.kind == "statement":
            add(next((s for s in scored if s.candidate.id == rule.statement), None), rule, facts)
        elif rule.kind == "best_category":
            cats = set(rule.categories)
            found = (s for s in scored if s.candidate.practice and s.candidate.categories & cats)
            add(next(found, None), rule, facts)
        elif rule.kind == "best_home_work":
            found = (s for s in scored if s.candidate.practice and s.candidate.practice.home_work)
            add(next(found, None), rule, facts)
        else:  # levels: an individual and an environmental component (section 2.4)
            for levels, label in ((INDIVIDUAL, "individual"), (ENVIRONMENT, "environment")):
                if _covers(chosen, levels):
                    continue
                pool = [s for s in scored if s.candidate.level in levels]
                best = next((s for s in pool if s.relevant and _for_concern(s, profile)), None)
                best = best or next((s for s in pool if _for_concern(s, profile)), None)
                add(best, rule, [f"concern={profile.concern}", f"missing_level={label}"])
    # Rank the package as a whole: a guaranteed measure takes the place its score earns.
    chosen.sort(key=_rank)
    ids = {s.candidate.id for s in chosen}
    more = [s for s in relevant if s.candidate.id not in ids][: rules.package.more]
    return [(s, added.get(s.candidate.id)) for s in chosen], more


def source_of(c: Candidate, review_set: ReviewSet | None) -> SourceRef:
    p = c.practice
    if p is not None:
        src = p.source
        citation = (
            ", ".join(part for part in (src.title, src.publication, src.pages) if part)
            or f"Bronnenlijst goede praktijken, {src.ref}"
        )
        return SourceRef(
            id=src.ref,
            kind="practice_source",
            citation=citation,
            title=src.title,
            publication=src.publication,
            pages=src.pages,
            url=src.url,
            note=src.note,
        )
    citation = review_set.citation if review_set else "Bosma et al., BMC Public Health 2025;25:751"
    return SourceRef(
        id=review_set.id if review_set else "ev-scoping-review",
        kind="review",
        citation=f"{citation} (RIVM-rapport 2025-0080, §2.4)",
        title="Scoping review of reviews on interventions preventing sickness absence",
        publication="BMC Public Health",
    )


def caveats_for(c: Candidate, profile: Profile, rules: Rules) -> list[Caveat]:
    p = c.practice
    applies: set[str] = set()
    if p is not None:
        applies.add("practice_based")
        if p.sector_sbi != profile.sector:
            applies.add("other_sector")
        if p.country != "NL":
            applies.add("other_country")
        group = workforce(profile, rules)
        if group and p.worker_type and p.worker_type not in (group, "both"):
            applies.add("worker_type_differs")
        if p.privacy_note is not None:
            applies.add("privacy")
    elif isinstance(c.record, EvidenceStatement):
        applies.add("weak" if c.record.strength == "weak" else "indicative")
    out = [
        Caveat(id=rule.id, section=rule.section, text=rule.text)
        for rule in rules.caveats
        if rule.applies in applies
    ]
    if p is not None and p.privacy_note is not None:
        # The practice's own privacy point, after the general one.
        out.append(Caveat(id=f"privacy-{p.id}", section="AVG", text=p.privacy_note))
    return out


def to_measure(
    s: Scored, profile: Profile, rules: Rules, review_set: ReviewSet | None, added_by: Reason | None
) -> Measure:
    c = s.candidate
    p = c.practice
    record = c.record
    evidence = "practice_based" if p is not None else "review_based"
    interventions: list[Intervention] = []
    if p is not None:
        summary, effect = p.summary, p.effect
    else:
        assert isinstance(record, EvidenceStatement)  # a candidate is a practice or a statement
        summary = record.text
        effect = None
        interventions = [
            Intervention(text=text, url=f"{MEASURE_PAGE}{c.id}") for text in record.interventions
        ]
    return Measure(
        id=c.id,
        kind="practice" if p is not None else "statement",
        url=f"{MEASURE_PAGE}{c.id}",
        title=record.title,
        evidence=evidence,
        evidence_label=EVIDENCE_LABELS[evidence],
        level=c.level,
        score=s.score,
        reasons=list(s.reasons),
        caveats=caveats_for(c, profile, rules),
        source=source_of(c, review_set),
        summary=summary,
        effect=effect,
        absence_types=list(c.absence_types),
        categories=sorted(c.categories),
        components=p.components if p is not None else None,
        sector_sbi=p.sector_sbi if p is not None else None,
        country=p.country if p is not None else None,
        worker_type=p.worker_type if p is not None else None,
        home_work=p.home_work if p is not None else False,
        strength=record.strength if isinstance(record, EvidenceStatement) else None,
        added_by=added_by,
        interventions=interventions,
        note=p.note if p is not None else None,
    )
