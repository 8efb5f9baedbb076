"""Typed records for the knowledge base (RIVM report 2025-0080 and the absence model).

Every record kind has one YAML file in ``knowledge/data``. The models are strict
(unknown fields are errors) so a typo in a data file fails loudly at load time
instead of silently dropping a fact. Cross-record rules that need the vocabularies
(category codes, country codes, actor ids) live in :mod:`verzuim.knowledge.load`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
RecordId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]

AbsenceType = Literal["physical", "mental", "general"]
WorkerType = Literal["practical", "theoretical", "both"]
Components = Literal["single", "multi"]
Level = Literal["individual", "environment", "both"]
EvidenceKind = Literal["practice_based", "review_based"]
Conclusion = Literal["effective", "partly_effective", "not_effective"]
Audience = Literal[
    "employers",
    "employees",
    "arbo_professionals",
    "researchers",
    "policy_makers",
    "intervention_developers",
    "sector_organisations",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in Dutch and English; both are required."""

    nl: NonEmpty
    en: NonEmpty

    def pick(self, lang: str) -> str:
        """The text in ``lang``; Dutch for anything but "en" (Dutch is the default)."""
        return self.en if lang == "en" else self.nl


# --- vocabularies -------------------------------------------------------------------


class Term(Strict):
    code: Code
    label: Text
    description: Text | None = None
    # Where in the report the term comes from (column values, section numbers).
    derived_from: str | None = None


class Country(Strict):
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    label: Text
    printed: NonEmpty  # the Dutch name as the report prints it


class SbiSection(Strict):
    letter: Annotated[str, StringConstraints(pattern=r"^[A-U]$")]
    label: Text
    cbs_key: NonEmpty  # sbi_key in CBS 80072ned


class ReportGroup(Strict):
    """A sub-grouping of the good practices as chapter 3 (section 3.3) counts them."""

    code: Code
    section: NonEmpty
    label: Text
    absence_type: AbsenceType | None
    components: Components
    count: int  # the count the report states for this group
    rows: list[int]  # the row numbers of Table B1.1 the report names for it
    table: Literal["B1.1", "B1.2"] = "B1.1"


class Vocabularies(Strict):
    categories: list[Term]
    countries: list[Country]
    sbi_sections: list[SbiSection]
    report_groups: list[ReportGroup]
    audiences: list[Term]
    risks: list[Term]


# --- good practices (Tables B1.1 and B1.2) -----------------------------------------


class Source(Strict):
    """An entry of the report's list of sources for the good practices."""

    ref: Annotated[str, StringConstraints(pattern=r"^B1\.[12]-\d{1,2}$")]
    title: NonEmpty | None  # as printed; None where the entry is not in the report text
    publication: NonEmpty | None = None
    pages: NonEmpty | None = None
    url: NonEmpty | None = None
    note: Text | None = None  # says why a part is missing


class Practice(Strict):
    id: RecordId
    table: Literal["B1.1", "B1.2"]
    number: int = Field(ge=1, le=76)
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    year: int | None = Field(default=None, ge=1990, le=2030)
    year_text: NonEmpty
    sector_text: NonEmpty
    sector_sbi: Annotated[str, StringConstraints(pattern=r"^[A-U]$")] | None
    absence_type: AbsenceType | None
    absence_type_text: NonEmpty | None
    worker_type: WorkerType | None
    worker_type_text: NonEmpty | None
    components: Components
    intervention_type_text: NonEmpty
    report_group: Code | None
    categories: list[Code] = Field(min_length=1)
    level: Level
    home_work: bool
    title: Text
    summary: Text
    effect: Text
    figures: list[Text] = Field(default_factory=list)
    evidence: Literal["practice_based"] = "practice_based"
    source: Source
    # Where our coding departs from or adds to the printed row (e.g. a sector as printed).
    note: Text | None = None
    # A privacy caveat (AVG) for practices that touch individual health data or age.
    privacy_note: Text | None = None


# --- scientific evidence (chapter 2, Bosma et al. 2025) ----------------------------


class ReviewSet(Strict):
    """The scoping review of reviews as a whole."""

    kind: Literal["review_set"] = "review_set"
    id: RecordId
    citation: NonEmpty
    report_ref: int  # number in the report's reference list
    reviews: int
    studies_with_absence_outcome: int
    controlled_studies_total: int
    period: Text
    inclusion: list[Text]
    home_work_reviews: int
    summary: Text


class ReviewGroup(Strict):
    """The reviews on one absence type (sections 2.3.1-2.3.3)."""

    kind: Literal["review_group"] = "review_group"
    id: RecordId
    section: NonEmpty
    absence_type: AbsenceType
    reviews: int
    population_general: int
    population_health_problems: int  # "(also) workers with health problems"
    single_component: int
    multi_component: int
    conclusions: dict[Conclusion, int]
    summary: Text
    examples: list[Text]
    evidence: Literal["review_based"] = "review_based"


class EvidenceStatement(Strict):
    """One of the three conclusions of section 2.4."""

    kind: Literal["statement"] = "statement"
    id: RecordId
    section: NonEmpty
    title: Text
    text: Text
    interventions: list[Text]
    absence_types: list[AbsenceType]
    categories: list[Code]
    level: Level
    targets_workers_at_risk: bool
    strength: Literal["indicative", "weak"]
    evidence: Literal["review_based"] = "review_based"


class Caveat(Strict):
    """A methodological caveat of section 2.4."""

    kind: Literal["caveat"] = "caveat"
    id: RecordId
    section: NonEmpty
    title: Text
    text: Text


EvidenceRecord = Annotated[
    ReviewSet | ReviewGroup | EvidenceStatement | Caveat, Field(discriminator="kind")
]


# --- actors (chapter 5, Table 1, Bijlage 2) ----------------------------------------


class Relevance(Strict):
    """Table 1: how many of the 9 experts scored the actor in each column."""

    very_relevant: int = Field(ge=0, le=9)
    relevant_not_primary: int = Field(ge=0, le=9)
    not_relevant: int = Field(ge=0, le=9)


class Actor(Strict):
    id: RecordId
    name: Text
    printed_name: NonEmpty  # as Bijlage 2 prints it
    tasks: list[Text] = Field(min_length=1)
    core_expert: bool
    relevance: Relevance | None
    table1_rank: int | None  # position in Table 1 (1 = first row)
    focus: Literal["policy", "individual", "both"]
    focus_basis: Literal["report", "derived"]  # stated in chapter 5/6, or read from tasks
    risks: list[Code] = Field(default_factory=list)  # risk codes this actor advises on
    keywords: list[NonEmpty] = Field(default_factory=list)


# --- perspectives (chapter 4) ------------------------------------------------------

PerspectiveKind = Literal[
    "condition",
    "motivator",
    "employee_role",
    "private_sphere_activity",
    "activity",
    "home_advantage",
    "home_disadvantage",
    "home_helps",
    "home_employer_view",
    "home_activity",
    "good_practice_reflection",
]


class Perspective(Strict):
    id: RecordId
    section: NonEmpty
    kind: PerspectiveKind
    perspective: Literal["employer", "employee", "both"]
    com_b: Literal["capability", "opportunity", "motivation"] | None = None
    valence: Literal["helps", "hinders"] | None = None
    group: Literal["general", "physical", "mental", "management"] | None = None
    text: Text


# --- knowledge gaps (sections 2.4, 3.4 and chapter 6) ------------------------------


class Gap(Strict):
    id: RecordId
    sections: list[NonEmpty] = Field(min_length=1)
    topic: Text
    missing: Text
    for_whom: list[Audience] = Field(min_length=1)
    gap_kind: Literal["absolute", "synthesis", "implementation"]
    absence_types: list[AbsenceType] = Field(default_factory=list)
    worker_types: list[WorkerType] = Field(default_factory=list)
    home_work: bool = False
    categories: list[Code] = Field(default_factory=list)


# --- the absence model (second seed) -----------------------------------------------


class ModelPart(Strict):
    id: RecordId
    order: int
    name: Text
    printed_name: NonEmpty
    summary: Text
    levers: list[Text]
    leads_to: list[RecordId]
    actors: list[RecordId] = Field(default_factory=list)
    # The model text names no actors: the lists are our reading of Bijlage 2 ("derived").
    actors_basis: Literal["model_text", "derived"] = "derived"
    # Cautions where the model text states something without source or invites misuse.
    cautions: list[Text] = Field(default_factory=list)


# --- the report itself ------------------------------------------------------------


class Figure(Strict):
    code: Code
    value: float
    unit: NonEmpty
    year: int | None = None
    text: Text
    report_ref: int | None = None
    section: NonEmpty


class Report(Strict):
    title: Text
    number: NonEmpty
    publisher: NonEmpty
    year: int
    funder: NonEmpty
    knowledge_base_version: NonEmpty
    figures: list[Figure]
    absence_model_source: NonEmpty
