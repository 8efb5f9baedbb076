"""Service functions behind the home page, "wie doet wat", perspectives, gaps and the model.

Each returns one typed object that the HTML page renders and the JSON twin returns as is.
Every number is counted from the records, never typed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel

from verzuim.i18n import Lang, translate
from verzuim.knowledge.gapmap import gap_map
from verzuim.knowledge.load import KnowledgeBase, load
from verzuim.knowledge.models import Actor, ReviewSet, Text
from verzuim.knowledge.search import MAX_QUERY, QueryTooLongError, index_for, state_url
from verzuim.knowledge.text import highlight
from verzuim.knowledge.textindex import TextIndex


def _tx(nl: str, en: str, lang: Lang) -> str:
    return en if lang == "en" else nl


class NavLink(BaseModel):
    label: str
    url: str


# --- home ---------------------------------------------------------------------------


class KeyFigure(BaseModel):
    value: int
    label: str
    url: str


class WayIn(BaseModel):
    audience: str
    title: str
    text: str
    links: list[NavLink]


class ReviewGroupLink(BaseModel):
    label: str
    reviews: int
    url: str


class ReviewOverview(BaseModel):
    """What the home page's review and study figures count (chapter 2), with links to it."""

    reviews: int
    studies: int
    citation: str
    period: str
    groups: list[ReviewGroupLink]  # the reviews per absence type; they add up to `reviews`
    conclusions: list[NavLink]


class Home(BaseModel):
    title: str
    intro: str
    figures: list[KeyFigure]
    report_facts: list[str]
    ways_in: list[WayIn]
    report: str
    evidence: ReviewOverview | None = None


@lru_cache(maxsize=4)
def _home(lang: Lang) -> Home:
    return home(lang, load())


def home(lang: Lang = "nl", kb: KnowledgeBase | None = None) -> Home:
    if kb is None:
        return _home(lang)
    practices = kb.practices
    review_set = next((r for r in kb.evidence if isinstance(r, ReviewSet)), None)
    the_map = gap_map("none", lang, kb)

    def fig(value: int, nl: str, en: str, url: str) -> KeyFigure:
        return KeyFigure(value=value, label=_tx(nl, en, lang), url=url)

    def count(**facet: str | bool) -> int:
        return sum(1 for p in practices if all(getattr(p, k) == v for k, v in facet.items()))

    figures = [
        fig(
            len(practices),
            "goede praktijken uit de praktijk",
            "good practices",
            "/maatregelen?evidence=practice_based",
        ),
        fig(
            count(country="NL"),
            "daarvan uit Nederland",
            "of them from the Netherlands",
            "/maatregelen?country=NL&evidence=practice_based",
        ),
        fig(
            count(absence_type="physical"),
            "gericht op lichamelijke klachten",
            "aimed at physical complaints",
            "/maatregelen?absence_type=physical&evidence=practice_based",
        ),
        fig(
            count(absence_type="mental"),
            "gericht op mentale klachten",
            "aimed at mental health complaints",
            "/maatregelen?absence_type=mental&evidence=practice_based",
        ),
        fig(
            count(home_work=True),
            "voor thuiswerken",
            "for working from home",
            "/maatregelen?evidence=practice_based&home_work=yes",
        ),
    ]
    if review_set is not None:
        figures += [
            fig(
                review_set.reviews,
                "systematische reviews samengevat",
                "systematic reviews summarised",
                "/#bewijs",
            ),
            fig(
                review_set.studies_with_absence_outcome,
                "studies met verzuim als uitkomst",
                "studies with absence as an outcome",
                "/#bewijs",
            ),
        ]
    figures += [
        fig(
            len(kb.statements),
            "conclusies uit wetenschappelijk onderzoek",
            "conclusions from scientific research",
            "/#conclusies",
        ),
        fig(
            len(kb.actors),
            "professionals en betrokkenen",
            "professionals and parties",
            "/wie-doet-wat",
        ),
        fig(
            sum(a.core_expert for a in kb.actors),
            "kerndeskundigen (Arbowet)",
            "core experts (Working Conditions Act)",
            "/wie-doet-wat?kerndeskundige=1",
        ),
        fig(len(kb.gaps), "kennislacunes", "knowledge gaps", "/kennislacunes"),
        fig(
            the_map.gaps,
            "lege vakken in de kaart van bewijs en hiaten",
            "empty cells in the evidence-and-gap map",
            "/kaart",
        ),
    ]

    def links(*pairs: tuple[str, str, str]) -> list[NavLink]:
        return [NavLink(label=_tx(nl, en, lang), url=url) for nl, en, url in pairs]

    ways_in = [
        WayIn(
            audience="employers",
            title=_tx("Werkgever of HR", "Employer or HR", lang),
            text=_tx(
                "Welke maatregelen passen bij uw organisatie, en wie schakelt u in?",
                "Which measures fit your organisation, and whom do you call in?",
                lang,
            ),
            links=links(
                ("Advies op maat", "Tailored advice", "/advies"),
                (
                    "Maatregelen voor de werkomgeving",
                    "Measures for the work environment",
                    "/maatregelen?level=environment",
                ),
                ("Wie doet wat", "Who does what", "/wie-doet-wat"),
            ),
        ),
        WayIn(
            audience="employees",
            title=_tx("Werknemer", "Employee", lang),
            text=_tx(
                "Wat kunt u zelf doen, en wat helpt werknemers volgens het onderzoek?",
                "What can you do yourself, and what helps employees according to research?",
                lang,
            ),
            links=links(
                (
                    "Maatregelen gericht op de werkende",
                    "Individual-level measures",
                    "/maatregelen?level=individual",
                ),
                (
                    "Wat werknemers en werkgevers zeggen",
                    "What employees and employers say",
                    "/perspectieven",
                ),
            ),
        ),
        WayIn(
            audience="arbo_professionals",
            title=_tx("Arbo-professional", "Occupational health professional", lang),
            text=_tx(
                "Het bewijs per soort maatregel en de rol van elke deskundige.",
                "The evidence per kind of measure and the role of each expert.",
                lang,
            ),
            links=links(
                ("Kaart van bewijs en hiaten", "Evidence-and-gap map", "/kaart"),
                (
                    "Wetenschappelijke conclusies",
                    "Scientific conclusions",
                    "/maatregelen?evidence=review_based",
                ),
                ("Het verzuimmodel", "The absence model", "/verzuimmodel"),
            ),
        ),
        WayIn(
            audience="researchers",
            title=_tx("Onderzoek en beleid", "Research and policy", lang),
            text=_tx(
                "Waar ontbreekt kennis, en waar is wel praktijk maar geen onderzoek?",
                "Where is knowledge missing, and where is there practice but no research?",
                lang,
            ),
            links=links(
                ("Kennislacunes", "Knowledge gaps", "/kennislacunes"),
                ("Kaart van bewijs en hiaten", "Evidence-and-gap map", "/kaart"),
                ("Open data (API)", "Open data (API)", "/api/docs"),
            ),
        ),
    ]
    evidence = None
    if review_set is not None:
        absence = {f.name: f for f in index_for(kb).facets}["absence_type"]
        evidence = ReviewOverview(
            reviews=review_set.reviews,
            studies=review_set.studies_with_absence_outcome,
            citation=review_set.citation,
            period=review_set.period.pick(lang),
            groups=[
                ReviewGroupLink(
                    label=absence.label_of(g.absence_type).pick(lang),
                    reviews=g.reviews,
                    url=f"/maatregelen/{g.id}",
                )
                for g in kb.review_groups
            ],
            conclusions=[
                NavLink(label=s.title.pick(lang), url=f"/maatregelen/{s.id}") for s in kb.statements
            ],
        )
    return Home(
        evidence=evidence,
        title=translate("site.name", lang),  # one product name per language
        intro=_tx(
            "Wat werkt om ziekteverzuim te voorkomen, hoe sterk is het bewijs, waar ontbreekt "
            "kennis en wie kan helpen? Alles uit één rapport, doorzoekbaar op één plek.",
            "What works to prevent sickness absence, how strong is the evidence, where is "
            "knowledge missing and who can help? All from one report, searchable in one place.",
            lang,
        ),
        figures=figures,
        report_facts=[f.text.pick(lang) for f in kb.report.figures],
        ways_in=ways_in,
        report=f"{kb.report.publisher} {kb.report.number}: {kb.report.title.pick(lang)} "
        f"({kb.report.year})",
    )


# --- who does what ------------------------------------------------------------------


class RelevanceOut(BaseModel):
    very_relevant: int
    relevant_not_primary: int
    not_relevant: int
    experts: int


class ActorOut(BaseModel):
    id: str
    name: str
    tasks_html: list[str]
    core_expert: bool
    focus: Literal["policy", "individual", "both"]
    focus_label: str
    relevance: RelevanceOut | None
    table1_rank: int | None
    risks: list[str]
    score: float | None
    matched: list[str]


class Actors(BaseModel):
    query: str
    # Only the four core experts of the Working Conditions Act (the home tile's list).
    core_only: bool = False
    total: int
    actors: list[ActorOut]
    measures_url: str | None  # the same question asked of the measures
    # As the measures search: the corrected query ("did you mean") and split compounds.
    suggestion: str | None = None
    split: list[str] = []


ACTOR_WEIGHTS = {"name": 3.0, "keywords": 3.0, "risks": 2.5, "tasks": 1.5}
FOCUS = {
    "policy": Text(nl="Beleid en organisatie", en="Policy and organisation"),
    "individual": Text(nl="Individuele werkenden", en="Individual workers"),
    "both": Text(nl="Beleid én individuele werkenden", en="Policy and individual workers"),
}


class _ActorIndex:
    def __init__(self, kb: KnowledgeBase) -> None:
        risk_labels = {r.code: r.label for r in kb.vocab.risks}
        self.actors: tuple[Actor, ...] = kb.actors
        records = []
        for a in kb.actors:
            risks = [risk_labels[r] for r in a.risks if r in risk_labels]
            records.append(
                {
                    "name": (a.name.nl + " " + a.printed_name, a.name.en),
                    "keywords": (" ".join(a.keywords), ""),
                    "risks": (" ".join(r.nl for r in risks), " ".join(r.en for r in risks)),
                    "tasks": (" ".join(t.nl for t in a.tasks), " ".join(t.en for t in a.tasks)),
                }
            )
        self.text = TextIndex.build(records, ACTOR_WEIGHTS)


_ACTOR_INDEXES: dict[int, tuple[KnowledgeBase, _ActorIndex]] = {}


def _actor_index(kb: KnowledgeBase) -> _ActorIndex:
    entry = _ACTOR_INDEXES.get(id(kb))
    if entry is None or entry[0] is not kb:
        entry = (kb, _ActorIndex(kb))
        _ACTOR_INDEXES[id(kb)] = entry
    return entry[1]


def actors(
    query: str = "",
    lang: Lang = "nl",
    kb: KnowledgeBase | None = None,
    core_only: bool = False,
) -> Actors:
    """The 24 actors in the report's order, or ranked for "who can help with <query>?";
    with ``core_only`` only the core experts (kerndeskundigen) of the Arbowet."""
    query = query.strip()
    if len(query) > MAX_QUERY:
        raise QueryTooLongError(len(query))
    kb = kb or load()
    index = _actor_index(kb)
    rewritten = index.text.rewrite(query)
    concepts = index.text.parse(query)
    matches = index.text.score(concepts) if concepts else {}
    order: Sequence[int] = range(len(index.actors))
    if concepts:
        # Actors matching every concept first, then those matching some (any-word fallback);
        # within each, best match first and then the actor Table 1 rated most relevant.
        def key(i: int) -> tuple[int, float, int]:
            rel = index.actors[i].relevance
            return (
                -matches[i].concepts_matched,
                -matches[i].score,
                -(rel.very_relevant if rel else 0),
            )

        order = sorted(matches, key=key)
    risk_labels = {r.code: r.label for r in kb.vocab.risks}
    out: list[ActorOut] = []
    for i in order:
        a = index.actors[i]
        if core_only and not a.core_expert:
            continue
        match = matches.get(i)
        keys = match.keys if match else set()
        rel = a.relevance
        out.append(
            ActorOut(
                id=a.id,
                name=a.name.pick(lang),
                tasks_html=[str(highlight(task.pick(lang), keys)) for task in a.tasks],
                core_expert=a.core_expert,
                focus=a.focus,
                focus_label=FOCUS[a.focus].pick(lang),
                relevance=RelevanceOut(
                    very_relevant=rel.very_relevant,
                    relevant_not_primary=rel.relevant_not_primary,
                    not_relevant=rel.not_relevant,
                    experts=rel.very_relevant + rel.relevant_not_primary + rel.not_relevant,
                )
                if rel
                else None,
                table1_rank=a.table1_rank,
                risks=[risk_labels[r].pick(lang) for r in a.risks if r in risk_labels],
                score=round(match.score, 2) if match else None,
                matched=[display for _, display, _, _ in match.parts] if match else [],
            )
        )
    return Actors(
        query=query,
        core_only=core_only,
        total=len(out),
        actors=out,
        measures_url=state_url("/maatregelen", query, {}) if query else None,
        suggestion=rewritten.suggestion,
        split=[f"{word}: {' + '.join(parts)}" for word, parts in rewritten.splits],
    )


# --- perspectives -------------------------------------------------------------------


class PerspectiveItem(BaseModel):
    id: str
    text: str
    tags: list[str]
    valence: Literal["helps", "hinders"] | None


class PerspectiveGroup(BaseModel):
    key: str
    title: str
    section: str
    items: list[PerspectiveItem]


class Perspectives(BaseModel):
    groups: list[PerspectiveGroup]
    total: int


_KIND_TITLES: dict[str, Text] = {
    "condition": Text(nl="Randvoorwaarden voor succes", en="Conditions for success"),
    "motivator": Text(nl="Wat motiveert", en="What motivates"),
    "employee_role": Text(nl="De rol van de werknemer zelf", en="The employee's own role"),
    "private_sphere_activity": Text(
        nl="Activiteiten die ook de privésfeer raken", en="Activities touching private life"
    ),
    "activity": Text(nl="Activiteiten die werkgevers noemen", en="Activities named by employers"),
    "home_advantage": Text(nl="Thuiswerken: voordelen", en="Home working: advantages"),
    "home_disadvantage": Text(nl="Thuiswerken: nadelen", en="Home working: disadvantages"),
    "home_helps": Text(nl="Thuiswerken: wat helpt", en="Home working: what helps"),
    "home_employer_view": Text(
        nl="Thuiswerken: de kijk van werkgevers", en="Home working: the employers' view"
    ),
    "home_activity": Text(nl="Thuiswerken: activiteiten", en="Home working: activities"),
    "good_practice_reflection": Text(
        nl="Reflectie op de goede praktijken", en="Reflections on the good practices"
    ),
}
_TAGS: dict[str, Text] = {
    "employer": Text(nl="werkgever", en="employer"),
    "employee": Text(nl="werknemer", en="employee"),
    "capability": Text(nl="capaciteit (COM-B)", en="capability (COM-B)"),
    "opportunity": Text(nl="gelegenheid (COM-B)", en="opportunity (COM-B)"),
    "motivation": Text(nl="motivatie (COM-B)", en="motivation (COM-B)"),
    "helps": Text(nl="helpt", en="helps"),
    "hinders": Text(nl="belemmert", en="hinders"),
    "general": Text(nl="algemeen", en="general"),
    "physical": Text(nl="lichamelijk", en="physical"),
    "mental": Text(nl="mentaal", en="mental"),
    "management": Text(nl="leidinggevenden", en="managers"),
}


def perspectives(lang: Lang = "nl", kb: KnowledgeBase | None = None) -> Perspectives:
    kb = kb or load()
    groups: dict[str, PerspectiveGroup] = {}
    for p in kb.perspectives:
        group = groups.get(p.kind)
        if group is None:
            title = _KIND_TITLES.get(p.kind, Text(nl=p.kind, en=p.kind))
            group = PerspectiveGroup(
                key=p.kind, title=title.pick(lang), section=p.section, items=[]
            )
            groups[p.kind] = group
        tags = [
            _TAGS[v].pick(lang)
            for v in (p.perspective, p.com_b, p.valence, p.group)
            if v is not None and v in _TAGS
        ]
        group.items.append(
            PerspectiveItem(id=p.id, text=p.text.pick(lang), tags=tags, valence=p.valence)
        )
    ordered = [groups[k] for k in _KIND_TITLES if k in groups]
    return Perspectives(groups=ordered, total=len(kb.perspectives))


# --- knowledge gaps -----------------------------------------------------------------


class GapOut(BaseModel):
    id: str
    topic: str
    missing: str
    sections: list[str]
    gap_kind: Literal["absolute", "synthesis", "implementation"]
    gap_kind_label: str
    for_whom: list[str]
    measures_url: str


class Gaps(BaseModel):
    gaps: list[GapOut]
    kinds: list[NavLink]  # gap kind label -> explanation (url field holds the code)


GAP_KINDS = {
    "absolute": Text(
        nl="Absoluut hiaat: er is weinig of geen kennis.",
        en="Absolute gap: there is little or no knowledge.",
    ),
    "synthesis": Text(
        nl="Synthese-hiaat: er zijn studies of praktijken, maar niet geëvalueerd of samengevat.",
        en="Synthesis gap: studies or practices exist but were not evaluated or brought together.",
    ),
    "implementation": Text(
        nl="Implementatie-hiaat: de kennis is er, maar wordt niet gebruikt of ingevoerd.",
        en="Implementation gap: the knowledge exists but is not used or put into practice.",
    ),
}


def gaps(lang: Lang = "nl", kb: KnowledgeBase | None = None) -> Gaps:
    kb = kb or load()
    audiences = {a.code: a.label for a in kb.vocab.audiences}
    out = []
    for g in kb.gaps:
        # The list of what IS there for this topic: home-working practices carry no absence
        # or worker type, so for them the home-work filter alone is the useful one.
        selected: dict[str, list[str]] = (
            {"home_work": ["yes"]}
            if g.home_work
            else {"absence_type": list(g.absence_types), "worker_type": list(g.worker_types)}
        )
        out.append(
            GapOut(
                id=g.id,
                topic=g.topic.pick(lang),
                missing=g.missing.pick(lang),
                sections=list(g.sections),
                gap_kind=g.gap_kind,
                gap_kind_label=GAP_KINDS[g.gap_kind].pick(lang).split(":")[0],
                for_whom=[audiences[a].pick(lang) for a in g.for_whom if a in audiences],
                measures_url=state_url("/maatregelen", "", selected),
            )
        )
    kinds = [NavLink(label=text.pick(lang), url=code) for code, text in GAP_KINDS.items()]
    return Gaps(gaps=out, kinds=kinds)


# --- the absence model --------------------------------------------------------------


class ModelPartOut(BaseModel):
    id: str
    order: int
    name: str
    printed_name: str
    summary: str
    levers: list[str]
    leads_to: list[NavLink]
    actors: list[NavLink]
    actors_derived: bool
    cautions: list[str]


class AbsenceModel(BaseModel):
    source: str
    parts: list[ModelPartOut]


def absence_model(lang: Lang = "nl", kb: KnowledgeBase | None = None) -> AbsenceModel:
    kb = kb or load()
    parts = sorted(kb.model, key=lambda m: m.order)
    names = {m.id: m.name.pick(lang) for m in parts}
    out = []
    for m in parts:
        actor_links = []
        for actor_id in m.actors:
            actor = kb.actor(actor_id)
            if actor is not None:
                actor_links.append(
                    NavLink(label=actor.name.pick(lang), url=f"/wie-doet-wat#{actor.id}")
                )
        out.append(
            ModelPartOut(
                id=m.id,
                order=m.order,
                name=m.name.pick(lang),
                printed_name=m.printed_name,
                summary=m.summary.pick(lang),
                levers=[lever.pick(lang) for lever in m.levers],
                leads_to=[NavLink(label=names[t], url=f"#{t}") for t in m.leads_to if t in names],
                actors=actor_links,
                actors_derived=m.actors_basis == "derived",
                cautions=[c.pick(lang) for c in m.cautions],
            )
        )
    return AbsenceModel(source=kb.report.absence_model_source, parts=out)
