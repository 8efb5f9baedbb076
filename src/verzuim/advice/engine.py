"""The advice engine: a pure, deterministic function from a profile to a typed :class:`Advice`.

It reads no files and no clock; the knowledge base and the rules come in as arguments (the
service passes the bundled ones). Same profile, same knowledge base, same rules: same advice.
"""

from __future__ import annotations

from verzuim import cbs
from verzuim.advice import context, measures, people
from verzuim.advice.profile import Profile
from verzuim.advice.result import (
    Advice,
    Basic,
    Measure,
    Professional,
    ProfileFact,
    Reason,
    RiskGap,
    RiskProfessionals,
    Skipped,
    SourceRef,
    StartPage,
)
from verzuim.advice.rules import Documented, Rules
from verzuim.knowledge import KnowledgeBase
from verzuim.knowledge.models import EvidenceStatement, Practice, ReviewSet, Text

REPORT_SOURCE_ID = "rivm-2025-0080"


def advise(profile: Profile, kb: KnowledgeBase, rules: Rules) -> Advice:
    review_set = next((r for r in kb.evidence if isinstance(r, ReviewSet)), None)
    cands = measures.candidates(kb)
    scored = measures.score_all(profile, cands, rules)
    package, more = measures.build_package(profile, scored, rules)
    chosen = [measures.to_measure(s, profile, rules, review_set, why) for s, why in package]
    further = [measures.to_measure(s, profile, rules, review_set, None) for s in more]
    pros, by_risk = people.professionals(profile, kb, rules)
    return Advice(
        profile=profile.model_dump(mode="json"),
        profile_facts=describe(profile, kb),
        knowledge_base_version=kb.report.knowledge_base_version,
        rules_version=rules.version,
        measures=chosen,
        more_measures=further,
        skipped=_skipped(profile, kb),
        professionals=pros,
        professionals_by_risk=by_risk,
        conditions=context.conditions(profile, kb, rules),
        gaps=context.gaps(profile, kb, rules, chosen),
        benchmark=context.benchmark(profile),
        sources=_sources(kb, chosen + further),
        notes=_notes(profile, by_risk, kb),
        start=_start(chosen, pros, rules),
        basics=_basics(kb, rules),
        risk_gaps=_risk_gaps(profile, kb, rules, measures.risks_with_practice(cands, rules)),
    )


def _reason(rule: Documented, facts: list[str]) -> Reason:
    return Reason(rule=rule.id, weight=0, facts=facts, section=rule.section, explain=rule.explain)


# Who to call first when nobody else is named: the basis of every organisation (6.3, Bijlage 2).
FIRST_CALLS = ("bedrijfsarts", "preventiemedewerker")
MAX_CALLS = 5


def _start(chosen: list[Measure], pros: list[Professional], rules: Rules) -> StartPage:
    """The first page: the best few measures, the professionals to call, first step, caveat."""
    known = {p.id for p in pros}
    call = [a for a in FIRST_CALLS if a in known]
    call += [p.id for p in pros if p.id not in call and (p.for_risks or p.core_expert)]
    first = chosen[: rules.package.start]
    review = next((m for m in chosen if m.evidence == "review_based"), None)
    if review is not None and review not in first:
        # The strongest evidence the package has belongs on the first page (2.4, 6.1).
        first = [*first[:-1], review]
    return StartPage(
        measures=[m.id for m in first],
        call=call[:MAX_CALLS],
        first_step=_reason(rules.start.first_step, []),
        caveat=_reason(rules.start.caveat, []),
    )


def _basics(kb: KnowledgeBase, rules: Rules) -> list[Basic]:
    out: list[Basic] = []
    for b in rules.basics:
        actors = [a for a in (kb.actor(x) for x in b.actors) if a is not None]
        out.append(
            Basic(
                id=b.id,
                section=b.section,
                title=b.title,
                text=b.explain,
                actors=[a.id for a in actors],
                actor_names=[a.name for a in actors],
            )
        )
    return out


def _risk_gaps(
    profile: Profile, kb: KnowledgeBase, rules: Rules, covered: frozenset[str]
) -> list[RiskGap]:
    """Per profile risk: does the report have a practice for it, and what else it says."""
    labels = {t.code: t.label for t in kb.vocab.risks}
    out: list[RiskGap] = []
    for risk in profile.risks:
        has = risk in covered
        hints = [_reason(h, [f"risk={risk}"]) for h in rules.risk_hints if h.risk == risk]
        if has and not hints:
            continue
        out.append(
            RiskGap(
                risk=risk,
                label=labels[risk],
                has_practice=has,
                text=None if has else rules.start.no_practice.explain,
                hints=hints,
            )
        )
    return out


CONCERN_LABELS = {
    "physical": Text(nl="Lichamelijke klachten", en="Physical complaints"),
    "mental": Text(nl="Mentale klachten", en="Mental complaints"),
    "general": Text(nl="Verzuim in het algemeen", en="Absence in general"),
    "unknown": Text(nl="Weet ik (nog) niet", en="Not known (yet)"),
}


def describe(profile: Profile, kb: KnowledgeBase) -> list[ProfileFact]:
    """The answers with readable labels, in contract order; unanswered keys are left out."""
    sectors = {s.letter: s.label for s in kb.vocab.sbi_sections}
    risks = {t.code: t.label for t in kb.vocab.risks}
    facts = [ProfileFact(key="sector", value=profile.sector, label=sectors[profile.sector])]
    if profile.size_class:
        text = f"{profile.size_class}"
        facts.append(ProfileFact(key="size_class", value=text, label=Text(nl=text, en=text)))
    for key in ("share_practical", "share_home_work"):
        share = getattr(profile, key)
        if share is not None:
            text = f"{share * 100:.0f}%"
            facts.append(ProfileFact(key=key, value=f"{share:g}", label=Text(nl=text, en=text)))
    facts.append(
        ProfileFact(key="concern", value=profile.concern, label=CONCERN_LABELS[profile.concern])
    )
    facts += [ProfileFact(key="risks", value=r, label=risks[r]) for r in profile.risks]
    yes_no = Text(nl="ja", en="yes") if profile.workers_at_risk else Text(nl="nee", en="no")
    facts.append(
        ProfileFact(key="workers_at_risk", value=str(profile.workers_at_risk).lower(), label=yes_no)
    )
    for m in profile.measures_in_place:
        record = kb.get(m)
        title = getattr(record, "title", None)
        facts.append(
            ProfileFact(
                key="measures_in_place",
                value=m,
                label=title if isinstance(title, Text) else Text(nl=m, en=m),
            )
        )
    for a in profile.professionals_available:
        actor = kb.actor(a)
        label = actor.name if actor else Text(nl=a, en=a)
        facts.append(ProfileFact(key="professionals_available", value=a, label=label))
    return facts


def _skipped(profile: Profile, kb: KnowledgeBase) -> list[Skipped]:
    out: list[Skipped] = []
    for measure_id in profile.measures_in_place:
        record = kb.get(measure_id)
        if isinstance(record, Practice | EvidenceStatement):
            out.append(
                Skipped(
                    id=measure_id,
                    title=record.title,
                    reason=Text(
                        nl="U heeft dit al; daarom staat het niet in het pakket.",
                        en="You already have this, so it is not in the package.",
                    ),
                )
            )
    return out


def _sources(kb: KnowledgeBase, shown: list[Measure]) -> list[SourceRef]:
    """Every source the advice rests on, each once: the report, CBS and each measure's source."""
    report = kb.report
    out: dict[str, SourceRef] = {
        REPORT_SOURCE_ID: SourceRef(
            id=REPORT_SOURCE_ID,
            kind="report",
            citation=f"{report.publisher}, {report.title.nl} (rapport {report.number}, "
            f"{report.year})",
            title=report.title.nl,
            publication=f"{report.publisher} {report.number}",
        ),
        "cbs-80072ned": SourceRef(id="cbs-80072ned", kind="statistics", citation=cbs.SOURCE),
    }
    for m in shown:
        out.setdefault(m.source.id, m.source)
    return list(out.values())


def _notes(profile: Profile, by_risk: list[RiskProfessionals], kb: KnowledgeBase) -> list[Text]:
    notes: list[Text] = []
    for entry in by_risk:
        if not entry.professionals:
            notes.append(
                Text(
                    nl=f"Voor het risico '{entry.label.nl}' noemt het rapport geen specifieke "
                    "professional; bespreek het met de bedrijfsarts en in de RI&E.",
                    en=f"For the risk '{entry.label.en}' the report names no specific "
                    "professional; discuss it with the occupational physician and in the RI&E.",
                )
            )
    if not profile.risks:
        notes.append(
            Text(
                nl="U gaf geen risico's op; begin met een RI&E om ze in kaart te brengen.",
                en="You gave no risks; start with an RI&E to map them.",
            )
        )
    return notes


def check_rules(rules: Rules, kb: KnowledgeBase) -> list[str]:
    """Codes in rules.yaml that the knowledge base does not know (a test keeps this empty)."""
    categories = {t.code for t in kb.vocab.categories}
    risks = {t.code for t in kb.vocab.risks}
    actors = {a.id for a in kb.actors}
    statements = {s.id for s in kb.statements}
    caveats = {r.id for r in kb.evidence}
    problems: list[str] = []

    def need(rule_id: str, what: str, values: list[str] | set[str], known: set[str]) -> None:
        for value in sorted(set(values) - known):
            problems.append(f"rules.yaml, rule {rule_id}: unknown {what} {value!r}")

    for m in rules.measure_rules:
        need(m.id, "category", m.categories, categories)
        need(m.id, "risk", [m.risk] if m.risk else [], risks)
    for p in rules.package_rules:
        need(p.id, "category", p.categories, categories)
        need(p.id, "statement", [p.statement] if p.statement else [], statements)
    for b in rules.basics:
        need(b.id, "actor", b.actors, actors)
    for h in rules.risk_hints:
        need(h.id, "risk", [h.risk], risks)
    for r in rules.professional_rules:
        need(r.id, "actor", r.actors, actors)
        need(r.id, "risk", [r.risk] if r.risk else [], risks)
    for c in rules.condition_rules:
        need(c.id, "evidence caveat", c.caveat_ids, caveats)
    return problems
