"""The benchmark folder: ``benchmark.parquet`` and ``benchmark.csv`` (one row per cell) and
``benchmark.json`` (how and when it was built); and the typed reader the app uses.

Only ``build`` makes cells, and a suppressed cell arrives here without figures, so neither
file can hold one. Files are written beside their final name and then renamed, so a reader
never sees half a benchmark.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
from pydantic import BaseModel

from verzuim.benchmark.models import BY_COLUMNS, Benchmark, BenchmarkCell, ByColumn

PARQUET = "benchmark.parquet"
CSV = "benchmark.csv"
MANIFEST = "benchmark.json"
_TAIL = {
    "period": "VARCHAR",
    "period_start": "DATE",
    "period_end": "DATE",
    "organisations": "INTEGER",
    "employees": "INTEGER",
    "zvp": "DOUBLE",
    "zmf": "DOUBLE",
    "gzvd": "DOUBLE",
    "recurrence": "DOUBLE",
    "suppressed": "BOOLEAN",
    "suppression": "VARCHAR",
}


def columns(by: tuple[ByColumn, ...]) -> dict[str, str]:
    """The file columns: the ``--by`` columns, then the period and the cell's figures."""
    return {**{b: "VARCHAR" for b in by}, **_TAIL}


def write(benchmark: Benchmark, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    layout = columns(benchmark.by)
    con = duckdb.connect()
    try:
        typed = ", ".join(f"{name} {kind}" for name, kind in layout.items())
        con.execute(f"CREATE TABLE cells ({typed})")
        rows = [[getattr(cell, name) for name in layout] for cell in benchmark.cells]
        if rows:
            con.executemany(f"INSERT INTO cells VALUES ({', '.join('?' * len(layout))})", rows)
        written = []
        for name, options in ((PARQUET, "FORMAT parquet"), (CSV, "FORMAT csv, HEADER true")):
            part = out / f".{name}.part"
            con.execute(f"COPY (SELECT * FROM cells) TO '{_quoted(part)}' ({options})")
            os.replace(part, out / name)
            written.append(out / name)
    finally:
        con.close()
    manifest = benchmark.model_dump(mode="json", exclude={"cells"})
    manifest["cells"] = len(benchmark.cells)
    manifest["published"] = sum(not c.suppressed for c in benchmark.cells)
    part = out / f".{MANIFEST}.part"
    part.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(part, out / MANIFEST)
    written.append(out / MANIFEST)
    return written


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def load(folder: Path) -> Benchmark:
    """The benchmark a folder holds (its Parquet file and manifest)."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    by = tuple(manifest["by"])
    con = duckdb.connect()
    try:
        result = con.execute(f"SELECT * FROM read_parquet('{_quoted(folder / PARQUET)}')")
        names = [d[0] for d in result.description]
        cells = [BenchmarkCell(**dict(zip(names, row, strict=True))) for row in result.fetchall()]
    finally:
        con.close()
    fields: dict[str, Any] = {k: v for k, v in manifest.items() if k in Benchmark.model_fields}
    return Benchmark(**{**fields, "by": by, "cells": cells})


@lru_cache(maxsize=8)
def _cached(folder: str, stamp: float) -> Benchmark:
    return load(Path(folder))


def cached(folder: Path, stamp: float) -> Benchmark:
    """``load``, kept while the manifest's modification time ``stamp`` stays the same."""
    return _cached(str(folder), stamp)


class CellLookup(BaseModel):
    """One organisation's cell: its figures (or why there are none), size and date."""

    cell: BenchmarkCell
    by: tuple[ByColumn, ...]
    built_at: dt.datetime


def lookup(
    benchmark_dir: Path,
    sbi_section: str | None,
    size_class: str | None,
    region: str | None,
    period: str,
) -> CellLookup | None:
    """The cell of organisations like this one in ``period`` ("2024" or "2024-Q3").

    Only the columns the benchmark was built by are matched; None when there is no such
    cell (no benchmark built, or no organisation like it in that period).
    """
    manifest = benchmark_dir / MANIFEST
    if not manifest.exists():
        return None
    benchmark = _cached(str(benchmark_dir), manifest.stat().st_mtime)
    wanted: dict[ByColumn, str | None] = {
        "sector": sbi_section,
        "size_class": size_class,
        "region": region,
    }
    for cell in benchmark.cells:
        if cell.period == period and all(
            getattr(cell, b) == wanted[b] for b in BY_COLUMNS if b in benchmark.by
        ):
            return CellLookup(cell=cell, by=benchmark.by, built_at=benchmark.built_at)
    return None
