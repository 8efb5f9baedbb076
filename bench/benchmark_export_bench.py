"""Time `verzuim org export --all --format parquet` (the hosted store as benchmark input).

    .venv/bin/python bench/benchmark_export_bench.py --organisations 100 --employees 100000

Generates a pool (bench/benchmark_generate.py), loads it into a fresh SQLite store in a
temporary folder (organisations through the store's own code, rows in bulk), then runs the
export as its own process, sampled as bench/benchmark_bench.py does: wall time, CPU time
and peak memory. Run it at two sizes: the export streams per organisation in chunks, so its
peak memory should stay about the same while the store grows.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).parent))
from benchmark_bench import run
from benchmark_generate import generate
from verzuim.store import migrate, organisations
from verzuim.store.database import Database

VERZUIM = Path(sys.executable).with_name("verzuim")


def load_store(pool: Path, url: str, path: Path) -> None:
    """The pool's organisations and rows into the store at ``url`` (a SQLite file)."""
    migrate.upgrade(url)
    database = Database(url)
    con = duckdb.connect()
    ids: dict[str, int] = {}
    try:
        orgs = con.execute(
            f"SELECT org_id, sbi_section, size_class, region FROM '{pool}/organisations.parquet'"
        ).fetchall()
        with database.public() as session:
            for org_id, sector, size, region in orgs:
                org = organisations.create(session, org_id.lower(), org_id, sector, size, region)
                ids[org_id] = org.id
    finally:
        database.dispose()
    con.execute("CREATE TABLE ids (org_id VARCHAR, id INTEGER)")
    con.executemany("INSERT INTO ids VALUES (?, ?)", list(ids.items()))
    target = sqlite3.connect(path)
    try:
        for table, select in (
            (
                "employees",
                "SELECT i.id, employee_id, unit, part_time_factor, "
                "CAST(employment_start AS VARCHAR), CAST(employment_end AS VARCHAR) "
                f"FROM '{pool}/employees.parquet/*.parquet' e JOIN ids i USING (org_id)",
            ),
            (
                "episodes",
                "SELECT i.id, employee_id, spell_id, CAST(first_day AS VARCHAR), "
                "CAST(last_day AS VARCHAR), unfit_pct, kind "
                f"FROM '{pool}/spells.parquet/*.parquet' s JOIN ids i USING (org_id)",
            ),
        ):
            result = con.execute(select)
            marks = ", ".join("?" * len(result.description))  # type: ignore[arg-type]
            while rows := result.fetchmany(100_000):
                target.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
            target.commit()
    finally:
        target.close()
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=100)
    parser.add_argument("--employees", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="verzuim-export-bench-") as work:
        root = Path(work)
        orgs, emps, eps = generate(root / "pool", args.organisations, args.employees)
        path = root / "verzuim.sqlite3"
        load_store(root / "pool", f"sqlite:///{path}", path)
        print(f"store: {orgs:,} organisations, {emps:,} employees, {eps:,} episodes")
        os.environ["VERZUIM_DATABASE_URL"] = f"sqlite:///{path}"
        os.environ["VERZUIM_DATA_DIR"] = str(root)
        command = [str(VERZUIM), "org", "export", "--all", "--format", "parquet",
                   "--out", str(root / "export")]  # fmt: skip
        r = run(command)
        print(
            f"export: {r['wall_s']:.1f} s wall, {r['cpu_s']:.1f} s CPU, "
            f"peak {r['peak_rss_gib']:.2f} GiB, {(emps + eps) / r['wall_s']:,.0f} rows/s"
        )


if __name__ == "__main__":
    main()
