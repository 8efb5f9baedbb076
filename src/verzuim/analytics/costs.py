"""An estimate of what the absence costs, from assumptions the user sees and can change.

Two methods, both shown as an estimate:
- ``per_day``: sick workdays x a full cost per sick day (default EUR 405, MKB Servicedesk
  2023: replacement 191, wage 153, lost revenue 43, arbodienst 10, guidance 8);
- ``wage``: sick workdays x daily wage x the wage-continuation percentage (art. 7:629 BW:
  at least 70 %, often 100 % in the first year by collective agreement). This is the wage
  part only.
Sick workdays = the ZVP numerator (calendar days x part-time factor x unfitness) x the
workdays per week / 7, because the standard counts calendar days and costs arise on workdays.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from verzuim.analytics.models import GroupMetrics

Method = Literal["per_day", "wage"]


class CostAssumptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    method: Method = "per_day"
    cost_per_day: float = Field(default=405.0, ge=0, le=10_000)
    annual_wage: float = Field(default=36_500.0, ge=0, le=1_000_000)
    continuation_pct: float = Field(default=100.0, ge=70, le=100)
    workdays_per_week: float = Field(default=5.0, gt=0, le=7)


class CostEstimate(BaseModel):
    estimate: Literal[True] = True
    assumptions: CostAssumptions
    sick_calendar_days: float | None
    sick_workdays: float | None
    cost_per_workday: float
    total_eur: float | None
    per_employee_eur: float | None


def estimate(total: GroupMetrics, assumptions: CostAssumptions) -> CostEstimate:
    """Costs of the total's absence; a suppressed total gives no figure."""
    if assumptions.method == "per_day":
        per_day = assumptions.cost_per_day
    else:
        daily_wage = assumptions.annual_wage / (52 * assumptions.workdays_per_week)
        per_day = daily_wage * assumptions.continuation_pct / 100
    days = total.sick_days_weighted
    if days is None:
        return CostEstimate(
            assumptions=assumptions,
            sick_calendar_days=None,
            sick_workdays=None,
            cost_per_workday=per_day,
            total_eur=None,
            per_employee_eur=None,
        )
    workdays = days * assumptions.workdays_per_week / 7
    amount = workdays * per_day
    heads = total.average_headcount
    return CostEstimate(
        assumptions=assumptions,
        sick_calendar_days=days,
        sick_workdays=workdays,
        cost_per_workday=per_day,
        total_eur=amount,
        per_employee_eur=amount / heads if heads else None,
    )
