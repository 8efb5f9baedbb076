"""The input folder: ``organisations``, ``employees`` and ``spells``, as Parquet or CSV.

``employees`` and ``spells`` are the files of the absence-metrics reference with ``org_id``
on every row (``spells`` holds one row per episode, as an import does);
``organisations.csv`` has ``org_id, sbi_section, size_class[, region]``. Each table is
``NAME.parquet`` (a file, or a folder of part files as Spark writes them) or ``NAME.csv``
(comma-separated, a header row, ISO dates, empty = none). ``write_input`` makes this layout,
so an export of the hosted store can feed ``verzuim benchmark build`` directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import duckdb

from verzuim.analytics.models import Employee, Episode
from verzuim.benchmark.models import BenchmarkInputError

FileFormat = Literal["parquet", "csv"]
TABLES = ("organisations", "employees", "spells")
# Column -> SQL type, in file order; ``region`` is the one optional column.
COLUMNS: dict[str, dict[str, str]] = {
    "organisations": {
        "org_id": "VARCHAR",
        "sbi_section": "VARCHAR",
        "size_class": "VARCHAR",
        "region": "VARCHAR",
    },
    "employees": {
        "org_id": "VARCHAR",
        "employee_id": "VARCHAR",
        "unit": "VARCHAR",
        "part_time_factor": "DOUBLE",
        "employment_start": "DATE",
        "employment_end": "DATE",
    },
    "spells": {
        "org_id": "VARCHAR",
        "employee_id": "VARCHAR",
        "spell_id": "VARCHAR",
        "first_day": "DATE",
        "last_day": "DATE",
        "unfit_pct": "DOUBLE",
        "kind": "VARCHAR",
    },
}
OPTIONAL = {("organisations", "region")}


@dataclass(frozen=True)
class Organisation:
    org_id: str
    sbi_section: str | None
    size_class: str | None
    region: str | None = None


@dataclass(frozen=True)
class InputFile:
    table: str
    location: str  # a path, or a URI Spark reads (hdfs://, s3a://)
    format: FileFormat


def locate(folder: str | Path) -> dict[str, InputFile]:
    """The three tables of an input folder; a URI (``s3a://...``) is taken as Parquet."""
    text = str(folder)
    if "://" in text and not text.startswith("file://"):
        base = text.rstrip("/")
        return {t: InputFile(t, f"{base}/{t}.parquet", "parquet") for t in TABLES}
    root = Path(text.removeprefix("file://"))
    if not root.is_dir():
        raise BenchmarkInputError(
            "the input folder does not exist.",
            str(root),
            "Give --input the folder that holds organisations, employees and spells.",
        )
    found: dict[str, InputFile] = {}
    for table in TABLES:
        for fmt in ("parquet", "csv"):
            candidate = root / f"{table}.{fmt}"
            if candidate.exists():
                found[table] = InputFile(table, str(candidate), fmt)
                break
        else:
            raise BenchmarkInputError(
                f"there is no {table}.parquet or {table}.csv.",
                str(root),
                f"Add the {table} file (docs/benchmark.md describes its columns).",
            )
    return found


def missing_columns(table: str, present: Iterable[str]) -> list[str]:
    have = {c.lower() for c in present}
    return [c for c in COLUMNS[table] if c not in have and (table, c) not in OPTIONAL]


# --- writing the layout -------------------------------------------------------------------


def _sql_literal_rows(rows: list[tuple[Any, ...]]) -> tuple[str, list[Any]]:
    width = len(rows[0])
    marks = ", ".join("(" + ", ".join("?" * width) + ")" for _ in rows)
    return marks, [v for r in rows for v in r]


def _fill(con: duckdb.DuckDBPyConnection, table: str, rows: Iterable[tuple[Any, ...]]) -> None:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == 1000:
            marks, values = _sql_literal_rows(chunk)
            con.execute(f"INSERT INTO {table} VALUES {marks}", values)
            chunk = []
    if chunk:
        marks, values = _sql_literal_rows(chunk)
        con.execute(f"INSERT INTO {table} VALUES {marks}", values)


def _employee_row(org_id: str, e: Employee) -> tuple[Any, ...]:
    return (org_id, e.employee_id, e.unit, e.part_time_factor, e.employment_start, e.employment_end)


def _episode_row(org_id: str, x: Episode) -> tuple[Any, ...]:
    return (org_id, x.employee_id, x.spell_id, x.first_day, x.last_day, x.unfit_pct, x.kind)


def write_input(
    folder: Path,
    organisations: Iterable[Organisation] | Path,
    employees: Iterable[tuple[str, Employee]] | Path,
    spells: Iterable[tuple[str, Episode]] | Path,
    fmt: FileFormat = "parquet",
) -> dict[str, InputFile]:
    """Write the input layout from typed rows (``(org_id, record)``) or Parquet files.

    A Parquet source must have the columns of ``COLUMNS`` (by name; others are dropped).
    Rows go through an embedded DuckDB database on disk, so memory stays bounded.
    """
    folder.mkdir(parents=True, exist_ok=True)
    work = folder / ".write_input.duckdb"
    work.unlink(missing_ok=True)
    con = duckdb.connect(str(work))
    try:
        sources: dict[str, Iterable[tuple[Any, ...]] | Path] = {
            "organisations": (
                organisations
                if isinstance(organisations, Path)
                else ((o.org_id, o.sbi_section, o.size_class, o.region) for o in organisations)
            ),
            "employees": (
                employees
                if isinstance(employees, Path)
                else (_employee_row(org, e) for org, e in employees)
            ),
            "spells": (
                spells if isinstance(spells, Path) else (_episode_row(org, x) for org, x in spells)
            ),
        }
        written: dict[str, InputFile] = {}
        for table, source in sources.items():
            columns = COLUMNS[table]
            typed = ", ".join(f"{name} {kind}" for name, kind in columns.items())
            con.execute(f"CREATE TABLE {table} ({typed})")
            if isinstance(source, Path):
                _copy_parquet(con, table, source)
            else:
                _fill(con, table, source)
            target = folder / f"{table}.{fmt}"
            options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
            con.execute(f"COPY {table} TO '{_quoted(target)}' ({options})")
            written[table] = InputFile(table, str(target), fmt)
        return written
    finally:
        con.close()
        work.unlink(missing_ok=True)
        work.with_name(work.name + ".wal").unlink(missing_ok=True)


def _copy_parquet(con: duckdb.DuckDBPyConnection, table: str, source: Path) -> None:
    scan = f"read_parquet('{_quoted(source)}')"
    present = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()]
    lacking = missing_columns(table, present)
    if lacking:
        raise BenchmarkInputError(
            f"the column(s) {', '.join(lacking)} are missing.",
            str(source),
            f"A {table} file needs {', '.join(COLUMNS[table])}.",
        )
    have = {c.lower() for c in present}
    select = ", ".join(
        f"CAST({name} AS {kind})" if name in have else f"CAST(NULL AS {kind})"
        for name, kind in COLUMNS[table].items()
    )
    con.execute(f"INSERT INTO {table} SELECT {select} FROM {scan}")


def _quoted(path: Path | str) -> str:
    return str(path).replace("'", "''")
