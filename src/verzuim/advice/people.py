"""Which professionals to involve, per risk (chapter 5, Bijlage 2).

Professionals are a union over the profile's risks and needs, never a ranking with a cut-off:
adding a risk can only add professionals, never remove those for the other risks.
"""

from __future__ import annotations

from verzuim.advice.profile import NOT_PROFESSIONALS, Profile
from verzuim.advice.result import Professional, Reason, RiskProfessionals
from verzuim.advice.rules import Rules
from verzuim.knowledge import KnowledgeBase


def professionals(
    profile: Profile, kb: KnowledgeBase, rules: Rules
) -> tuple[list[Professional], list[RiskProfessionals]]:
    # actor id -> (risks, needs, reasons), filled in rule order so output order is stable
    risks: dict[str, list[str]] = {}
    needs: dict[str, list[str]] = {}
    reasons: dict[str, list[Reason]] = {}

    def note(actor: str, reason: Reason, risk: str | None = None, need: str | None = None) -> None:
        if actor in NOT_PROFESSIONALS or kb.actor(actor) is None:
            return
        if risk and risk not in risks.setdefault(actor, []):
            risks[actor].append(risk)
        if need and need not in needs.setdefault(actor, []):
            needs[actor].append(need)
        if reason not in reasons.setdefault(actor, []):
            reasons[actor].append(reason)

    for rule in rules.professional_rules:
        if rule.kind == "actor_risks":
            for risk in profile.risks:
                for actor in kb.actors:
                    if risk in actor.risks:
                        why = Reason(
                            rule=rule.id,
                            weight=0,
                            facts=[f"risk={risk}"],
                            section=rule.section,
                            explain=rule.explain,
                        )
                        note(actor.id, why, risk=risk)
        elif rule.kind == "add" and rule.risk in profile.risks:
            why = Reason(
                rule=rule.id,
                weight=0,
                facts=[f"risk={rule.risk}"],
                section=rule.section,
                explain=rule.explain,
            )
            for actor_id in rule.actors:
                note(actor_id, why, risk=rule.risk)
        elif rule.kind == "need" and (rule.need == "basis" or profile.workers_at_risk):
            facts = ["workers_at_risk=true"] if rule.need == "workers_at_risk" else []
            why = Reason(
                rule=rule.id, weight=0, facts=facts, section=rule.section, explain=rule.explain
            )
            for actor_id in rule.actors:
                note(actor_id, why, need=rule.need)

    available = set(profile.professionals_available)
    order = {a.id: i for i, a in enumerate(kb.actors)}
    out: list[Professional] = []
    # Core experts first (Arbowet), then the order of Bijlage 2.
    for actor_id in sorted(reasons, key=lambda a: (not _core(kb, a), order[a])):
        found = kb.actor(actor_id)
        assert found is not None  # note() only keeps known actors
        out.append(
            Professional(
                id=found.id,
                name=found.name,
                core_expert=found.core_expert,
                for_risks=[r for r in profile.risks if r in risks.get(actor_id, [])],
                for_needs=needs.get(actor_id, []),
                available=found.id in available,
                focus=found.focus,
                reasons=reasons[actor_id],
                tasks=list(found.tasks),
            )
        )
    labels = {t.code: t.label for t in kb.vocab.risks}
    by_risk = [
        RiskProfessionals(
            risk=risk,
            label=labels[risk],
            professionals=[p.id for p in out if risk in p.for_risks],
            missing=[p.id for p in out if risk in p.for_risks and not p.available],
        )
        for risk in profile.risks
    ]
    return out, by_risk


def _core(kb: KnowledgeBase, actor_id: str) -> bool:
    actor = kb.actor(actor_id)
    return actor is not None and actor.core_expert
