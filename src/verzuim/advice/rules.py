"""rules.yaml as typed, strict models: a typo in the rules fails at load, not in an advice."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from verzuim.knowledge.models import AbsenceType, EvidenceKind, Level, Text, WorkerType

RULES_FILE = Path(__file__).parent / "rules.yaml"
Scope = Literal["practice", "statement"]
# What a rule's explanation rests on. "review": a conclusion of the scoping review of
# reviews (section 2.4); only review-level measures may carry such a reason. "fit": how the
# measure fits the profile (sector, risk, worker type ...), which claims no effect.
Basis = Literal["review", "fit"]
Condition = Literal[
    "workers_at_risk",
    "concern_physical",
    "home_work_high",
    "risk_private_strain",
    "size_small",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Thresholds(Strict):
    practical_high: float = Field(ge=0, le=1)
    practical_low: float = Field(ge=0, le=1)
    home_work_high: float = Field(ge=0, le=1)


class PackageSettings(Strict):
    size: int = Field(ge=1)
    max_per_report_group: int = Field(ge=1)
    more: int = Field(ge=0)
    # The first page shows this many measures of the package to start with (3 to 5).
    start: int = Field(ge=3, le=5)


class Documented(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    section: str
    explain: Text


class MeasureRule(Documented):
    kind: Literal[
        "concern",
        "concern_fallback",
        "concern_category",
        "risk",
        "sector",
        "worker_type",
        "home_work",
        "workers_at_risk",
        "level",
        "evidence",
        "targeted_gate",
        "worker_type_mismatch",
    ]
    scope: list[Scope] = Field(min_length=1)
    weight: float
    relevance: bool
    basis: Basis = "fit"
    risk: str | None = None
    categories: list[str] = Field(default_factory=list)
    # risk rules: the practice must also mention one of these (folded, Dutch text), so a
    # generic category (any risk assessment) does not count for a specific risk.
    terms: list[str] = Field(default_factory=list)
    concerns: list[str] = Field(default_factory=list)
    absence_types: list[AbsenceType] = Field(default_factory=list)
    workforce: Literal["practical", "theoretical"] | None = None
    worker_types: list[WorkerType] = Field(default_factory=list)
    targets: bool = False
    levels: list[Level] = Field(default_factory=list)
    evidence: list[EvidenceKind] = Field(default_factory=list)


class PackageRule(Documented):
    kind: Literal["levels", "statement", "best_category", "best_home_work"]
    basis: Basis = "fit"
    when: Condition | None = None
    statement: str | None = None
    categories: list[str] = Field(default_factory=list)


class CaveatRule(Strict):
    id: str = Field(pattern=r"^caveat-[a-z0-9-]+$")
    applies: Literal[
        "practice_based",
        "other_sector",
        "other_country",
        "worker_type_differs",
        "indicative",
        "weak",
        "privacy",
    ]
    section: str
    text: Text


class ProfessionalRule(Documented):
    kind: Literal["actor_risks", "add", "need"]
    basis: Basis = "fit"
    risk: str | None = None
    need: Literal["workers_at_risk", "basis"] | None = None
    actors: list[str] = Field(default_factory=list)


class ConditionRule(Documented):
    kind: Literal["perspectives", "cost_figures", "evidence_caveats", "note"]
    when: Condition | None = None
    perspective_kinds: list[str] = Field(default_factory=list)
    caveat_ids: list[str] = Field(default_factory=list)


class GapRule(Documented):
    kind: Literal["fit", "home_work", "absence_type", "worker_type", "categories", "general"]
    when: Condition | None = None


class Basic(Documented):
    """A legal basic every employer needs (Arbowet), with the professionals behind it."""

    title: Text
    actors: list[str] = Field(default_factory=list)
    when: Condition | None = None


class RiskHint(Documented):
    """What the report says about a risk beyond its practices (e.g. a reviewed example)."""

    risk: str


class StartSettings(Strict):
    """The first page: the first step and the honest caveat, both tied to a section."""

    first_step: Documented
    caveat: Documented
    no_practice: Documented


class Rules(Strict):
    version: str
    thresholds: Thresholds
    package: PackageSettings
    measure_rules: list[MeasureRule]
    package_rules: list[PackageRule]
    caveats: list[CaveatRule]
    professional_rules: list[ProfessionalRule]
    condition_rules: list[ConditionRule]
    gap_rules: list[GapRule]
    basics: list[Basic]
    risk_hints: list[RiskHint]
    start: StartSettings

    def all_ids(self) -> list[str]:
        """Every rule id in file order (the documentation test walks this list)."""
        groups: list[Sequence[Documented | CaveatRule]] = [
            self.measure_rules,
            self.package_rules,
            self.caveats,
            self.professional_rules,
            self.condition_rules,
            self.gap_rules,
            self.basics,
            self.risk_hints,
            [self.start.first_step, self.start.caveat, self.start.no_practice],
        ]
        return [rule.id for group in groups for rule in group]


class RulesError(ValueError):
    """rules.yaml does not hold what the engine needs; the message says where."""


def load_rules_from(path: Path) -> Rules:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        rules = Rules.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{path.name}: cannot read ({exc})") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise RulesError(f"{path.name}, field '{loc}': {first['msg']}") from exc
    for rule in rules.measure_rules:
        if rule.basis == "review" and "practice" in rule.scope:
            raise RulesError(
                f"{path.name}, rule {rule.id}: basis 'review' on a practice; practice-based "
                "measures may not borrow the reviews' evidence (scope it to statements)"
            )
    for prule in rules.package_rules:
        if prule.basis == "review" and prule.kind != "statement":
            raise RulesError(
                f"{path.name}, rule {prule.id}: basis 'review' only fits a package rule that "
                "adds a review conclusion (kind: statement)"
            )
    ids = rules.all_ids()
    doubles = sorted({i for i in ids if ids.count(i) > 1})
    if doubles:
        raise RulesError(f"{path.name}: rule ids used twice: {', '.join(doubles)}")
    return rules


@cache
def load_rules() -> Rules:
    return load_rules_from(RULES_FILE)
