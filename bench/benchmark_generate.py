"""Synthetic input for the pooled benchmark: many organisations, streamed to Parquet (dev only).

    .venv/bin/python bench/benchmark_generate.py --organisations 10000 \
        --employees 10000000 --out /tmp/verzuim-pool

Writes the input layout of ``verzuim benchmark build`` (docs/benchmark.md):
``organisations.parquet`` and the folders ``employees.parquet/`` and ``spells.parquet/``
with one part file per batch of organisations, so memory stays bounded by one batch.
- organisation sizes are skewed (log-normal: many small, a few very large), scaled to the
  total asked for; sector (SBI section), region (a province) at random, size class from
  the headcount (1-10, 10-100, 100+) as CBS classes it;
- per employee as in bench/analytics_generate.py: part-time factors 0.4..1.0, 30 % hired and
  12 % leaving within the three years 2022-2024, about 1.33 sick spells a year (75 % short,
  a long tail), 1 % pregnancy leave of 16 weeks, a quarter of the longer spells recovering
  partially (100 % then 50 %), spells running at the end of 2024 open. No overlaps.
The data are invented for timing and testing, not a picture of any real organisation.
The same seed gives the same files.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

START = "2022-01-01"
DAYS = 1096  # 2022-01-01 .. 2024-12-31
SECTORS = ["C", "F", "G", "H", "I", "J", "K", "M", "N", "O", "P", "Q"]
REGIONS = [
    "Groningen", "Friesland", "Drenthe", "Overijssel", "Flevoland", "Gelderland",
    "Utrecht", "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg",
]  # fmt: skip


def organisation_sizes(organisations: int, employees: int, rng: np.random.Generator) -> np.ndarray:
    """Headcounts with a long tail, each at least 2, summing exactly to ``employees``."""
    raw = rng.lognormal(mean=0.0, sigma=1.6, size=organisations)
    sizes = np.maximum(2, np.floor(raw / raw.sum() * employees)).astype(np.int64)
    sizes[np.argmax(sizes)] += employees - sizes.sum()
    return sizes


def size_class(n: np.ndarray) -> np.ndarray:
    return np.where(n < 10, "1-10", np.where(n < 100, "10-100", "100+"))


def employees_of(owner: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    n = len(owner)
    ptf = rng.choice([0.4, 0.5, 0.6, 0.8, 0.9, 1.0], size=n, p=[0.05, 0.1, 0.1, 0.25, 0.1, 0.4])
    hired_inside = rng.random(n) < 0.3
    start = np.where(hired_inside, rng.integers(0, DAYS - 30, n), -rng.integers(1, 365 * 30, n))
    leaves = rng.random(n) < 0.12
    end = np.where(leaves, np.maximum(start, 0) + rng.integers(30, DAYS, n), -(10**6))
    end = np.where((end >= DAYS) | (end < 0), -(10**6), end)  # -1e6 = still employed
    unit = rng.integers(0, 8, n)
    return pd.DataFrame({"org": owner, "unit": unit, "ptf": ptf, "start": start, "end": end})


def spells_of(
    emp: pd.DataFrame, spells_per_employee: float, rng: np.random.Generator
) -> pd.DataFrame:
    n = len(emp)
    counts = rng.poisson(spells_per_employee, n)
    owner = np.repeat(np.arange(n), counts)
    m = len(owner)
    first = rng.integers(-60, DAYS, m)
    order = np.lexsort((first, owner))
    owner, first = owner[order], first[order]
    draw = rng.random(m)
    length = np.where(
        draw < 0.75,
        rng.integers(1, 15, m),
        np.where(
            draw < 0.95,
            rng.integers(15, 92, m),
            np.where(draw < 0.99, rng.integers(92, 366, m), rng.integers(366, 800, m)),
        ),
    )
    pregnancy = rng.random(m) < 0.01
    length = np.where(pregnancy, 112, length)
    next_first = np.append(first[1:], 10**6)
    same_next = np.append(owner[1:] == owner[:-1], False)
    limit = np.where(same_next, next_first - first - 1, 10**6)
    keep = limit >= 1
    length = np.minimum(length, np.maximum(limit, 1))
    owner, first, length, pregnancy = owner[keep], first[keep], length[keep], pregnancy[keep]
    last = first + length - 1
    spell_no = np.arange(len(owner))
    cut = first + (length * rng.uniform(0.3, 0.7, len(owner))).astype(np.int64)
    split = (~pregnancy) & (length > 14) & (rng.random(len(owner)) < 0.25) & (cut + 1 < DAYS)
    whole = {"emp": owner, "spell": spell_no, "first": first, "preg": pregnancy}
    part1 = pd.DataFrame({**whole, "last": np.where(split, cut, last), "unfit": 100})
    part2 = pd.DataFrame(
        {
            "emp": owner[split],
            "spell": spell_no[split],
            "first": cut[split] + 1,
            "preg": False,
            "last": last[split],
            "unfit": 50,
        }
    )
    return pd.concat([part1, part2], ignore_index=True)


def _org_key(column: str) -> str:
    return f"'O' || lpad(CAST({column} AS VARCHAR), 6, '0')"


def write_batch(
    con: duckdb.DuckDBPyConnection, emp: pd.DataFrame, sp: pd.DataFrame, out: Path, batch: int
) -> None:
    # employee keys are numbered within each organisation, as an HR export numbers them, so
    # the same key occurs in many organisations (the engines must match on org_id as well)
    emp = emp.assign(local=emp.groupby("org").cumcount())
    sp = sp.assign(org=emp["org"].to_numpy()[sp["emp"]], local=emp["local"].to_numpy()[sp["emp"]])
    con.register("emp", emp)
    con.register("sp", sp)
    part = f"part-{batch:05d}.parquet"
    con.execute(
        f"""COPY (SELECT {_org_key("org")} AS org_id,
                'E' || CAST(local AS VARCHAR) AS employee_id,
                'Afdeling ' || unit AS unit, ptf AS part_time_factor,
                DATE '{START}' + CAST(start AS INTEGER) AS employment_start,
                CASE WHEN "end" < 0 THEN NULL ELSE DATE '{START}' + CAST("end" AS INTEGER) END
                    AS employment_end
            FROM emp)
            TO '{out / "employees.parquet" / part}' (FORMAT parquet)"""
    )
    con.execute(
        f"""COPY (SELECT {_org_key("s.org")} AS org_id,
                'E' || CAST(s.local AS VARCHAR) AS employee_id,
                'V' || CAST(s.spell AS VARCHAR) AS spell_id,
                DATE '{START}' + CAST(s."first" AS INTEGER) AS first_day,
                CASE WHEN s."last" >= {DAYS} THEN NULL
                     ELSE DATE '{START}' + CAST(s."last" AS INTEGER) END AS last_day,
                CAST(s.unfit AS DOUBLE) AS unfit_pct,
                CASE WHEN s.preg THEN 'pregnancy' ELSE 'sick' END AS kind
            FROM sp s)
            TO '{out / "spells.parquet" / part}' (FORMAT parquet)"""
    )
    con.unregister("emp")
    con.unregister("sp")


def generate(
    out: Path,
    organisations: int,
    employees: int,
    spells_per_employee: float = 4.0,
    seed: int = 2025,
    batch_employees: int = 500_000,
    sectors: Sequence[str] = SECTORS,
    regions: Sequence[str] = REGIONS,
) -> tuple[int, int, int]:
    """Write the input folder; return (organisations, employees, episodes) written.

    Fewer ``sectors`` and ``regions`` make fuller cells (the tests' 200 organisations).
    """
    rng = np.random.default_rng(seed)
    for folder in ("employees.parquet", "spells.parquet"):
        (out / folder).mkdir(parents=True, exist_ok=True)
        for old in (out / folder).glob("*.parquet"):
            old.unlink()
    sizes = organisation_sizes(organisations, employees, rng)
    con = duckdb.connect()
    con.execute("SET threads = 1")  # the machine is shared; a batch is small
    orgs = pd.DataFrame(
        {
            "org": np.arange(organisations),
            "sector": rng.choice(list(sectors), organisations),
            "size_class": size_class(sizes),
            "region": rng.choice(list(regions), organisations),
        }
    )
    con.register("orgs", orgs)
    con.execute(
        f"""COPY (SELECT {_org_key("org")} AS org_id, sector AS sbi_section, size_class, region
            FROM orgs) TO '{out / "organisations.parquet"}' (FORMAT parquet)"""
    )
    written = batch = 0
    first_org = 0
    while first_org < organisations:
        # whole organisations per batch, about batch_employees employees
        cumulative = np.cumsum(sizes[first_org:])
        last_org = first_org + int(np.searchsorted(cumulative, batch_employees)) + 1
        owner = np.repeat(
            np.arange(first_org, min(last_org, organisations)), sizes[first_org:last_org]
        )
        emp = employees_of(owner, rng)
        sp = spells_of(emp, spells_per_employee, rng)
        write_batch(con, emp, sp, out, batch)
        written += len(sp)
        batch += 1
        first_org = last_org
    con.close()
    return organisations, int(sizes.sum()), written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--employees", type=int, default=10_000_000)
    parser.add_argument("--spells-per-employee", type=float, default=4.0)
    parser.add_argument("--out", type=Path, default=Path("/tmp/verzuim-pool"))
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    started = time.perf_counter()
    orgs, emps, episodes = generate(
        args.out, args.organisations, args.employees, args.spells_per_employee, args.seed
    )
    print(
        f"{orgs:,} organisations, {emps:,} employees, {episodes:,} episodes "
        f"-> {args.out} in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
