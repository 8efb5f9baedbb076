"""One measure (a good practice or a review-level conclusion) with everything the page shows.

`measure(id, lang)` is the one service behind /maatregelen/{id} and /api/maatregelen/{id}.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from verzuim.i18n import Lang
from verzuim.knowledge.documents import Doc
from verzuim.knowledge.facets import FacetDef
from verzuim.knowledge.load import KnowledgeBase, load
from verzuim.knowledge.models import EvidenceStatement, Practice, ReviewGroup, Text
from verzuim.knowledge.printed import row_label, year_label
from verzuim.knowledge.professionals import actors_for
from verzuim.knowledge.search import index_for

# Plain words for the two kinds of evidence: users confuse labels (peers.md), so say what
# each one is and what it is not.
EVIDENCE_EXPLAINED: dict[str, Text] = {
    "practice_based": Text(
        nl="Praktijkervaring: dit is wat de organisatie zelf over de maatregel en het resultaat "
        "heeft gemeld. Het is niet onafhankelijk onderzocht en er is niet vergeleken met een "
        "groep zonder de maatregel. Het laat zien wat in de praktijk kan, niet dat het werkt.",
        en="Practice-based: this is what the organisation itself reported about the measure and "
        "its result. It has not been independently evaluated and was not compared with a group "
        "without the measure. It shows what is possible in practice, not that it works.",
    ),
    "review_based": Text(
        nl="Wetenschappelijke reviews: dit zijn conclusies uit systematische reviews, die de "
        "uitkomsten van gecontroleerde studies naast elkaar leggen (Bosma e.a., 2025). Het is "
        "het sterkste bewijs in deze kennisbank, maar de reviews zelf noemen beperkingen.",
        en="Review-based: these are conclusions of systematic reviews, which bring together the "
        "results of controlled studies (Bosma et al., 2025). It is the strongest evidence in "
        "this knowledge base, but the reviews themselves name limitations.",
    ),
}
STRENGTH: dict[str, Text] = {
    "indicative": Text(
        nl="Aanwijzing: de reviews wijzen erop dat dit verzuim voorkomt.",
        en="Indicative: the reviews suggest this prevents absence.",
    ),
    "weak": Text(
        nl="Zwak: er is weinig wetenschappelijk bewijs; dit lijkt nog het meest te werken.",
        en="Weak: there is little scientific evidence; this seems to work best so far.",
    ),
}


class Fact(BaseModel):
    label: str
    value: str
    # The language of the value when it differs from the page's: a Dutch text quoted as the
    # report prints it ("as printed") on an English page is marked lang="nl".
    value_lang: str | None = None


class Labelled(BaseModel):
    code: str
    label: str


class Link(BaseModel):
    id: str
    title: str
    url: str
    evidence: Literal["practice_based", "review_based"]
    reason: str


class Professional(BaseModel):
    id: str
    name: str
    core_expert: bool
    url: str
    for_categories: list[str]


class SourceOut(BaseModel):
    ref: str | None
    title: str | None
    publication: str | None
    pages: str | None
    url: str | None
    note: str | None


class MeasureDetail(BaseModel):
    id: str
    kind: Literal["practice", "review_group", "statement"]
    title: str
    summary: str
    effect: str | None
    figures: list[str]
    interventions: list[str]
    note: str | None  # where our coding departs from the printed row
    privacy_note: str | None  # AVG caveat for practices touching individual health data
    facts: list[Fact]
    categories: list[Labelled]
    evidence: Literal["practice_based", "review_based"]
    evidence_label: str
    evidence_explained: str
    strength: str | None
    source: SourceOut
    related: list[Link]
    review_evidence: list[Link]
    professionals: list[Professional]
    list_url: str  # the result list filtered like this measure (absence type, category)


def _facet_label(defs: dict[str, FacetDef], name: str, code: str, lang: Lang) -> str:
    return defs[name].label_of(code).pick(lang)


def _similarity(a: Doc, b: Doc) -> float:
    """Shared categories weigh most, then absence type, components and worker type."""
    score = 0.0
    for name, weight in (
        ("category", 3.0),
        ("absence_type", 1.5),
        ("components", 0.5),
        ("worker_type", 0.5),
        ("level", 0.5),
    ):
        score += weight * len(a.facets[name] & b.facets[name] - {"unspecified"})
    return score


def measure(
    measure_id: str, lang: Lang = "nl", kb: KnowledgeBase | None = None
) -> MeasureDetail | None:
    kb = kb or load()
    index = index_for(kb)
    docs = {d.id: d for d in index.docs}
    doc = docs.get(measure_id)
    if doc is None:
        return None
    defs = {f.name: f for f in index.facets}
    cat_labels = {t.code: t.label for t in kb.vocab.categories}
    record = doc.record

    facts: list[Fact] = []

    def fact(label: Text, value: str | None, printed_dutch: bool = False) -> None:
        if value:
            value_lang = "nl" if printed_dutch and lang != "nl" else None
            facts.append(Fact(label=label.pick(lang), value=value, value_lang=value_lang))

    def facet_fact(name: str) -> None:
        values = sorted(doc.facets[name] - {"unspecified"})
        if values:
            fact(defs[name].label, ", ".join(_facet_label(defs, name, v, lang) for v in values))

    effect: str | None = None
    note: str | None = None
    privacy_note: str | None = None
    figures: list[str] = []
    interventions: list[str] = []
    strength: str | None = None
    source = SourceOut(ref=None, title=None, publication=None, pages=None, url=None, note=None)
    if isinstance(record, Practice):
        fact(
            Text(nl="Tabel en rij", en="Table and row"),
            row_label(record.table, record.number, lang),
        )
        facet_fact("country")
        fact(Text(nl="Jaar", en="Year"), year_label(record.year_text, lang))
        fact(
            Text(nl="Sector (zoals vermeld)", en="Sector (as printed)"),
            record.sector_text,
            printed_dutch=True,
        )
        facet_fact("sector")
        facet_fact("absence_type")
        facet_fact("worker_type")
        facet_fact("components")
        facet_fact("level")
        fact(
            Text(nl="Type interventie (zoals vermeld)", en="Intervention type (as printed)"),
            record.intervention_type_text,
            printed_dutch=True,
        )
        fact(
            Text(nl="Thuiswerken", en="Home working"),
            (Text(nl="ja", en="yes") if record.home_work else Text(nl="nee", en="no")).pick(lang),
        )
        effect = record.effect.pick(lang)
        note = record.note.pick(lang) if record.note else None
        privacy_note = record.privacy_note.pick(lang) if record.privacy_note else None
        figures = [f.pick(lang) for f in record.figures]
        s = record.source
        source = SourceOut(
            ref=s.ref,
            title=s.title,
            publication=s.publication,
            pages=s.pages,
            url=s.url,
            note=s.note.pick(lang) if s.note else None,
        )
    else:
        citation = next((r.citation for r in kb.evidence if r.kind == "review_set"), None)
        section = record.section
        source = SourceOut(
            ref=f"RIVM 2025-0080 §{section}",
            title=citation,
            publication=kb.report.title.pick(lang),
            pages=None,
            url=None,
            note=None,
        )
        facet_fact("absence_type")
        if isinstance(record, ReviewGroup):
            fact(Text(nl="Aantal reviews", en="Number of reviews"), str(record.reviews))
            fact(
                Text(nl="Algemene werkende populatie", en="General working population"),
                str(record.population_general),
            )
            fact(
                Text(
                    nl="(Ook) werkenden met gezondheidsproblemen",
                    en="(Also) workers with health problems",
                ),
                str(record.population_health_problems),
            )
            fact(Text(nl="Single-component", en="Single-component"), str(record.single_component))
            fact(Text(nl="Multi-component", en="Multi-component"), str(record.multi_component))
            names = {
                "effective": Text(nl="effectief", en="effective"),
                "partly_effective": Text(nl="deels effectief", en="partly effective"),
                "not_effective": Text(nl="niet effectief", en="not effective"),
            }
            fact(
                Text(nl="Conclusies van de reviews", en="Conclusions of the reviews"),
                ", ".join(f"{n} {names[c].pick(lang)}" for c, n in record.conclusions.items()),
            )
            interventions = [e.pick(lang) for e in record.examples]
        elif isinstance(record, EvidenceStatement):
            facet_fact("level")
            interventions = [i.pick(lang) for i in record.interventions]
            strength = STRENGTH[record.strength].pick(lang)
            fact(
                Text(nl="Gericht op werkenden met verhoogd risico", en="Aimed at workers at risk"),
                (
                    Text(nl="ja", en="yes")
                    if record.targets_workers_at_risk
                    else Text(nl="nee", en="no")
                ).pick(lang),
            )

    evidence = "practice_based" if doc.kind == "practice" else "review_based"
    categories = sorted(doc.facets["category"], key=lambda c: list(cat_labels).index(c))
    if isinstance(record, Practice):
        categories = list(record.categories)

    others = [d for d in index.docs if d.id != doc.id]
    related = sorted(
        (d for d in others if d.kind == "practice" and _similarity(doc, d) >= 3.0),
        key=lambda d: (-_similarity(doc, d), d.order),
    )[:5]
    reviews = [
        d
        for d in others
        if d.kind != "practice"
        and d.facets["absence_type"] & doc.facets["absence_type"]
        and (d.kind == "review_group" or d.facets["category"] & doc.facets["category"])
    ]

    def link(d: Doc, reason: str) -> Link:
        return Link(
            id=d.id,
            title=d.title.pick(lang),
            url=f"/maatregelen/{d.id}",
            evidence="practice_based" if d.kind == "practice" else "review_based",
            reason=reason,
        )

    def shared(d: Doc) -> str:
        common = [c for c in categories if c in d.facets["category"]]
        return ", ".join(cat_labels[c].pick(lang) for c in common)

    professionals = []
    for actor_id, cats in actors_for(categories):
        actor = kb.actor(actor_id)
        if actor is None:
            continue
        professionals.append(
            Professional(
                id=actor.id,
                name=actor.name.pick(lang),
                core_expert=actor.core_expert,
                url=f"/wie-doet-wat#{actor.id}",
                for_categories=[cat_labels[c].pick(lang) for c in cats if c in cat_labels],
            )
        )

    list_params = [f"category={categories[0]}"] if categories else []
    list_params += [f"absence_type={a}" for a in sorted(doc.facets["absence_type"])]
    return MeasureDetail(
        id=doc.id,
        kind=doc.kind,
        title=doc.title.pick(lang),
        summary=doc.summary.pick(lang),
        effect=effect,
        figures=figures,
        interventions=interventions,
        note=note,
        privacy_note=privacy_note,
        facts=facts,
        categories=[Labelled(code=c, label=cat_labels[c].pick(lang)) for c in categories],
        evidence=evidence,
        evidence_label=defs["evidence"].label_of(evidence).pick(lang),
        evidence_explained=EVIDENCE_EXPLAINED[evidence].pick(lang),
        strength=strength,
        source=source,
        related=[link(d, shared(d)) for d in related],
        review_evidence=[link(d, shared(d)) for d in reviews],
        professionals=professionals,
        list_url="/maatregelen" + ("?" + "&".join(list_params) if list_params else ""),
    )
