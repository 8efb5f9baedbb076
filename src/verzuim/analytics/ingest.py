"""An employee file and a spell file to checked, typed rows, with a problem for every bad cell.

The header is looked at here (which column is which, what is missing, what is ignored);
the rows are read and checked in bulk by ``bulk.py`` (DuckDB). Checks that need more than
one row (duplicates, overlaps, unknown employees) run in the store on the staged rows, so
they also see what is already stored.

``Parsed`` is what the store consumes: ``employees`` and ``episodes`` are ``bulk.Rows`` (a
checked temporary DuckDB table with ``len()``, iteration as ``Employee``/``Episode`` and
``copy_into(cursor, table)``), ``problems`` every problem, ``connection`` the DuckDB
connection that holds the rows (the store stages from it without a copy when it is its own).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import duckdb

from verzuim.analytics import bulk, columns
from verzuim.analytics.columns import Mapping
from verzuim.analytics.models import Employee, Episode, FileColumns, IgnoredColumn, Problem
from verzuim.analytics.problems import problem
from verzuim.analytics.readers import Cell, RawTable

Progress = Callable[[str, int, int], None]
NO_UNIT = "-"


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class Parsed:
    employees: bulk.Rows[Employee] = field(default_factory=bulk.employees_rows)
    episodes: bulk.Rows[Episode] = field(default_factory=bulk.episode_rows)
    problems: list[Problem] = field(default_factory=list)
    employees_file: str | None = None
    spells_file: str | None = None
    # field -> the column name in the user's file, so problems name the column they see
    employee_headers: dict[str, str] = field(default_factory=dict)
    spell_headers: dict[str, str] = field(default_factory=dict)
    # (employee_id, line) of spell rows rejected for other reasons: an unknown employee on
    # such a row is still reported, so one upload shows every problem
    rejected_refs: list[tuple[str, int]] = field(default_factory=list)
    # columns of the files that are not read, with why (not used by the store)
    ignored_columns: list[IgnoredColumn] = field(default_factory=list)
    # files whose header lacks a needed field: their columns, to map in the page
    columns_to_map: list[FileColumns] = field(default_factory=list)
    # the DuckDB connection holding ``employees`` and ``episodes`` (None: nothing parsed)
    connection: duckdb.DuckDBPyConnection | None = None


def shown(cell: Cell) -> str:
    """A cell as the user sees it in their file: dates as dd-mm-jjjj (an XLSX date cell is
    a date, not text), whole numbers without ``.0``, text exactly as written."""
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        return cell.strftime("%d-%m-%Y")
    if isinstance(cell, dt.datetime):
        return cell.strftime("%d-%m-%Y %H:%M")
    if isinstance(cell, dt.date):
        return cell.strftime("%d-%m-%Y")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell)


# Columns an HR export often carries that we deliberately do not read (normalised names).
_NOT_STORED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("health_data", ("diagnos", "reden", "oorzaak", "reason", "cause", "klacht", "medisch",
                     "medical", "arbeidsgerelateerd", "werkgerelateerd", "work_related")),
    ("birth_date", ("geboorte", "birth", "leeftijd", "_age", "dob")),
    ("name", ("naam", "name", "voorletter", "tussenvoegsel", "initial")),
    ("contact", ("adres", "address", "email", "e_mail", "telefoon", "phone", "bsn", "iban")),
)  # fmt: skip
_WHY: dict[str, tuple[str, str]] = {
    "health_data": (
        "not read: we store no reason, cause or diagnosis of absence (health data)",
        "niet gelezen: we bewaren geen reden, oorzaak of diagnose van verzuim "
        "(gezondheidsgegevens)",
    ),
    "birth_date": (
        "not read: we store no birth dates or ages",
        "niet gelezen: we bewaren geen geboortedatums of leeftijden",
    ),
    "name": ("not read: we store no names", "niet gelezen: we bewaren geen namen"),
    "contact": (
        "not read: we store no contact details or citizen service numbers",
        "niet gelezen: we bewaren geen contactgegevens of BSN",
    ),
    "not_used": (
        "not used by the analysis (map it in a mapping file if it holds one of the fields)",
        "niet gebruikt in de analyse (koppel de kolom in een koppelbestand als er een van de "
        "velden in staat)",
    ),
}


def ignored_columns(
    table: RawTable, fields: tuple[str, ...], mapping: Mapping
) -> list[IgnoredColumn]:
    """The columns of the file no field is read from, each with the reason in plain words."""
    used = set(columns.resolve(table.header, fields, mapping).values())
    found: list[IgnoredColumn] = []
    for index, name in enumerate(table.header):
        if index in used or not name.strip():
            continue
        key = "_" + columns.normalise(name)  # "_age" then only matches a word start
        category = next(
            (c for c, parts in _NOT_STORED if any(part in key for part in parts)), "not_used"
        )
        why, why_nl = _WHY[category]
        found.append(
            IgnoredColumn.model_validate(
                {"file": table.name, "column": name, "category": category, "why": why,
                 "why_nl": why_nl}
            )
        )  # fmt: skip
    return found


def _missing(table: RawTable, field_name: str, names: str | None = None) -> Problem:
    return problem(
        "missing_column",
        table.name,
        line=1,
        column=field_name,
        field=field_name,
        names=names or columns.known_names(field_name),
    )


COLUMN_PROBLEMS = frozenset({"missing_column", "no_fulltime_hours"})
SAMPLE_ROWS = 3


def columns_to_map(
    table: RawTable,
    role: Literal["employees", "spells"],
    fields: tuple[str, ...],
    mapping: Mapping,
    found: list[Problem],
) -> FileColumns | None:
    """The file's columns and first values when its header lacks a needed field. Only called
    before the rows are read (a missing field stops the parse first), so taking the first
    rows from the iterator here takes nothing from the import."""
    missing = [
        "fulltime_hours" if p.code == "no_fulltime_hours" else p.column or ""
        for p in found
        if p.code in COLUMN_PROBLEMS and p.file == table.name
    ]
    if not missing:
        return None
    samples: list[list[str]] = [[] for _ in table.header]
    for _line, cells in itertools.islice(table.rows, SAMPLE_ROWS):
        for index, cell in enumerate(cells[: len(samples)]):
            samples[index].append(shown(cell)[:60])
    return FileColumns(
        role=role,
        file=table.name,
        header=list(table.header),
        samples=samples,
        chosen=columns.resolve(table.header, fields, mapping),
        missing=sorted(set(missing)),
    )


def headers(table: RawTable, fields: tuple[str, ...], mapping: Mapping) -> dict[str, str]:
    return {f: table.header[i] for f, i in columns.resolve(table.header, fields, mapping).items()}


def _connection(con: duckdb.DuckDBPyConnection | None) -> duckdb.DuckDBPyConnection:
    found = con if con is not None else bulk.new_connection()
    bulk.prepare(found)
    return found


def _rows_in(con: duckdb.DuckDBPyConnection, raw: str) -> int:
    found = con.execute(f"SELECT count(*) FROM {raw}").fetchone()
    return int(found[0]) if found else 0


def parse_employees(
    table: RawTable,
    mapping: Mapping,
    progress: Progress = _no_progress,
    con: duckdb.DuckDBPyConnection | None = None,
) -> tuple[bulk.Rows[Employee], list[Problem]]:
    """Every row checked at once; raises ``UnreadableFile`` for a file that cannot be read."""
    index = columns.resolve(table.header, columns.EMPLOYEE_FIELDS, mapping)
    problems: list[Problem] = []
    for required in ("employee_id", "employment_start"):
        if required not in index:
            problems.append(_missing(table, required))
    has_factor = bool({"part_time_factor", "part_time_pct"} & index.keys())
    if not has_factor and "contract_hours" not in index:
        problems.append(
            _missing(table, "part_time_factor", "deeltijdfactor, part_time_factor, contracturen")
        )
    if (
        not has_factor
        and "contract_hours" in index
        and "fulltime_hours" not in index
        and mapping.fulltime_hours is None
    ):
        problems.append(problem("no_fulltime_hours", table.name, 1, "contract_hours"))
    if problems:
        return bulk.employees_rows(), problems
    con = _connection(con)
    progress("employees", 0, table.total_rows)
    raw, _width = bulk.load_raw(con, table)
    count = _rows_in(con, raw)
    if count == 0:
        return bulk.employees_rows(), [problem("no_rows", table.name, 1)]
    rows, problems = bulk.check_employees(con, raw, table, index, mapping)
    progress("employees", count, count)
    return rows, problems


def parse_spells(
    table: RawTable,
    mapping: Mapping,
    progress: Progress = _no_progress,
    rejected_refs: list[tuple[str, int]] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> tuple[bulk.Rows[Episode], list[Problem]]:
    index = columns.resolve(table.header, columns.SPELL_FIELDS, mapping)
    problems = [_missing(table, f) for f in ("employee_id", "first_day") if f not in index]
    if problems:
        return bulk.episode_rows(), problems
    con = _connection(con)
    progress("spells", 0, table.total_rows)
    raw, _width = bulk.load_raw(con, table)
    count = _rows_in(con, raw)
    if count == 0:
        return bulk.episode_rows(), [problem("no_rows", table.name, 1)]
    rows, problems, refs = bulk.check_spells(con, raw, table, index, mapping)
    if rejected_refs is not None:
        rejected_refs.extend(refs)
    progress("spells", count, count)
    return rows, problems
