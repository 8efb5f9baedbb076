"""A good-practice record from a completed plan measure (docs/good-practice-record.md).

The organisation writes the description fields (pre-filled from the measure, its process
evaluation and, when it came from the knowledge base, the practice's coding), picks a
licence, and chooses whether to include its own effect evaluation. The record is built
with ``records.share`` (``effect_part`` drops unit names and groups under 5) and checked by
``export_record``: the import rules plus no unit name anywhere. A refused record is never
handed out; the reasons name each field.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select

from verzuim.accounts import audit
from verzuim.knowledge import load
from verzuim.knowledge.models import AbsenceType, Components, Level, WorkerType
from verzuim.plans import service
from verzuim.plans.effect import evaluate_measure
from verzuim.plans.model import PlanItem, ProcessFields
from verzuim.records.model import (
    Description,
    EffectEvaluation,
    EvidenceClaim,
    GoodPracticeRecord,
    Licence,
    ProcessEvaluation,
    Words,
)
from verzuim.records.share import effect_part, export_record
from verzuim.records.validate import Reason, RecordRefused, check_record
from verzuim.store import organisations
from verzuim.store.database import Database
from verzuim.store.models import EmployeeRow
from verzuim.store.tenancy import Tenant


class RecordIn(BaseModel):
    """What the organisation fills in for its record (the form and the JSON API)."""

    model_config = ConfigDict(extra="forbid")

    licence: Licence = "CC-BY-4.0"
    goal: str = Field(max_length=5000)
    target_group: str = Field(max_length=5000)
    approach: str = Field(max_length=5000)
    preconditions: str = Field(max_length=5000)
    transferability: str = Field(max_length=5000)
    implementation_experience: str = Field(max_length=5000)
    costs: str = Field(max_length=5000)
    categories: list[str] = Field(default=[], max_length=20)
    level: Level = "both"
    components: Components = "single"
    absence_type: AbsenceType | None = None
    worker_type: WorkerType | None = None
    home_work: bool = False
    sector_nace: str = Field("", max_length=10)
    number_of_workers: int = Field(0, ge=0, le=10_000_000)
    ownership: str = "private"
    management_involvement: str = Field("", max_length=5000)
    worker_involvement: str = Field("", max_length=5000)
    costs_and_benefits: str = Field("", max_length=5000)
    include_evaluation: bool = True
    comparison: list[str] = Field(default=[], max_length=100)


class RecordDraft(BaseModel):
    """The form's starting point: the measure and the pre-filled fields."""

    measure: PlanItem
    values: RecordIn
    categories: list[tuple[str, str, str]]  # code, Dutch label, English label


def record_id(tenant: Tenant, measure_id: int) -> str:
    """A stable key that does not name the organisation."""
    digest = hashlib.sha256(f"{tenant.org_id}:{measure_id}".encode()).hexdigest()[:16]
    return f"gp-{digest}"


def _process_text(p: ProcessFields) -> str:
    parts = [p.went_well, p.could_be_better, p.implementation]
    return "\n".join(x for x in parts if x)


def draft(database: Database, tenant: Tenant, measure_id: int) -> RecordDraft:
    item = service.item(database, tenant, measure_id)
    kb = load()
    practice = next((p for p in kb.practices if p.id == item.origin_ref), None)
    with database.tenant(tenant, read_only=True) as session:
        org = organisations.get(session, tenant)
        workers = session.scalar(
            select(func.count()).select_from(EmployeeRow).where(EmployeeRow.org_id == tenant.org_id)
        )
    p = item.process
    values = RecordIn(
        goal=item.risk or item.title,
        target_group="",
        approach=item.notes,
        preconditions="",
        transferability="",
        implementation_experience=_process_text(p),
        costs=f"{p.costs_eur:.0f} EUR"
        if p.costs_eur is not None
        else (f"{item.budget_eur:.0f} EUR" if item.budget_eur is not None else ""),
        categories=list(practice.categories) if practice else [],
        level=practice.level if practice else "both",
        components=practice.components if practice else "single",
        absence_type=practice.absence_type if practice else None,
        worker_type=practice.worker_type if practice else None,
        home_work=practice.home_work if practice else False,
        sector_nace=org.sbi_section or "",
        number_of_workers=int(workers or 0),
    )
    categories = [(t.code, t.label.nl, t.label.en) for t in kb.vocab.categories]
    return RecordDraft(measure=item, values=values, categories=categories)


def _words(text: str) -> Words | None:
    text = text.strip()
    return Words(nl=text) if text else None


def _required(field: str, text: str, reasons: list[Reason]) -> Words:
    found = _words(text)
    if found is None:
        reasons.append(
            Reason.make(
                "required",
                field,
                "vul dit veld in; het hoort bij een goed beschreven praktijk.",
                "fill in this field; a well-described practice has it.",
            )
        )
        return Words(nl="-")
    return found


def _process(p: ProcessFields) -> ProcessEvaluation:
    review = "\n".join(
        f"{label}: {text}"
        for label, text in (
            ("Wat ging goed", p.went_well),
            ("Wat kan beter", p.could_be_better),
            ("Wat doen we nu", p.next_steps),
        )
        if text
    )
    return ProcessEvaluation(
        reach_pct=p.reach_pct,
        reach=_words(p.reach),
        adoption=_words(p.adoption),
        implementation_as_planned=p.implementation_as_planned,
        implementation=_words(p.implementation),
        costs_eur=p.costs_eur,
        maintenance=p.maintenance,
        maintenance_note=_words(p.maintenance_note),
        after_action_review=_words(review),
    )


def _claim(effect: EffectEvaluation | None) -> EvidenceClaim:
    if effect is None:
        return "practice_based"
    return "own_evaluation_with_comparison" if effect.design == "did" else "own_before_after"


def build(
    database: Database, tenant: Tenant, measure_id: int, data: RecordIn, today: dt.date
) -> GoodPracticeRecord:
    """The checked record, or ``RecordRefused`` with every reason (nothing is handed out)."""
    item = service.item(database, tenant, measure_id)
    reasons: list[Reason] = []
    if item.status != "done":
        reasons.append(
            Reason.make(
                "not_done",
                "status",
                "een record kan alleen van een afgeronde maatregel (status 'klaar').",
                "a record can only be made of a completed measure (status 'done').",
            )
        )
    effect: EffectEvaluation | None = None
    if data.include_evaluation and item.units and item.status == "done":
        found = evaluate_measure(database, tenant, measure_id, None, data.comparison, None)
        if found.evaluation is not None:
            effect = effect_part(found.evaluation)
    description = Description(
        goal=_required("description.goal", data.goal, reasons),
        target_group=_required("description.target_group", data.target_group, reasons),
        approach=_required("description.approach", data.approach, reasons),
        preconditions=_required("description.preconditions", data.preconditions, reasons),
        transferability=_required("description.transferability", data.transferability, reasons),
        implementation_experience=_required(
            "description.implementation_experience", data.implementation_experience, reasons
        ),
        costs=_required("description.costs", data.costs, reasons),
    )
    org_words = {
        name: _required(f"organisation.{name}", getattr(data, name), reasons)
        for name in ("management_involvement", "worker_involvement", "costs_and_benefits")
    }
    if reasons:
        raise RecordRefused(reasons)
    raw = {
        "id": record_id(tenant, measure_id),
        "title": {"nl": item.title},
        "created": today.isoformat(),
        "licence": data.licence,
        "evidence_claim": _claim(effect),
        "practice": {
            "absence_type": data.absence_type,
            "worker_type": data.worker_type,
            "components": data.components,
            "categories": data.categories,
            "level": data.level,
            "home_work": data.home_work,
        },
        "description": description.model_dump(),
        "organisation": {
            "sector_nace": data.sector_nace,
            "number_of_workers": data.number_of_workers,
            "ownership": data.ownership,
            **{k: v.model_dump() for k, v in org_words.items()},
        },
        "process": _process(item.process).model_dump(),
        "effect_evaluation": effect.model_dump() if effect else None,
    }
    outcome = check_record(raw)
    if outcome.record is None:
        raise RecordRefused(outcome.reasons)
    with database.tenant(tenant, read_only=True) as session:
        units = service.employee_units(session, tenant)
    record = export_record(outcome.record, units)
    with database.tenant(tenant) as session:
        audit.record(session, tenant, "export", f"plan/{measure_id}/record", data.licence)
    return record
