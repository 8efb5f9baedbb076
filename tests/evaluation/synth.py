"""Generated organisations with a known story: a planted effect, none, or a peak before the start.

Every employee has sick spells arriving at random (a Poisson process) with mostly short and a
few long durations; spells of one employee never overlap. ``shorten`` multiplies the length of
spells that start on or after ``start`` in the ``treated`` units (the planted effect); ``peak``
adds extra spells in the ``treated`` units during the 12 months before ``start`` (a unit that
was picked because its absence was unusually high). The same seed gives the same files, so a
data set with and one without the effect differ only in that effect.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from verzuim.analytics.service import Upload

EPOCH = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Story:
    units: dict[str, int]  # unit path -> employees
    first: dt.date = dt.date(2022, 1, 1)
    last: dt.date = dt.date(2024, 12, 31)
    start: dt.date = dt.date(2024, 1, 1)
    treated: tuple[str, ...] = ()
    shorten: float = 1.0  # planted effect: spell length factor from the start on
    peak: float = 0.0  # extra spell rate (per year) in the 12 months before the start
    spells_per_year: float = 1.4


def _day(d: dt.date) -> int:
    return (d - EPOCH).days


def _date(n: int) -> str:
    return (EPOCH + dt.timedelta(days=int(n))).isoformat()


def generate(story: Story, seed: int) -> tuple[Upload, Upload]:
    rng = np.random.default_rng(seed)
    lo, hi, start = _day(story.first), _day(story.last), _day(story.start)
    years = (hi - lo + 1) / 365.25
    emp_lines = ["employee_id,unit,part_time_factor,employment_start,employment_end"]
    spell_lines = ["employee_id,spell_id,first_day,last_day,unfit_pct,kind"]
    number = 0
    for unit, size in story.units.items():
        treated = unit in story.treated
        for _ in range(size):
            emp_id = f"e{number:05d}"
            number += 1
            ptf = float(rng.choice([0.5, 0.8, 1.0], p=[0.2, 0.3, 0.5]))
            hired = lo - 3000 if rng.random() < 0.9 else int(rng.integers(lo, hi - 60))
            leaves = rng.random() < 0.08
            end = int(rng.integers(max(hired, lo) + 60, hi + 1)) if leaves else None
            emp_lines.append(
                f"{emp_id},{unit},{ptf},{_date(hired)},{_date(end) if end is not None else ''}"
            )
            # spells from two months before the window, so the first months are not empty
            count = rng.poisson(story.spells_per_year * (years + 1 / 6))
            firsts = rng.integers(lo - 60, hi + 1, count)
            if treated and story.peak > 0:
                extra = rng.poisson(story.peak)
                firsts = np.concatenate([firsts, rng.integers(start - 365, start, extra)])
            firsts = np.unique(firsts)  # sorted, one spell per first day
            kind = rng.random(len(firsts))
            length = np.where(
                kind < 0.7,
                rng.integers(1, 8, len(firsts)),
                np.where(
                    kind < 0.95,
                    rng.integers(8, 43, len(firsts)),
                    rng.integers(43, 200, len(firsts)),
                ),
            )
            if treated and story.shorten != 1.0:
                after = firsts >= start
                length = np.where(
                    after, np.maximum(1, np.round(length * story.shorten)).astype(int), length
                )
            previous_end = -(10**9)
            for k, (f, n) in enumerate(zip(firsts.tolist(), length.tolist(), strict=True)):
                if f <= previous_end:
                    continue  # overlaps the previous spell of this employee: not drawn
                stop = f + n - 1
                if k + 1 < len(firsts):
                    stop = min(stop, int(firsts[k + 1]) - 1)
                previous_end = stop
                last = "" if stop > hi else _date(stop)
                spell_lines.append(f"{emp_id},{emp_id}-{k},{_date(f)},{last},100,sick")
    return (
        Upload("employees.csv", ("\n".join(emp_lines) + "\n").encode()),
        Upload("spells.csv", ("\n".join(spell_lines) + "\n").encode()),
    )
