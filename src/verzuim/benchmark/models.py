"""The typed benchmark: cells, their disclosure status, and how the benchmark was built."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

ByColumn = Literal["sector", "size_class", "region"]
BY_COLUMNS: tuple[ByColumn, ...] = ("sector", "size_class", "region")
PeriodKind = Literal["year", "quarter"]
EngineName = Literal["duckdb", "spark"]
Suppression = Literal["organisations", "dominance"]
SUPPRESSIONS: tuple[Suppression, ...] = ("organisations", "dominance")

# Which column of the organisations file each --by column reads.
ORGANISATION_COLUMN: dict[ByColumn, str] = {
    "sector": "sbi_section",
    "size_class": "size_class",
    "region": "region",
}
FIGURES = ("employees", "zvp", "zmf", "gzvd", "recurrence")


class BenchmarkCell(BaseModel):
    """One cell. When ``suppressed`` only its key, ``organisations`` and the reason remain."""

    model_config = ConfigDict(frozen=True)

    sector: str | None = None
    size_class: str | None = None
    region: str | None = None
    period: str  # "2024" or "2024-Q3"
    period_start: dt.date
    period_end: dt.date
    organisations: int
    employees: int | None = None
    zvp: float | None = None
    zmf: float | None = None
    gzvd: float | None = None
    recurrence: float | None = None
    suppressed: bool
    suppression: Suppression | None = None


class Benchmark(BaseModel):
    """What ``build`` returns and the output folder holds (cells plus ``benchmark.json``)."""

    by: tuple[ByColumn, ...]
    period: PeriodKind
    engine: EngineName
    built_at: dt.datetime
    first_day: dt.date
    last_day: dt.date
    organisations_in_input: int
    organisations_without_cell: int  # a --by column empty for them: in no cell
    cells: list[BenchmarkCell]


class OrganisationSums(BaseModel):
    """The additive sums of one organisation in one period (what the engines compute)."""

    org_id: str
    period_no: int
    employees: int
    ptf_days: float
    employed_days: float
    sick_weighted: float
    all_weighted: float
    new_spells: int
    ended_spells: int
    ended_days: float
    recurrence_eligible: int
    recurrence_recurring: int
    partial_return_spells: int


class BenchmarkInputError(ValueError):
    """Bad benchmark input: what is wrong, where, and how to fix it."""

    def __init__(self, what: str, where: str, fix: str) -> None:
        super().__init__(f"{where}: {what} {fix}")
        self.what = what
        self.where = where
        self.fix = fix
