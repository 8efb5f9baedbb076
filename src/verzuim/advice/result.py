"""The typed advice: one result that the page, the JSON API, the CLI and the exports all render.

Field names of :class:`Advice`, :class:`Measure` and :class:`Professional` that docs/advice.md
lists under "Contract" are public; add fields freely, never rename or drop those.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from verzuim.knowledge.models import AbsenceType, EvidenceKind, Level, Text


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Reason(Frozen):
    """One rule that matched: its weight and the profile facts it matched on."""

    rule: str
    weight: float
    facts: list[str]
    section: str
    explain: Text
    # "review": rests on a review conclusion of section 2.4 (only on review-level measures);
    # "fit": how the measure fits the profile, no claim of effect.
    basis: Literal["review", "fit"] = "fit"


class Caveat(Frozen):
    id: str
    section: str
    text: Text


class SourceRef(Frozen):
    """Where a measure comes from; `id` is stable and listed once in Advice.sources."""

    id: str
    kind: Literal["practice_source", "review", "report", "statistics"]
    citation: str
    title: str | None = None
    publication: str | None = None
    pages: str | None = None
    url: str | None = None
    note: Text | None = None


class Intervention(Frozen):
    """An intervention a review conclusion names (section 2.4), with its measure page."""

    text: Text
    url: str


class Measure(Frozen):
    id: str
    kind: Literal["practice", "statement"]
    url: str  # the measure's page in the Kennisbank
    title: Text
    evidence: EvidenceKind
    evidence_label: Text
    level: Level
    score: float
    reasons: list[Reason]
    caveats: list[Caveat]
    source: SourceRef
    summary: Text
    effect: Text | None
    absence_types: list[AbsenceType]
    categories: list[str]
    components: Literal["single", "multi"] | None
    sector_sbi: str | None
    country: str | None
    worker_type: str | None
    home_work: bool
    strength: str | None
    # The package rule that put the measure in the package beyond its rank, if any.
    added_by: Reason | None = None
    # A review conclusion's named interventions (empty for practices).
    interventions: list[Intervention] = []
    note: Text | None = None  # where our coding departs from the printed row


class Skipped(Frozen):
    id: str
    title: Text
    reason: Text


class Professional(Frozen):
    id: str
    name: Text
    core_expert: bool
    for_risks: list[str]
    for_needs: list[str]
    available: bool
    focus: str
    reasons: list[Reason]
    tasks: list[Text]


class RiskProfessionals(Frozen):
    risk: str
    label: Text
    professionals: list[str]
    missing: list[str]  # professionals for this risk the organisation does not yet have


class Condition(Frozen):
    id: str
    rule: str
    kind: str
    section: str
    perspective: str | None
    com_b: str | None
    valence: str | None
    text: Text


class GapItem(Frozen):
    id: str
    topic: Text
    missing: Text
    sections: list[str]
    gap_kind: str
    scope: Literal["profile", "general"]
    reasons: list[Reason]


class BenchmarkFigure(Frozen):
    key: str
    label: str
    year: int
    absence_pct: float


class Benchmark(Frozen):
    source: str
    sector: BenchmarkFigure | None
    size_class: BenchmarkFigure | None
    total: BenchmarkFigure | None
    note: Text


class ProfileFact(Frozen):
    """One answer of the profile with a readable label (a code's label, or the value)."""

    key: str
    value: str
    label: Text


class Basic(Frozen):
    """A legal basic (Arbowet) every advice starts from, with the professionals behind it."""

    id: str
    section: str
    title: Text
    text: Text
    actors: list[str]
    actor_names: list[Text]


class RiskGap(Frozen):
    """A profile risk and what the report offers for it beyond the package."""

    risk: str
    label: Text
    has_practice: bool  # False: "the report has no practice for this risk"
    text: Text | None  # the plain statement when there is no practice
    hints: list[Reason]  # what else the report says (e.g. a reviewed example)


class StartPage(Frozen):
    """The first printed page: measures to start with, who to call, first step, caveat."""

    measures: list[str]  # ids of Advice.measures, best first
    call: list[str]  # ids of Advice.professionals to contact first
    first_step: Reason
    caveat: Reason


class Advice(Frozen):
    profile: dict[str, object]
    profile_facts: list[ProfileFact]
    knowledge_base_version: str
    rules_version: str
    measures: list[Measure]
    more_measures: list[Measure]
    skipped: list[Skipped]
    professionals: list[Professional]
    professionals_by_risk: list[RiskProfessionals]
    conditions: list[Condition]
    gaps: list[GapItem]
    benchmark: Benchmark
    sources: list[SourceRef]
    notes: list[Text]
    start: StartPage
    basics: list[Basic]
    risk_gaps: list[RiskGap]
