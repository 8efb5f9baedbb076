"""Which professionals to involve for a kind of measure: a small mapping, readable on its own.

Derived from the actors' tasks in Bijlage 2 (Table B2.1) of the report: e.g. the ergonoom
designs workplaces and work processes, the A&O-deskundige advises on psychosocial workload,
the bedrijfsarts runs the PAGO and the preventive consultation hour. The first actor of a
category is the one most directly responsible for it. tests/knowledge/test_search_services.py
checks that every category has an entry and every id is an actor in actors.yaml.
"""

from __future__ import annotations

CATEGORY_ACTORS: dict[str, tuple[str, ...]] = {
    "risk_assessment": (
        "arbeidshygienist",
        "veiligheidsdeskundige",
        "a-o-deskundige",
        "preventiemedewerker",
    ),
    "safety": ("veiligheidsdeskundige", "preventiemedewerker", "arbeidshygienist"),
    "physical_load_reduction": ("ergonoom", "arbeidshygienist", "arbeidsdeskundige"),
    "ergonomics": ("ergonoom", "arbeidsdeskundige"),
    "exercise": ("praktijkondersteuner-huisarts", "ergonoom"),
    "vitality_lifestyle": ("praktijkondersteuner-huisarts", "voedingsdeskundige", "bedrijfsarts"),
    "stress_reduction": ("a-o-deskundige", "a-o-psycholoog", "bedrijfsmaatschappelijk-werker"),
    "health_check": ("bedrijfsarts", "arbo-verpleegkundige", "verpleegkundig-specialist-pa"),
    "manager_training": ("a-o-deskundige", "casemanager", "hr-professional"),
    "worker_training": ("preventiemedewerker", "veiligheidsdeskundige", "a-o-deskundige"),
    "coaching_support": ("a-o-psycholoog", "bedrijfsmaatschappelijk-werker", "loopbaanadviseur"),
    "social_activities": ("hr-professional", "a-o-psycholoog"),
    "workplace_design": ("ergonoom", "arbeidshygienist"),
    "staffing_workload": ("a-o-deskundige", "hr-professional"),
    "career_development": ("loopbaanadviseur", "arbeidsdeskundige"),
    "ageing_workforce": ("arbeidsdeskundige", "bedrijfsarts", "loopbaanadviseur"),
    "substance_use": ("bedrijfsarts", "bedrijfsmaatschappelijk-werker", "vertrouwenspersoon"),
    "absence_dialogue": ("casemanager", "bedrijfsarts", "hr-professional"),
    "preventive_consultation": (
        "bedrijfsarts",
        "praktijkondersteuner-bedrijfsarts",
        "arbo-verpleegkundige",
    ),
    "online_platform": ("hr-professional", "preventiemedewerker"),
}

# Whatever the measure, the works council has a say in the arbo policy (Arbowet art. 12)
# and the employer decides; they are listed after the experts.
ALWAYS: tuple[str, ...] = ("ondernemingsraad",)


def actors_for(categories: list[str]) -> list[tuple[str, list[str]]]:
    """(actor id, the categories it is involved for), first-named categories first."""
    order: list[str] = []
    reasons: dict[str, list[str]] = {}
    for category in categories:
        for actor in CATEGORY_ACTORS.get(category, ()):
            if actor not in reasons:
                order.append(actor)
                reasons[actor] = []
            reasons[actor].append(category)
    for actor in ALWAYS:
        if actor not in reasons:
            order.append(actor)
            reasons[actor] = []
    return [(actor, reasons[actor]) for actor in order]
