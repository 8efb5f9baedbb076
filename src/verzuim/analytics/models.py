"""The data model of the reference page and the typed results every interface shares.

There is deliberately no field for a diagnosis, a medical detail or a reason for absence:
the product must not be able to store one (tests/analytics/test_privacy.py checks names).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["sick", "pregnancy"]
KINDS: tuple[Kind, ...] = ("sick", "pregnancy")
SUPPRESSION_THRESHOLD = 5
# Why a group is suppressed: fewer than 5 employees, or to protect a small sibling from
# being recovered by subtraction (analytics/suppression.py).
Suppression = Literal["small", "complementary"]


@dataclass(frozen=True, slots=True)
class Employee:
    """One employment; ``unit`` is a path such as ``Productie/Hal 2``."""

    employee_id: str
    unit: str
    part_time_factor: float
    employment_start: dt.date
    employment_end: dt.date | None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Episode:
    """Part of a spell with one unfitness percentage; ``last_day`` None = still ongoing."""

    employee_id: str
    spell_id: str
    first_day: dt.date
    last_day: dt.date | None
    unfit_pct: float
    kind: Kind
    line: int = 0


class Problem(BaseModel):
    """One validation problem, precise enough to find and fix it in the source file."""

    model_config = ConfigDict(frozen=True)

    code: str
    file: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    message: str
    fix: str
    message_nl: str
    fix_nl: str


class IgnoredColumn(BaseModel):
    """A column of the user's file that is not read, and why (shown after every upload)."""

    model_config = ConfigDict(frozen=True)

    file: str
    column: str
    category: Literal["name", "birth_date", "health_data", "contact", "not_used"]
    why: str
    why_nl: str


class ProblemGroup(BaseModel):
    """All problems of one kind: how many, the first few as examples, how to fix them."""

    code: str
    title: str
    title_nl: str
    count: int
    first: list[Problem]
    lines: list[int]  # every line with this problem, in file order (first file first)


class Period(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)

    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def label(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


class DurationClasses(BaseModel):
    """Vernet classes of sick spells active in the period (length up to last day or P_end)."""

    kort: int
    middellang: int
    lang: int
    extra_lang: int


class BradfordDistribution(BaseModel):
    """Aggregated only: how many employees fall in each band; never a per-person score."""

    band_0: int
    band_1_50: int
    band_51_200: int
    band_201_400: int
    band_401_650: int
    band_over_650: int


class GroupMetrics(BaseModel):
    """Metrics for one group (or the total) in one period; all None when suppressed."""

    group: str | None = None
    employees: int
    suppressed: bool
    suppression: Suppression | None = None  # the reason, when suppressed
    zvp: float | None = None
    zvp_incl_pregnancy: float | None = None
    zmf: float | None = None
    gzvd: float | None = None
    nulverzuim: float | None = None
    new_spells: int | None = None
    ended_spells: int | None = None
    average_headcount: float | None = None
    sick_days_weighted: float | None = None  # ZVP numerator: sum of ptf * unfit/100 * days
    employed_days_weighted: float | None = None  # ZVP denominator: sum of ptf * days
    frequent_absence: int | None = None
    frequent_absence_pct: float | None = None
    # Return threshold (reference "Return and recurrence"): percentages with their counts.
    recurrence: float | None = None  # % of eligible spells followed by a new one within 28 days
    recurrence_eligible: int | None = None
    recurrence_recurring: int | None = None
    partial_return: float | None = None  # % of spells ended in the period with a partial episode
    partial_return_spells: int | None = None
    duration_classes: DurationClasses | None = None
    bradford: BradfordDistribution | None = None


class MetricsResult(BaseModel):
    """What ``metrics.compute`` returns: the total and the groups for one period."""

    model_config = ConfigDict(populate_by_name=True)

    period: Period
    total: GroupMetrics
    groups: list[GroupMetrics] = []
    # True for a demo organisation's invented data (store/demo.py); never for real data
    example_data: bool = False

    def contract(self) -> dict[str, object]:
        """The CLI/API JSON contract of issue 5 (extra keys are allowed by it)."""
        return {
            "period": {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()},
            "total": self.total.model_dump(mode="json", exclude={"group"}),
            "groups": [g.model_dump(mode="json") for g in self.groups],
        } | ({"example_data": True} if self.example_data else {})


class FileColumns(BaseModel):
    """A file whose header did not name every needed field: its columns with their first
    values, for the user to say which is which (the upload page's column mapping)."""

    role: Literal["employees", "spells"]
    file: str
    header: list[str]
    samples: list[list[str]]  # per column: its first values as they stand in the file
    chosen: dict[str, int]  # field -> column index, as recognised now
    missing: list[str]  # fields that must be picked before the file can be read


class ImportSummary(BaseModel):
    accepted: bool
    organisation: str
    employees_in_file: int = 0
    episodes_in_file: int = 0
    employees_added: int = 0
    employees_changed: int = 0
    employees_unchanged: int = 0
    employees_removed: int = 0  # replace mode: stored, not in the file
    episodes_added: int = 0
    episodes_changed: int = 0
    episodes_unchanged: int = 0
    episodes_removed: int = 0
    problems: list[Problem] = []
    ignored_columns: list[IgnoredColumn] = []
    # Not stored yet, waiting for the user: "confirm_unrelated" (a merge that shares no
    # employee with what is stored) or "columns" (columns to map in the page).
    awaiting: Literal["confirm_unrelated", "columns"] | None = None
    employees_stored: int = 0  # with awaiting="confirm_unrelated": how many are stored
    columns: list[FileColumns] = []  # with awaiting="columns": the files to map
