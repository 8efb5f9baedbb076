"""CBS StatLine table 80072ned: absence percentage by SBI 2008 sector and company size.

The CSV files ship inside the package (src/verzuim/data, CC BY 4.0, attribute "CBS"), so
nothing is fetched at run time. CBS includes absence longer than a year and excludes
pregnancy leave: compare it with our ZVP without pregnancy.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

DATA = Path(__file__).parent / "data"
SOURCE = (
    'CBS StatLine 80072ned "Ziekteverzuimpercentage; bedrijfstakken (SBI 2008) en '
    'bedrijfsgrootte" (CC BY 4.0)'
)
SizeClass = Literal["1-10", "10-100", "100+"]
SIZE_KEYS: dict[SizeClass, str] = {"1-10": "WP19078", "10-100": "WP19091", "100+": "WP19098"}
TOTAL_KEY = "T001081"


@dataclass(frozen=True)
class Observation:
    sbi_key: str
    title: str
    period_key: str  # e.g. 2024JJ00 (year) or 2024KW03 (quarter)
    period: str
    final: bool  # status Definitief (True) or Voorlopig (False)
    absence_pct: float

    @property
    def year(self) -> int:
        return int(self.period_key[:4])

    @property
    def quarter(self) -> int | None:
        return int(self.period_key[-2:]) if "KW" in self.period_key else None


@cache
def observations() -> tuple[Observation, ...]:
    with (DATA / "cbs_80072ned_ziekteverzuimpercentage.csv").open(encoding="utf-8") as handle:
        return tuple(
            Observation(
                sbi_key=row["sbi_key"],
                title=row["sector"],
                period_key=row["period_key"],
                period=row["period"],
                final=row["status"] == "Definitief",
                absence_pct=float(row["absence_pct"]),
            )
            for row in csv.DictReader(handle)
            if row["absence_pct"]
        )


@cache
def category_titles() -> dict[str, str]:
    """CBS sbi_key -> the category title as CBS prints it."""
    with (DATA / "cbs_80072ned_categories.csv").open(encoding="utf-8") as handle:
        return {row["sbi_key"]: row["title"] for row in csv.DictReader(handle)}


@cache
def section_keys() -> dict[str, str]:
    """SBI section letter (A..S) -> CBS sbi_key, from the categories file."""
    with (DATA / "cbs_80072ned_categories.csv").open(encoding="utf-8") as handle:
        # A is filed as a "Bedrijfssector", B..S as "Bedrijfstak"; a single letter and a
        # space mark a section either way ("B-F ..." is an aggregate).
        return {
            match.group(1): row["sbi_key"]
            for row in csv.DictReader(handle)
            if (match := re.match(r"^([A-U]) ", row["title"]))
        }


def series(sbi_key: str, *, quarterly: bool = False) -> list[Observation]:
    """All years (or quarters) for one category, oldest first."""
    return sorted(
        (
            o
            for o in observations()
            if o.sbi_key == sbi_key and (o.quarter is not None) == quarterly
        ),
        key=lambda o: o.period_key,
    )


def latest_final_year(sbi_key: str) -> Observation | None:
    """The most recent whole year with final (Definitief) status."""
    finals = [o for o in series(sbi_key) if o.final]
    return finals[-1] if finals else None


def sector_key(letter: str) -> str:
    try:
        return section_keys()[letter.upper()]
    except KeyError as exc:
        allowed = ", ".join(sorted(section_keys()))
        raise ValueError(f"unknown SBI section {letter!r}; use one of {allowed}") from exc


def size_key(size_class: SizeClass) -> str:
    return SIZE_KEYS[size_class]
