"""The searchable documents: every practice and every piece of review-level evidence, flattened.

The search index, the result list and the gap map all work on these, so a practice and a
review conclusion can sit in one list with the same facets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from verzuim.knowledge.facets import (
    practice_facets,
    review_group_facets,
    statement_facets,
)
from verzuim.knowledge.load import KnowledgeBase
from verzuim.knowledge.models import EvidenceStatement, Practice, ReviewGroup, Text

DocKind = Literal["practice", "review_group", "statement"]

# Field weights: a word in the title says more about a record than one in the effect text.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 3.0,
    "keywords": 2.0,
    "summary": 1.5,
    "effect": 1.0,
    # The sector is a classification, like the intervention type: a visitor who names a
    # sector ("welzijnszorg", "banken") asks for that sector's records, so it weighs more
    # than the free context text (country, year, absence type as printed).
    "sector": 2.0,
    "context": 0.7,
}
FIELD_LABELS: dict[str, Text] = {
    "title": Text(nl="titel", en="title"),
    "keywords": Text(nl="soort maatregel", en="intervention type"),
    "summary": Text(nl="samenvatting", en="summary"),
    "effect": Text(nl="gemeld effect", en="reported effect"),
    "sector": Text(nl="sector", en="sector"),
    "context": Text(nl="context", en="context"),
}


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a cache key in search
class Doc:
    id: str
    kind: DocKind
    order: int  # default position in the list (review conclusions first, then the tables)
    title: Text
    summary: Text
    facets: dict[str, frozenset[str]]
    # field name -> (Dutch text, English text); language-neutral text goes with the Dutch.
    fields: dict[str, tuple[str, str]]
    record: Practice | ReviewGroup | EvidenceStatement


def _both(*texts: Text | None) -> tuple[str, str]:
    present = [t for t in texts if t is not None]
    return " ".join(t.nl for t in present), " ".join(t.en for t in present)


def _plus(pair: tuple[str, str], neutral: str) -> tuple[str, str]:
    return f"{pair[0]} {neutral}", pair[1]


def _category_labels(kb: KnowledgeBase, codes: list[str]) -> tuple[str, str]:
    labels = {t.code: t.label for t in kb.vocab.categories}
    return _both(*(labels.get(code) for code in codes))


_REVIEW_CONTEXT = ("systematische reviews wetenschap", "systematic reviews science")
# Table B1.2 lists practices for working from home only; its rows do not repeat that, so
# the table's subject goes into each row's context (else "thuiswerken" misses rows).
_HOME_WORK = Text(nl="thuiswerken thuiswerkers", en="working from home home workers")


def _practice(kb: KnowledgeBase, p: Practice, order: int) -> Doc:
    country = next((c.label for c in kb.vocab.countries if c.code == p.country), None)
    sector = next((s.label for s in kb.vocab.sbi_sections if s.letter == p.sector_sbi), None)
    return Doc(
        id=p.id,
        kind="practice",
        order=order,
        title=p.title,
        summary=p.summary,
        facets=practice_facets(p),
        fields={
            "title": _both(p.title),
            "keywords": _plus(_category_labels(kb, p.categories), p.intervention_type_text),
            "summary": _both(p.summary),
            "effect": _both(p.effect, *p.figures),
            "sector": _plus(_both(sector), p.sector_text),
            "context": _plus(
                _both(country, _HOME_WORK if p.home_work else None),
                f"{p.absence_type_text or ''} {p.year_text}",
            ),
        },
        record=p,
    )


def _statement(kb: KnowledgeBase, s: EvidenceStatement, order: int) -> Doc:
    return Doc(
        id=s.id,
        kind="statement",
        order=order,
        title=s.title,
        summary=s.text,
        facets=statement_facets(s),
        fields={
            "title": _both(s.title),
            "keywords": _category_labels(kb, s.categories),
            "summary": _both(s.text),
            "effect": _both(*s.interventions),
            "sector": ("", ""),
            "context": _REVIEW_CONTEXT,
        },
        record=s,
    )


def _review_group(g: ReviewGroup, order: int) -> Doc:
    title = Text(
        nl=f"Wat reviews zeggen over {_ABSENCE_NL[g.absence_type]}",
        en=f"What reviews say about {_ABSENCE_EN[g.absence_type]}",
    )
    return Doc(
        id=g.id,
        kind="review_group",
        order=order,
        title=title,
        summary=g.summary,
        facets=review_group_facets(g),
        fields={
            "title": _both(title),
            "keywords": ("", ""),
            "summary": _both(g.summary),
            "effect": _both(*g.examples),
            "sector": ("", ""),
            "context": _REVIEW_CONTEXT,
        },
        record=g,
    )


_ABSENCE_NL = {
    "physical": "lichamelijk verzuim",
    "mental": "mentaal verzuim",
    "general": "algemeen verzuim",
}
_ABSENCE_EN = {
    "physical": "physical absence",
    "mental": "mental absence",
    "general": "general absence",
}


def build_docs(kb: KnowledgeBase) -> tuple[Doc, ...]:
    """Review conclusions first (they are few and say the most), then B1.1 and B1.2 in row order."""
    docs: list[Doc] = []
    for s in kb.statements:
        docs.append(_statement(kb, s, len(docs)))
    for g in kb.review_groups:
        docs.append(_review_group(g, len(docs)))
    for p in sorted(kb.practices, key=lambda p: (p.table, p.number)):
        docs.append(_practice(kb, p, len(docs)))
    return tuple(docs)
