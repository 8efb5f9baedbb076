"""The facets of the Kennisbank search: their names, their values, and each record's values.

A facet value is a short code that appears in the URL (``?absence_type=physical``); labels
come from the vocabularies so the page, the JSON twin and the CLI all say the same thing.
Records without a value (Table B1.2 has no absence or worker type; reviews do not report a
worker type) get ``unspecified`` so every record is counted somewhere and counts add up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from verzuim.knowledge.load import KnowledgeBase
from verzuim.knowledge.models import EvidenceStatement, Practice, ReviewGroup, Text

UNSPECIFIED = "unspecified"


@dataclass(frozen=True)
class FacetValueDef:
    code: str
    label: Text


@dataclass(frozen=True)
class FacetDef:
    name: str  # the URL parameter and the CLI option (with - for _)
    label: Text
    values: tuple[FacetValueDef, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(v.code for v in self.values)

    def label_of(self, code: str) -> Text:
        for value in self.values:
            if value.code == code:
                return value.label
        return Text(nl=code, en=code)


def _t(nl: str, en: str) -> Text:
    return Text(nl=nl, en=en)


_UNSPEC = FacetValueDef(UNSPECIFIED, _t("Niet vermeld", "Not stated"))

ABSENCE_TYPES = (
    FacetValueDef("physical", _t("Lichamelijke klachten", "Physical complaints")),
    FacetValueDef("mental", _t("Mentale klachten", "Mental health complaints")),
    FacetValueDef("general", _t("Algemeen verzuim", "General absence")),
)
WORKER_TYPES = (
    FacetValueDef("practical", _t("Praktisch opgeleid", "Practically educated")),
    FacetValueDef("theoretical", _t("Theoretisch opgeleid", "Theoretically educated")),
    FacetValueDef("both", _t("Beide", "Both")),
)
COMPONENTS = (
    FacetValueDef("single", _t("Single-component (één onderdeel)", "Single-component")),
    FacetValueDef("multi", _t("Multi-component (meerdere onderdelen)", "Multi-component")),
)
LEVELS = (
    FacetValueDef("individual", _t("Gericht op de werkende", "Individual-level")),
    FacetValueDef("environment", _t("Gericht op werk en omgeving", "Environmental")),
    FacetValueDef("both", _t("Beide", "Both")),
)
EVIDENCE_KINDS = (
    FacetValueDef("practice_based", _t("Praktijkervaring", "Practice-based")),
    FacetValueDef("review_based", _t("Wetenschappelijke reviews", "Review-based")),
)
HOME_WORK = (
    FacetValueDef("yes", _t("Thuiswerken", "Working from home")),
    FacetValueDef("no", _t("Niet specifiek thuiswerken", "Not specific to home working")),
)


def facet_defs(kb: KnowledgeBase) -> tuple[FacetDef, ...]:
    """All facets in the order the page shows them."""
    vocab = kb.vocab
    return (
        FacetDef("absence_type", _t("Type verzuim", "Absence type"), (*ABSENCE_TYPES, _UNSPEC)),
        FacetDef("worker_type", _t("Type werknemer", "Worker type"), (*WORKER_TYPES, _UNSPEC)),
        FacetDef("components", _t("Single of multi", "Single or multi"), COMPONENTS),
        FacetDef(
            "category",
            _t("Soort maatregel", "Intervention category"),
            tuple(FacetValueDef(t.code, t.label) for t in vocab.categories),
        ),
        FacetDef("level", _t("Aangrijpingspunt", "Level"), LEVELS),
        FacetDef(
            "sector",
            _t("Sector (SBI)", "Sector (SBI)"),
            (*(FacetValueDef(s.letter, s.label) for s in vocab.sbi_sections), _UNSPEC),
        ),
        FacetDef(
            "country",
            _t("Land", "Country"),
            tuple(FacetValueDef(c.code, c.label) for c in vocab.countries),
        ),
        FacetDef("evidence", _t("Soort bewijs", "Evidence kind"), EVIDENCE_KINDS),
        FacetDef("home_work", _t("Thuiswerken", "Home working"), HOME_WORK),
    )


FACET_NAMES = (
    "absence_type",
    "worker_type",
    "components",
    "category",
    "level",
    "sector",
    "country",
    "evidence",
    "home_work",
)

FacetValues = Mapping[str, frozenset[str]]


def _one(value: str | None) -> frozenset[str]:
    return frozenset({value if value is not None else UNSPECIFIED})


def practice_facets(p: Practice) -> dict[str, frozenset[str]]:
    return {
        "absence_type": _one(p.absence_type),
        "worker_type": _one(p.worker_type),
        "components": frozenset({p.components}),
        "category": frozenset(p.categories),
        "level": frozenset({p.level}),
        "sector": _one(p.sector_sbi),
        "country": frozenset({p.country}),
        "evidence": frozenset({p.evidence}),
        "home_work": frozenset({"yes" if p.home_work else "no"}),
    }


def review_group_facets(g: ReviewGroup) -> dict[str, frozenset[str]]:
    # A review group pools reviews of single- and multi-component interventions on all kinds
    # of measures; it has no category, level, sector or country of its own. The report found
    # no reviews on home workers, hence "no".
    components = {
        code for code, n in (("single", g.single_component), ("multi", g.multi_component)) if n > 0
    }
    return {
        "absence_type": frozenset({g.absence_type}),
        "worker_type": _one(None),
        "components": frozenset(components),
        "category": frozenset(),
        "level": frozenset(),
        "sector": _one(None),
        "country": frozenset(),
        "evidence": frozenset({g.evidence}),
        "home_work": frozenset({"no"}),
    }


def statement_facets(s: EvidenceStatement) -> dict[str, frozenset[str]]:
    return {
        "absence_type": frozenset(s.absence_types),
        "worker_type": _one(None),
        "components": frozenset({"multi"}) if s.level == "both" else frozenset(),
        "category": frozenset(s.categories),
        "level": frozenset({s.level}),
        "sector": _one(None),
        "country": frozenset(),
        "evidence": frozenset({s.evidence}),
        "home_work": frozenset({"no"}),
    }
