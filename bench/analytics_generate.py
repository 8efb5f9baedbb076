"""Realistic synthetic absence data for the analytics benchmark (dev only: numpy + pandas).

    .venv/bin/python bench/analytics_generate.py --employees 1000000 --out /tmp/verzuim-bench

Writes employees.csv and spells.csv in the column names of the reference page:
- employees over a 200-unit tree (5 divisions x 8 departments x 5 teams, uneven sizes),
  part-time factors 0.4..1.0, 30 % hired and 12 % leaving within the three years;
- about 4 sick spells per employee over 2022-2024 (1.3 a year), mostly short, a long tail up
  to two years, about 1 % pregnancy leave of 16 weeks; a quarter of the spells longer than
  14 days recover partially (an episode at 100 % followed by one at 50 %), and spells still
  running at the end of 2024 are open (empty last day).
Episodes of one employee never overlap. The same seed gives the same files.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

START = np.datetime64("2022-01-01")
DAYS = 1096  # 2022-01-01 .. 2024-12-31


def employees(n: int, rng: np.random.Generator) -> pd.DataFrame:
    weights = rng.pareto(1.5, 200) + 0.2
    unit = rng.choice(200, size=n, p=weights / weights.sum())
    ptf = rng.choice([0.4, 0.5, 0.6, 0.8, 0.9, 1.0], size=n, p=[0.05, 0.1, 0.1, 0.25, 0.1, 0.4])
    hired_inside = rng.random(n) < 0.3
    start = np.where(
        hired_inside, rng.integers(0, DAYS - 30, n), -rng.integers(1, 365 * 30, n)
    )  # day offsets from 2022-01-01; negative = before the window
    leaves = rng.random(n) < 0.12
    end = np.where(leaves, np.maximum(start, 0) + rng.integers(30, DAYS, n), -(10**6))
    end = np.where((end >= DAYS) | (end < 0), -(10**6), end)  # -1e6 = still employed
    return pd.DataFrame({"i": np.arange(n), "unit": unit, "ptf": ptf, "start": start, "end": end})


def spells(emp: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    n = len(emp)
    counts = rng.poisson(4.0, n)
    owner = np.repeat(np.arange(n), counts)
    m = len(owner)
    # random first days inside the window, sorted per employee
    first = rng.integers(-60, DAYS, m)
    order = np.lexsort((first, owner))
    owner, first = owner[order], first[order]
    # lengths: 75 % short (1-14), 20 % medium (15-91), 4 % long, 1 % very long
    kind_draw = rng.random(m)
    length = np.where(
        kind_draw < 0.75,
        rng.integers(1, 15, m),
        np.where(
            kind_draw < 0.95,
            rng.integers(15, 92, m),
            np.where(kind_draw < 0.99, rng.integers(92, 366, m), rng.integers(366, 800, m)),
        ),
    )
    pregnancy = rng.random(m) < 0.01
    length = np.where(pregnancy, 112, length)
    # no overlap: a spell ends at least one day before the next spell of the same employee
    next_first = np.append(first[1:], 10**6)
    same_next = np.append(owner[1:] == owner[:-1], False)
    limit = np.where(same_next, next_first - first - 1, 10**6)
    keep = limit >= 1
    length = np.minimum(length, np.maximum(limit, 1))
    owner, first, length, pregnancy = owner[keep], first[keep], length[keep], pregnancy[keep]
    last = first + length - 1
    spell_no = np.arange(len(owner))
    # partial recovery: a quarter of the sick spells over 14 days: 100 % then 50 %
    cut = first + (length * rng.uniform(0.3, 0.7, len(owner))).astype(np.int64)
    # an export made at the end of 2024 holds no episode that starts later
    split = (~pregnancy) & (length > 14) & (rng.random(len(owner)) < 0.25) & (cut + 1 < DAYS)
    part1 = pd.DataFrame(
        {
            "i": owner,
            "spell": spell_no,
            "first": first,
            "last": np.where(split, cut, last),
            "unfit": 100,
            "preg": pregnancy,
        }
    )
    part2 = pd.DataFrame(
        {
            "i": owner[split],
            "spell": spell_no[split],
            "first": cut[split] + 1,
            "last": last[split],
            "unfit": 50,
            "preg": False,
        }
    )
    return pd.concat([part1, part2], ignore_index=True)


def write(emp: pd.DataFrame, sp: pd.DataFrame, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.register("emp", emp)
    con.register("sp", sp)
    units = (
        "'Divisie ' || (unit // 40) || '/Afdeling ' || ((unit // 5) % 8) || '/Team ' || (unit % 5)"
    )
    con.execute(
        f"""COPY (SELECT 'E' || lpad(CAST(i AS VARCHAR), 7, '0') AS employee_id,
                {units} AS unit, ptf AS part_time_factor,
                DATE '2022-01-01' + CAST(start AS INTEGER) AS employment_start,
                CASE WHEN "end" < 0 THEN NULL ELSE DATE '2022-01-01' + CAST("end" AS INTEGER) END
                    AS employment_end
            FROM emp ORDER BY i) TO '{out / "employees.csv"}' (HEADER, DELIMITER ',')"""
    )
    con.execute(
        f"""COPY (SELECT 'E' || lpad(CAST(i AS VARCHAR), 7, '0') AS employee_id,
                'V' || spell AS spell_id,
                DATE '2022-01-01' + CAST("first" AS INTEGER) AS first_day,
                CASE WHEN "last" >= {DAYS} THEN NULL
                     ELSE DATE '2022-01-01' + CAST("last" AS INTEGER) END AS last_day,
                unfit AS unfit_pct,
                CASE WHEN preg THEN 'pregnancy' ELSE 'sick' END AS kind
            FROM sp ORDER BY i, "first") TO '{out / "spells.csv"}' (HEADER, DELIMITER ',')"""
    )
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/verzuim-bench"))
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    started = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    emp = employees(args.employees, rng)
    sp = spells(emp, rng)
    write(emp, sp, args.out)
    print(
        f"{len(emp):,} employees, {sp['spell'].nunique():,} spells, {len(sp):,} episodes "
        f"-> {args.out} in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
