"""The record as strict pydantic models; the JSON Schema is generated from them (schema.py).

What the format cannot hold is as deliberate as what it can: no field for a unit name, a
person, a diagnosis or a reason for absence, and group figures only for groups of 5 or more
employees (``employees`` has a minimum of 5 in the schema itself).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from verzuim.analytics.models import SUPPRESSION_THRESHOLD
from verzuim.knowledge.models import AbsenceType, Components, Level, WorkerType

SCHEMA_VERSION = "1.0"
SCHEMA_ID = "/api/schema/good-practice.json"

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Prose = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]

Licence = Literal["CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC0-1.0"]
LICENCES: tuple[Licence, ...] = ("CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC0-1.0")

# What the record claims about the evidence, weakest first. "proven" is only accepted with an
# effect evaluation that can bear it and a reference to an outside recognition (validate.py).
EvidenceClaim = Literal[
    "practice_based", "own_before_after", "own_evaluation_with_comparison", "proven"
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(Strict):
    """A text in Dutch and, when the organisation wrote one, English."""

    nl: Prose
    en: Prose | None = None


class PracticeFields(Strict):
    """The knowledge base's own practice fields (as in the report's Tables B1.1/B1.2)."""

    absence_type: AbsenceType | None = Field(
        None, description="physical, mental or general absence the measure aims at"
    )
    worker_type: WorkerType | None = Field(
        None, description="practical (manual) or theoretical (desk) work, or both"
    )
    components: Components = Field(description="single measure or a programme of several")
    categories: list[Code] = Field(
        min_length=1, description="category codes of the knowledge base vocabulary"
    )
    level: Level = Field(description="aimed at the individual, the work environment, or both")
    home_work: bool = Field(False, description="the measure is for people working from home")


class Description(Strict):
    """The Interventiedatabase's "goed beschreven" level."""

    goal: Words
    target_group: Words
    approach: Words
    preconditions: Words
    transferability: Words
    implementation_experience: Words = Field(description="what carrying it out taught")
    costs: Words


class Organisation(Strict):
    """The EU-OSHA good-practice fields about the organisation; no name is required."""

    name: Line | None = Field(None, description="only when the organisation wants it shown")
    sector_nace: Annotated[str, StringConstraints(pattern=r"^[A-U](\d{2}(\.\d{1,2})?)?$")] = Field(
        description="NACE Rev. 2 section letter, optionally with division (Q86)"
    )
    number_of_workers: int = Field(ge=SUPPRESSION_THRESHOLD)
    ownership: Literal["private", "public", "non_profit"]
    management_involvement: Words
    worker_involvement: Words
    costs_and_benefits: Words


class ProcessEvaluation(Strict):
    """RE-AIM: reach, adoption, implementation, maintenance, and a short after-action review."""

    reach_pct: float | None = Field(None, ge=0, le=100, description="share of the target group")
    reach: Words | None = None
    adoption: Words | None = Field(None, description="units and managers taking part")
    implementation_as_planned: Literal["yes", "partly", "no"] | None = None
    implementation: Words | None = None
    costs_eur: float | None = Field(None, ge=0)
    maintenance: Literal["running", "stopped", "unknown"] = "unknown"
    maintenance_note: Words | None = Field(None, description="still running after 6-12 months?")
    after_action_review: Words | None = None


class GroupFigures(Strict):
    """One side of the comparison, as counts; never unit names, never under 5 employees."""

    units: int = Field(ge=1, description="how many units (not their names)")
    employees: int = Field(ge=SUPPRESSION_THRESHOLD)
    average_employees: float = Field(ge=0)
    months_before: int = Field(ge=0)
    months_after: int = Field(ge=0)
    zvp_before: float | None = Field(None, ge=0, le=100)
    zvp_after: float | None = Field(None, ge=0, le=100)


class EffectEvaluation(Strict):
    """The effect evaluation of ``verzuim.evaluation``, anonymised (docs/evaluation.md)."""

    design: Literal["did", "its"]
    label: Words
    summary: Words
    start_month: Month
    unit_level: int = Field(
        ge=1, description="depth in the unit tree (1 = directly below the organisation)"
    )
    estimate: float | None = Field(description="ZVP percentage points; negative = less absence")
    ci_low: float | None
    ci_high: float | None
    level: float = 0.95
    resamples: int = Field(ge=100)
    pre_trend_warning: bool
    placebo_ran: bool
    too_small: bool
    warnings: list[Words] = []
    treated: GroupFigures | None = Field(description="empty when the group had under 5")
    comparison: GroupFigures | None = Field(description="empty for its, or under 5")


class GoodPracticeRecord(Strict):
    """A shareable good-practice record (format version 1.0)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"$id": SCHEMA_ID},
        title="Good-practice record (Verzuim in beeld)",
    )

    schema_version: Literal["1.0"] = "1.0"  # SCHEMA_VERSION
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{2,80}$")]
    title: Words
    created: dt.date
    licence: Licence
    evidence_claim: EvidenceClaim
    recognition: Line | None = Field(
        None, description="for 'proven': where outside effect studies recognised the measure"
    )
    practice: PracticeFields
    description: Description
    organisation: Organisation
    process: ProcessEvaluation
    effect_evaluation: EffectEvaluation | None = None
