"""Invented example data: a construction firm of about 60 people over two calendar years,
for "Probeer met voorbeeldgegevens" (a demo organisation) and the downloadable example
files. Deterministic: the same seed and years give byte-for-byte the same files.

Every person, number and absence here is made up. Shapes follow what the reference page
and the benchmark generator (bench/analytics_generate.py) describe: mostly short sick
spells, a tail of long ones, some partial recovery (100 % then 50 %), a pregnancy leave, a
few hires and leavers, and a site team that is absent more than the office.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass

SEED = 20250101
# unit -> (headcount, yearly chance of a sick spell per person): the site crews more often
UNITS: tuple[tuple[str, int, float], ...] = (
    ("Uitvoering > Ploeg Noord", 16, 1.6),
    ("Uitvoering > Ploeg Zuid", 14, 1.4),
    ("Werkvoorbereiding", 9, 1.0),
    ("Kantoor > Administratie", 8, 0.9),
    ("Kantoor > Verkoop", 6, 0.8),
    ("Magazijn", 7, 1.2),
)
EMPLOYEE_HEADER = ("Personeelsnummer", "Afdeling", "Deeltijdfactor", "Datum in dienst",
                   "Datum uit dienst")  # fmt: skip
SPELL_HEADER = ("Personeelsnummer", "Verzuimgeval", "Eerste ziektedag", "Laatste ziektedag",
                "Percentage arbeidsongeschikt", "Soort")  # fmt: skip


@dataclass(frozen=True)
class ExampleFiles:
    employees: bytes  # CSV, ';' separated, dd-mm-jjjj dates, as a Dutch export
    spells: bytes
    first_year: int
    last_year: int


def _day(value: dt.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def _csv(header: tuple[str, ...], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _length(rng: random.Random) -> int:
    """Spell length in calendar days: 75 % short, 20 % medium, 4 % long, 1 % very long."""
    draw = rng.random()
    if draw < 0.75:
        return rng.randint(1, 14)
    if draw < 0.95:
        return rng.randint(15, 91)
    if draw < 0.99:
        return rng.randint(92, 365)
    return rng.randint(366, 500)


def generate(last_year: int, seed: int = SEED) -> ExampleFiles:
    """Two calendar years of invented data, ``last_year - 1`` and ``last_year``; spells
    still running at the end of ``last_year`` are open."""
    rng = random.Random(seed)
    first = dt.date(last_year - 1, 1, 1)
    end = dt.date(last_year, 12, 31)
    span = (end - first).days + 1
    employees: list[list[str]] = []
    spells: list[list[str]] = []
    number = 1000
    for unit, headcount, rate in UNITS:
        for _ in range(headcount):
            number += 1
            factor = rng.choice((1.0, 1.0, 1.0, 0.8, 0.8, 0.6, 0.5))
            hired_inside = rng.random() < 0.12
            start = first + dt.timedelta(days=rng.randint(0, span - 120)) if hired_inside else (
                first - dt.timedelta(days=rng.randint(200, 9000))
            )  # fmt: skip
            leaves = rng.random() < 0.08
            stop = start + dt.timedelta(days=rng.randint(90, 600)) if leaves else None
            if stop is not None and stop >= end:
                stop = None
            employees.append(
                [str(number), unit, f"{factor:g}".replace(".", ","), _day(start), _day(stop)]
            )
            spells += _spells(rng, str(number), max(start, first), stop or end, end, rate)
    # one pregnancy and maternity leave of 16 weeks, in the office
    mother = next(r for r in employees if r[1].startswith("Kantoor") and not r[4])
    leave = dt.date(last_year, 3, 4)
    spells.append([mother[0], "Z1", _day(leave), _day(leave + dt.timedelta(days=111)), "100",
                   "zwangerschap"])  # fmt: skip
    return ExampleFiles(
        _csv(EMPLOYEE_HEADER, employees), _csv(SPELL_HEADER, spells), last_year - 1, last_year
    )


def _spells(
    rng: random.Random, who: str, since: dt.date, until: dt.date, end: dt.date, rate: float
) -> list[list[str]]:
    """One employee's spells, never overlapping: a Poisson-like count by rate and years."""
    years = max((until - since).days, 0) / 365.25
    found: list[list[str]] = []
    day = since + dt.timedelta(days=rng.randint(0, 60))
    case = 0
    while True:
        day += dt.timedelta(days=int(rng.expovariate(rate / 365.25)) + 1)
        if day > until or years <= 0:
            return found
        case += 1
        length = _length(rng)
        last = day + dt.timedelta(days=length - 1)
        open_end = last > end
        if length > 14 and rng.random() < 0.25 and not open_end:
            # partial recovery: the first part at 100 %, the rest at 50 %, one case
            middle = day + dt.timedelta(days=length // 2)
            found.append([who, f"{who}-{case}", _day(day), _day(middle), "100", "ziek"])
            found.append(
                [who, f"{who}-{case}", _day(middle + dt.timedelta(days=1)), _day(last), "50",
                 "ziek"]
            )  # fmt: skip
        else:
            found.append(
                [who, f"{who}-{case}", _day(day), "" if open_end else _day(last), "100", "ziek"]
            )
        if open_end:
            return found
        day = last + dt.timedelta(days=rng.randint(7, 40))
