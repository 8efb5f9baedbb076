"""The typed result of an effect evaluation; the CLI, the JSON API and the plan's effect page
(docs/plans.md) only render it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from verzuim.knowledge.models import Text

Design = Literal["did", "its"]
DESIGNS: tuple[Design, ...] = ("did", "its")
MonthRole = Literal["before", "after", "left_out"]


class Note(BaseModel):
    """A warning or remark, with a stable code for programs and a text for people."""

    model_config = ConfigDict(frozen=True)

    code: str
    text: Text


class Effect(BaseModel):
    """Change in ZVP in percentage points (negative = less absence) with its 95 % interval.

    All three are empty when the groups are too small to show any figure (under 5
    employees) or when the design cannot be estimated on these months.
    """

    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    level: float = 0.95
    resamples: int


class GroupSummary(BaseModel):
    """One side of the comparison: who and which months (figures empty under 5 employees)."""

    units: list[str]
    employees: int  # distinct employees employed in at least one month used
    average_employees: float  # employees employed per month, averaged over the months used
    months_before: int
    months_after: int
    suppressed: bool
    zvp_before: float | None = None
    zvp_after: float | None = None


class Placebo(BaseModel):
    """The same estimate with the start 12 months earlier, on months before the start only."""

    ran: bool
    start: dt.date
    months_before: int
    months_after: int
    effect: Effect | None = None


class SeriesPoint(BaseModel):
    """One month of the chart: each group's ZVP (empty under 5 employees that month)."""

    month: str  # yyyy-mm
    start: dt.date
    end: dt.date
    role: MonthRole
    treated_employees: int
    treated_zvp: float | None
    comparison_employees: int | None = None
    comparison_zvp: float | None = None


class Evaluation(BaseModel):
    """Everything an effect evaluation says, in one object."""

    design: Design
    label: Text  # the honest label: own evaluation with/without comparison group
    summary: Text  # the estimate in plain words
    start: dt.date
    first_month: str
    last_month: str
    run_in_months: int
    comparison_suggested: bool
    effect: Effect
    pre_trend_warning: bool
    too_small: bool
    warnings: list[Note]
    treated: GroupSummary
    comparison: GroupSummary | None
    placebo: Placebo
    series: list[SeriesPoint]
    seed: int

    def contract(self, lang: str = "nl") -> dict[str, object]:
        """The CLI/API JSON of issue 10; ``warnings`` as texts in ``lang``, codes beside them."""
        data = self.model_dump(mode="json")
        data["label"] = self.label.pick(lang)
        data["summary"] = self.summary.pick(lang)
        data["warnings"] = [n.text.pick(lang) for n in self.warnings]
        data["warning_codes"] = [n.code for n in self.warnings]
        return data
