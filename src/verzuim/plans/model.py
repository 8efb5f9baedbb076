"""The typed plan: what the pages, the JSON twins and the exports render (docs/plans.md)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["planned", "running", "done", "stopped"]
STATUSES: tuple[Status, ...] = ("planned", "running", "done", "stopped")
Origin = Literal["advice", "practice", "analytics", "balance", "free"]
ORIGINS: tuple[Origin, ...] = ("advice", "practice", "analytics", "balance", "free")
MAX_TEXT = 5000


class ProcessFields(BaseModel):
    """RE-AIM process evaluation and a short after-action review (all optional)."""

    model_config = ConfigDict(extra="forbid")

    reach_pct: float | None = Field(None, ge=0, le=100, description="share of the target group")
    reach: str = Field("", max_length=MAX_TEXT, description="who was reached, who not")
    adoption: str = Field("", max_length=MAX_TEXT, description="units and managers taking part")
    implementation_as_planned: Literal["yes", "partly", "no"] | None = None
    implementation: str = Field("", max_length=MAX_TEXT, description="what went otherwise")
    costs_eur: float | None = Field(None, ge=0, le=1e9, description="what it cost in the end")
    maintenance: Literal["running", "stopped", "unknown"] = "unknown"
    maintenance_note: str = Field("", max_length=MAX_TEXT, description="after 6-12 months")
    went_well: str = Field("", max_length=MAX_TEXT)
    could_be_better: str = Field("", max_length=MAX_TEXT)
    next_steps: str = Field("", max_length=MAX_TEXT)

    def is_empty(self) -> bool:
        return self == ProcessFields()


class MeasureIn(BaseModel):
    """A new or edited measure, as the form and the JSON API send it."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    origin: Origin = "free"
    origin_ref: str = Field("", max_length=300, description="advice measure, practice or signal")
    risk: str = Field("", max_length=MAX_TEXT, description="the risk or finding it answers")
    units: list[str] = Field([], max_length=200, description="unit paths; empty = everyone")
    actors: list[str] = Field([], max_length=40, description="professional ids (knowledge base)")
    owner_id: int | None = Field(None, description="user id of a member of the organisation")
    budget_eur: float | None = Field(None, ge=0, le=1e9)
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    notes: str = Field("", max_length=MAX_TEXT)


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Status
    day: dt.date | None = Field(None, description="the day it took effect (default: today)")


class Problem(BaseModel):
    """One thing wrong with the input: the field, and what to do (Dutch and English)."""

    field: str
    nl: str
    en: str


class ActorRef(BaseModel):
    id: str
    name_nl: str
    name_en: str
    core_expert: bool  # a kerndeskundige of the Arbowet


class OwnerRef(BaseModel):
    user_id: int
    email: str


class StatusEntry(BaseModel):
    status: Status
    day: dt.date
    by: str


class PlanItem(BaseModel):
    id: int
    title: str
    origin: Origin
    origin_ref: str
    risk: str
    units: list[str]
    actors: list[ActorRef]
    owner: OwnerRef | None
    budget_eur: float | None
    planned_start: dt.date | None
    planned_end: dt.date | None
    status: Status
    status_since: dt.date
    started: dt.date | None = Field(description="the day it first became running")
    finished: dt.date | None = Field(description="the day it became done or stopped")
    notes: str
    process: ProcessFields
    history: list[StatusEntry]


class Filters(BaseModel):
    status: Status | None = None
    owner_id: int | None = None
    unit: str | None = None


class PlanList(BaseModel):
    organisation: str
    filters: Filters
    items: list[PlanItem]
    counts: dict[str, int] = Field(description="items per status (after the filters)")
    budget_total_eur: float


class TimelineBar(BaseModel):
    id: int
    title: str
    status: Status
    start: dt.date
    end: dt.date
    dated: bool = Field(description="False: no planned dates, shown from today for a month")


class Timeline(BaseModel):
    organisation: str
    first: dt.date
    last: dt.date
    months: list[dt.date]
    today: dt.date
    bars: list[TimelineBar]


class OwnerGroup(BaseModel):
    owner: OwnerRef | None
    items: list[PlanItem]
    budget_eur: float


class ByOwner(BaseModel):
    organisation: str
    groups: list[OwnerGroup]


class Choices(BaseModel):
    """What a form offers: the organisation's units, its members, the professionals."""

    units: list[str]
    members: list[OwnerRef]
    actors: list[ActorRef]
