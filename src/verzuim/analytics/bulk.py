"""Parse and check a whole file at once in DuckDB: native CSV reading, validation in bulk.

The file's rows go into a temporary DuckDB table of text cells with their line number in
the user's file (``raw``); every rule of the import (dates as Dutch exports write them,
decimal comma, part-time factor, unfitness, kind, the order of dates) is one SQL
expression over whole columns. Rows that break a rule become one located problem each
(file, line, column, the value as written); the others become the typed table the store
stages from. Nothing is done row by row in Python except making the problems.

The rules are the same as the cell parsers in ``values.py`` (which stay for single values
such as ``--from``); ``tests/analytics/test_bulk.py`` holds the two to the same answers.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import duckdb

from verzuim.analytics import columns
from verzuim.analytics.models import Employee, Episode, Problem
from verzuim.analytics.problems import problem
from verzuim.analytics.readers import MAX_CELL_CHARS, MAX_LINE_CHARS, RawTable, UnreadableFile
from verzuim.analytics.values import MAX_YEAR, MIN_YEAR

T = TypeVar("T", Employee, Episode)
_counter = itertools.count()

EMPLOYEE_TYPES = {
    "employee_id": "VARCHAR",
    "unit": "VARCHAR",
    "part_time_factor": "DOUBLE",
    "employment_start": "DATE",
    "employment_end": "DATE",
    "line": "BIGINT",
}
EPISODE_TYPES = {
    "employee_id": "VARCHAR",
    "spell_id": "VARCHAR",
    "first_day": "DATE",
    "last_day": "DATE",
    "unfit_pct": "DOUBLE",
    "kind": "VARCHAR",
    "line": "BIGINT",
}

# Cell rules as DuckDB macros (created once per connection). ``vz_clean`` trims like
# Python's str.strip for the whitespace exports contain.
_MACROS = (
    # Trimming is costly in bulk; most cells need none, which two byte tests tell.
    "CREATE OR REPLACE TEMP MACRO vz_text(v) AS CASE WHEN ascii(v) IN (9, 10, 13, 32, 160) "
    "OR ascii(right(v, 1)) IN (9, 10, 13, 32, 160) THEN trim(v, ' \t\r\n\u00a0') ELSE v END",
    "CREATE OR REPLACE TEMP MACRO vz_has(t) AS coalesce(t, '') <> ''",
    "CREATE OR REPLACE TEMP MACRO vz_given(v) AS vz_has(vz_text(v))",
    # Numbers: 0,8 / 0.8 / 1.234,5 / 1,234.5 / 80% (whichever mark comes last is decimal).
    "CREATE OR REPLACE TEMP MACRO vz_num_text(t) AS replace(replace(t, chr(160), ''), ' ', '')",
    "CREATE OR REPLACE TEMP MACRO vz_num_body(s) AS "
    "CASE WHEN right(s, 1) = '%' THEN left(s, length(s) - 1) ELSE s END",
    "CREATE OR REPLACE TEMP MACRO vz_num_plain(b) AS replace(CASE WHEN contains(b, ',') "
    "AND contains(b, '.') THEN replace(b, CASE WHEN strpos(reverse(b), ',') < "
    "strpos(reverse(b), '.') THEN '.' ELSE ',' END, '') ELSE b END, ',', '.')",
    "CREATE OR REPLACE TEMP MACRO vz_num_norm(t) AS vz_num_plain(vz_num_body(vz_num_text(t)))",
    "CREATE OR REPLACE TEMP MACRO vz_number(t) AS CASE "
    "WHEN regexp_full_match(t, '[+-]?[0-9]+([.][0-9]*)?') THEN CAST(t AS DOUBLE) "
    "WHEN regexp_full_match(vz_num_norm(t), '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)') "
    "THEN CAST(vz_num_norm(t) AS DOUBLE) END",
    "CREATE OR REPLACE TEMP MACRO vz_percent(t) AS "
    "CASE WHEN contains(t, '%') THEN right(vz_num_text(t), 1) = '%' ELSE FALSE END",
    # Dates: ISO (with or without a time), dd-mm-jjjj with - / or ., jjjj/mm/dd, jjjjmmdd.
    "CREATE OR REPLACE TEMP MACRO vz_ymd(t) AS CASE "
    "WHEN regexp_full_match(t, '([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T][0-9:.]*)?') "
    "THEN regexp_replace(t, '^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2}).*$', '\\1-\\2-\\3') "
    "WHEN regexp_full_match(t, '([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})(?: [0-9:.]*)?') "
    "THEN regexp_replace(t, '^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4}).*$', "
    "'\\3-\\2-\\1') "
    "WHEN regexp_full_match(t, '[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}') THEN replace(t, '/', '-') "
    "WHEN regexp_full_match(t, '[0-9]{8}') "
    "THEN left(t, 4) || '-' || substr(t, 5, 2) || '-' || right(t, 2) END",
    "CREATE OR REPLACE TEMP MACRO vz_in_years(d) AS "
    f"CASE WHEN year(d) BETWEEN {MIN_YEAR} AND {MAX_YEAR} THEN d END",
    # The common case (2024-12-31) is one pattern test and a cast; the rest take vz_ymd.
    "CREATE OR REPLACE TEMP MACRO vz_date(t) AS vz_in_years(CASE "
    "WHEN length(t) = 10 AND substr(t, 5, 1) = '-' AND substr(t, 8, 1) = '-' "
    "AND regexp_full_match(t, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN TRY_CAST(t AS DATE) "
    "ELSE TRY_CAST(vz_ymd(t) AS DATE) END)",
    # Units: "Productie > Hal 2", "Productie\\Hal 2" and "Productie / Hal 2" are one path.
    "CREATE OR REPLACE TEMP MACRO vz_unit(t) AS CASE "
    "WHEN NOT (contains(t, '>') OR contains(t, '\\') OR contains(t, '|') OR contains(t, '//') "
    "OR contains(t, ' /') OR contains(t, '/ ') OR contains(t, '\t') OR starts_with(t, '/') "
    "OR suffix(t, '/')) THEN t ELSE "
    "array_to_string(list_filter(list_transform(string_split_regex(t, "
    "'\\s*[/\\\\>|]\\s*'), lambda x: trim(x)), lambda x: x <> ''), '/') END",
    # The header normalisation of columns.normalise, for kind codes.
    "CREATE OR REPLACE TEMP MACRO vz_code(t) AS array_to_string(regexp_extract_all(replace("
    "replace(lower(trim(t, ' \"\ufeff')), '%', ' pct '), '&', ' en '), '[0-9a-zà-ÿ]+'), '_')",
)


class Rows(Generic[T]):
    """Checked rows of one kind, in a temporary DuckDB table: columnar, never a Python
    object per row unless iterated (tests, small files)."""

    def __init__(
        self,
        make: Callable[[tuple[Any, ...]], T],
        types: dict[str, str],
        con: duckdb.DuckDBPyConnection | None = None,
        table: str | None = None,
        count: int = 0,
    ) -> None:
        self.make: Callable[[tuple[Any, ...]], T] = make
        self.types, self.con, self.table, self.count = types, con, table, count

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[T]:
        if self.con is None or self.table is None or not self.count:
            return iter(())
        names = ", ".join(self.types)
        rows = self.con.execute(f"SELECT {names} FROM {self.table} ORDER BY line").fetchall()
        return (self.make(r) for r in rows)

    def copy_into(self, cur: duckdb.DuckDBPyConnection, target: str) -> None:
        """Insert the rows into ``target`` (columns in ``types`` order) on ``cur``.

        On the connection that parsed them this is one INSERT ... SELECT; another DuckDB
        connection reads them from an in-memory Parquet file (never on disk)."""
        if self.con is None or self.table is None or not self.count:
            return
        names = ", ".join(self.types)
        if cur is self.con:
            cur.execute(f"INSERT INTO {target} SELECT {names} FROM {self.table}")
            return
        with memory_file() as path:
            self.con.execute(
                f"COPY (SELECT {names} FROM {self.table}) TO '{path}' "
                "(FORMAT parquet, USE_TMP_FILE false)"
            )
            cur.execute(f"INSERT INTO {target} SELECT {names} FROM read_parquet(?)", [path])


def employees_rows(
    con: duckdb.DuckDBPyConnection | None = None, table: str | None = None, count: int = 0
) -> Rows[Employee]:
    return Rows(lambda r: Employee(*r), EMPLOYEE_TYPES, con, table, count)


def episode_rows(
    con: duckdb.DuckDBPyConnection | None = None, table: str | None = None, count: int = 0
) -> Rows[Episode]:
    return Rows(lambda r: Episode(*r), EPISODE_TYPES, con, table, count)


@contextmanager
def memory_file() -> Iterator[str]:
    """A path to an anonymous in-memory file (Linux memfd), else a private temporary file;
    either way gone after the block, also when the process is killed (memfd)."""
    memfd_create = getattr(os, "memfd_create", None)
    if memfd_create is not None and Path("/proc/self/fd").is_dir():
        handle = memfd_create("verzuim-scratch", getattr(os, "MFD_CLOEXEC", 0))
        try:
            yield f"/proc/self/fd/{handle}"
        finally:
            os.close(handle)
        return
    import tempfile

    folder = tempfile.mkdtemp(prefix="verzuim-")
    path = os.path.join(folder, "scratch")
    try:
        yield path
    finally:
        if os.path.exists(path):
            os.unlink(path)
        os.rmdir(folder)


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    for macro in _MACROS:
        con.execute(macro)


# --- raw cells ---------------------------------------------------------------------------

_BLANK_LINE_BYTES = re.compile(rb"(?m)^(?=\r?\n)")


def _check_quotes(text: str) -> None:
    """One record is one line: a line with an odd number of quotes opens a cell it does not
    close (it would swallow the lines after it). Only lines with a quote are looked at."""
    if '"' not in text:
        return
    line, position = 1, 0
    for found in re.finditer(r'[^\n]*"[^\n]*', text):
        line += text.count("\n", position, found.start())
        position = found.start()
        if found.group().count('"') % 2:
            raise UnreadableFile("unclosed_quote", line, end="")


def load_raw(con: duckdb.DuckDBPyConnection, table: RawTable) -> tuple[str, int]:
    """The data rows as a temporary table (line, c0 .. cN as text); returns its name and the
    number of cells per row. Structural faults refuse the whole file, located."""
    name = f"raw_{next(_counter)}"
    width = max(len(table.header), 1)
    cells = ", ".join(f"c{i} VARCHAR" for i in range(width))
    if table.text is not None:
        _check_quotes(table.text)
        payload = table.data if table.data is not None else table.text.encode("utf-8")
        if b"\n\n" in payload or b"\n\r\n" in payload:  # keep empty lines as rows
            payload = _BLANK_LINE_BYTES.sub(b" ", payload)
        spare = 8  # rows may have a few cells more than the header (empty trailing cells)
        spec = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width + spare))
        with memory_file() as path:
            with open(path, "wb") as out:
                out.write(payload)
            del payload
            _read_csv(
                con,
                f"CREATE OR REPLACE TEMP TABLE {name}_all AS SELECT * FROM read_csv(?, "
                f"header = false, delim = ?, quote = '\"', escape = '\"', all_varchar = true, "
                "strict_mode = true, null_padding = true, auto_detect = false, "
                f"store_rejects = true, rejects_table = '{name}_rejects', "
                f"rejects_scan = '{name}_scan', max_line_size = {MAX_LINE_CHARS}, "
                f"columns = {{{spec}}})",
                [path, table.sep],
            )
        _raise_rejects(con, name)
        extra = "vz_given(concat(" + ", ".join(f"c{i}" for i in range(width, width + spare)) + "))"
        found = con.execute(f"SELECT min(rowid) + 1 FROM {name}_all WHERE {extra}").fetchone()
        if found and found[0] is not None:
            raise UnreadableFile("too_many_cells", int(found[0]), limit=width)
        keep = ", ".join(f"c{i}" for i in range(width))
        # A view, not a copy: the line is the row's place in the file (one record per line,
        # empty lines kept), the header is line 1; rows with nothing in them are skipped.
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT rowid + 1 AS line, {keep} "
            f"FROM {name}_all WHERE rowid > 0 AND {_not_empty(width)}"
        )
    else:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (line BIGINT, {cells})")
        spec = ", ".join(["'line': 'BIGINT'", *(f"'c{i}': 'VARCHAR'" for i in range(width))])
        with memory_file() as path:
            with open(path, "w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
                for line, values in table.rows:
                    shown_cells = [_shown(v) for v in values[:width]]
                    writer.writerow([line, *shown_cells, *[""] * (width - len(shown_cells))])
            _read_csv(
                con,
                f"INSERT INTO {name} SELECT * FROM read_csv(?, header = false, delim = ',', "
                "quote = '\"', escape = '\"', auto_detect = false, new_line = '\\n', "
                f"strict_mode = false, max_line_size = 1048576, columns = {{{spec}}})",
                [path],
            )
        # Rows with nothing in them are skipped, as spreadsheets leave them.
        con.execute(f"DELETE FROM {name} WHERE NOT {_not_empty(width)}")
    long = " OR ".join(f"length(c{i}) > {MAX_CELL_CHARS}" for i in range(width))
    lengths = ", ".join(f"coalesce(length(c{i}), 0)" for i in range(width))
    found = con.execute(
        f"SELECT line, [{lengths}] FROM {name} WHERE {long} ORDER BY line LIMIT 1"
    ).fetchone()
    if found:
        index = max(range(width), key=lambda i: int(found[1][i]))
        column = table.header[index] if index < len(table.header) else f"#{index + 1}"
        raise UnreadableFile(
            "cell_too_long", found[0], column, length=found[1][index], limit=MAX_CELL_CHARS
        )
    return name, width


def _not_empty(width: int) -> str:
    """Some cell holds more than whitespace; cheap for the usual row (a key in column 1)."""
    cells = ", ".join(f"c{i}" for i in range(width))
    return (
        "(CASE WHEN length(c0) > 0 AND ascii(c0) NOT IN (9, 32, 160) THEN TRUE "
        f"ELSE vz_given(concat({cells})) END)"
    )


def _raise_rejects(con: duckdb.DuckDBPyConnection, name: str) -> None:
    found = con.execute(
        f"SELECT line, error_type, error_message FROM {name}_rejects ORDER BY line LIMIT 1"
    ).fetchone()
    if found is None:
        return
    line, kind, message = found
    if kind == "UNQUOTED VALUE" or "quote" in str(message).lower():
        raise UnreadableFile("bad_quoting", int(line))
    if kind == "LINE SIZE OVER MAXIMUM":
        size = re.search(r"Actual Size:\s*(\d+)", str(message))
        length = int(size.group(1)) if size else MAX_LINE_CHARS + 1
        raise UnreadableFile("line_too_long", int(line), length=length, limit=MAX_LINE_CHARS)
    if kind == "TOO MANY COLUMNS":
        raise UnreadableFile("too_many_cells", int(line), limit="")
    raise UnreadableFile("unreadable", int(line), detail=f"line {line}: {message}")


def _read_csv(con: duckdb.DuckDBPyConnection, statement: str, params: list[object]) -> None:
    """DuckDB's CSV reader; a file it cannot parse at all is refused like any unreadable one."""
    try:
        con.execute(statement, params)
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0][:200]
        raise UnreadableFile("unreadable", detail=f"not readable as CSV ({first})") from None


def _shown(cell: object) -> str:
    """An XLSX cell as text the way the user sees it (dates dd-mm-jjjj, 123 not 123.0)."""
    if isinstance(cell, dt.datetime):
        return cell.strftime("%d-%m-%Y") if cell.time() == dt.time() else cell.isoformat(" ")
    if isinstance(cell, dt.date):
        return cell.strftime("%d-%m-%Y")
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell)


# --- checks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One rule: rows where ``condition`` holds get problem ``code`` at ``field``'s column,
    showing ``value`` (a SQL expression) and, where the message needs it, ``other``."""

    code: str
    field: str
    condition: str
    value: str | None = None
    other: str | None = None


def _problems(
    con: duckdb.DuckDBPyConnection,
    view: str,
    checks: list[Check],
    table: RawTable,
    index: dict[str, int],
    **params: object,
) -> tuple[list[Problem], str]:
    """Every failing (row, rule) as a located problem; and a SQL condition for a bad row."""
    if not checks:
        return [], "FALSE"
    parts = [
        f"SELECT line, {n} AS rule, {c.value or 'NULL'} AS value, {c.other or 'NULL'} AS other "
        f"FROM {view} WHERE {c.condition}"
        for n, c in enumerate(checks)
    ]
    rows = con.execute(" UNION ALL ".join(parts) + " ORDER BY line, rule").fetchall()
    found = []
    for line, rule, value, other in rows:
        check = checks[rule]
        column = table.header[index[check.field]] if check.field in index else check.field
        extra = dict(params)
        if other is not None:
            extra["other"] = other
        found.append(problem(check.code, table.name, line, column, value, **extra))
    bad = " OR ".join(f"coalesce(({c.condition}), FALSE)" for c in checks)
    return found, bad


def _cell(index: dict[str, int], name: str) -> str:
    """The trimmed text of a field's cell (``t_<field>``, made once by ``_texts``)."""
    return f"t_{name}" if name in index else "NULL"


def _trimmed(con: duckdb.DuckDBPyConnection, raw: str, index: dict[str, int]) -> str:
    """The cells of the known fields, trimmed once into a table: the rules refer to them
    many times, and a macro over a view would trim again at every reference."""
    name = f"{raw}_t"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {_texts(index)} FROM {raw}")
    return name


def _texts(index: dict[str, int]) -> str:
    return ", ".join(["line", *(f"vz_text(c{i}) AS t_{name}" for name, i in index.items())])


def check_employees(
    con: duckdb.DuckDBPyConnection,
    raw: str,
    table: RawTable,
    index: dict[str, int],
    mapping: columns.Mapping,
) -> tuple[Rows[Employee], list[Problem]]:
    emp_id, unit = _cell(index, "employee_id"), _cell(index, "unit")
    start, end = _cell(index, "employment_start"), _cell(index, "employment_end")
    view = f"{raw}_v"
    # Each cell is parsed once; the rules below only compare the parsed values.
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {view} AS SELECT *, {_factor(index, mapping)} AS ptf "
        f"FROM (SELECT *, vz_date({start}) AS v_start, vz_date({end}) AS v_end, "
        f"{_numbers(index)} FROM {_trimmed(con, raw, index)}) AS parsed"
    )
    checks = [
        Check("empty", "employee_id", f"NOT vz_has({emp_id})"),
        *_factor_checks(index, mapping),
        Check("empty", "employment_start", f"NOT vz_has({start})"),
        Check(
            "bad_date", "employment_start",
            f"vz_has({start}) AND v_start IS NULL", f"{start}",
        ),
        Check(
            "bad_date", "employment_end", f"vz_has({end}) AND v_end IS NULL", f"{end}",
        ),
        Check(
            "end_before_start", "employment_end",
            "v_end < v_start", f"{end}", f"{start}",
        ),
    ]  # fmt: skip
    problems, bad = _problems(con, view, checks, table, index)
    name = f"{raw}_emp"
    # A few hundred distinct units: each path is normalised once, then joined.
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {raw}_units AS SELECT t, "
        f"coalesce(nullif(vz_unit(t), ''), '-') AS unit FROM (SELECT DISTINCT {unit} AS t "
        f"FROM {view}) AS d"
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {emp_id} AS employee_id, "
        f"coalesce(u.unit, '-') AS unit, ptf AS part_time_factor, "
        f"v_start AS employment_start, v_end AS employment_end, line "
        f"FROM {view} LEFT JOIN {raw}_units u ON u.t IS NOT DISTINCT FROM {unit} "
        f"WHERE NOT ({bad})"
    )
    count = con.execute(f"SELECT count(*) FROM {name}").fetchone()
    return employees_rows(con, name, int(count[0]) if count else 0), problems


_NUMBER_FIELDS = ("part_time_factor", "part_time_pct", "contract_hours", "fulltime_hours")


def _numbers(index: dict[str, int]) -> str:
    """The numeric cells parsed once, as n_<field>."""
    return ", ".join(f"vz_number({_cell(index, f)}) AS n_{f}" for f in _NUMBER_FIELDS)


def _factor_checks(index: dict[str, int], mapping: columns.Mapping) -> list[Check]:
    if "part_time_factor" in index or "part_time_pct" in index:
        field = "part_time_factor" if "part_time_factor" in index else "part_time_pct"
        cell = _cell(index, field)
        return [
            Check("empty", field, f"NOT vz_has({cell})"),
            Check(
                "bad_number", field, f"vz_has({cell}) AND n_{field} IS NULL", f"{cell}",
            ),
            Check("ptf_range", field, "NOT (ptf > 0 AND ptf <= 1.5)", f"{cell}"),
        ]  # fmt: skip
    hours = _cell(index, "contract_hours")
    checks = [
        Check("empty", "contract_hours", f"NOT vz_has({hours})"),
        Check(
            "bad_number", "contract_hours",
            f"vz_has({hours}) AND n_contract_hours IS NULL", f"{hours}",
        ),
    ]  # fmt: skip
    full = _fulltime(index, mapping)
    if "fulltime_hours" in index:
        cell = _cell(index, "fulltime_hours")
        checks += [
            Check("empty", "fulltime_hours", f"NOT vz_has({cell})"),
            Check(
                "bad_number", "fulltime_hours",
                f"vz_has({cell}) AND n_fulltime_hours IS NULL", f"{cell}",
            ),
            Check("ptf_range", "fulltime_hours", f"{full} = 0", "'0'"),
        ]  # fmt: skip
    checks.append(
        Check(
            "ptf_range",
            "contract_hours",
            f"n_contract_hours IS NOT NULL AND coalesce({full}, 0) <> 0 "
            "AND NOT (ptf > 0 AND ptf <= 1.5)",
            f"{hours}",
        )
    )
    return checks


def _fulltime(index: dict[str, int], mapping: columns.Mapping) -> str:
    if "fulltime_hours" in index:
        return "n_fulltime_hours"
    return repr(float(mapping.fulltime_hours)) if mapping.fulltime_hours else "NULL"


def _factor(index: dict[str, int], mapping: columns.Mapping) -> str:
    if "part_time_pct" in index and "part_time_factor" not in index:
        return "n_part_time_pct / 100"
    if "part_time_factor" in index:
        cell = _cell(index, "part_time_factor")
        return (
            f"CASE WHEN vz_percent({cell}) THEN n_part_time_factor / 100 "
            "ELSE n_part_time_factor END"
        )
    return f"n_contract_hours / nullif({_fulltime(index, mapping)}, 0)"


def check_spells(
    con: duckdb.DuckDBPyConnection,
    raw: str,
    table: RawTable,
    index: dict[str, int],
    mapping: columns.Mapping,
) -> tuple[Rows[Episode], list[Problem], list[tuple[str, int]]]:
    emp_id, spell = _cell(index, "employee_id"), _cell(index, "spell_id")
    first = _cell(index, "first_day")
    end_field = "last_day" if "last_day" in index else "first_day_back"
    end = _cell(index, end_field)
    back = end_field == "first_day_back" and mapping.recovery_date != "last_day"
    last = f"vz_date({end}) - 1" if back else f"vz_date({end})"
    unfit = _cell(index, "unfit_pct")
    kind = _cell(index, "kind")
    codes = {columns.normalise(k): v for k, v in columns.KIND_CODES.items()}
    codes.update({columns.normalise(k): v for k, v in mapping.kinds.items()})
    kinds = f"{raw}_kinds"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {kinds} (code VARCHAR, kind VARCHAR)")
    if codes:
        con.executemany(f"INSERT INTO {kinds} VALUES (?, ?)", list(codes.items()))
    view = f"{raw}_v"
    trimmed = _trimmed(con, raw, index)
    # An export repeats a handful of kind codes: normalise each distinct text once.
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {kinds}_map AS SELECT d.t, k.kind FROM "
        f"(SELECT DISTINCT {kind} AS t FROM {trimmed}) AS d "
        f"LEFT JOIN {kinds} k ON k.code = vz_code(d.t)"
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {view} AS SELECT r.*, vz_date({first}) AS v_first, "
        f"vz_date({end}) AS v_end, CAST({last} AS DATE) AS last_d, "
        f"vz_number({unfit}) AS v_unfit, "
        f"CASE WHEN NOT vz_has({kind}) THEN 'sick' ELSE k.kind END AS kind_v "
        f"FROM {trimmed} AS r LEFT JOIN {kinds}_map k ON k.t = {kind}"
    )
    hint, hint_nl = _end_hint(end_field, not back)
    checks = [
        Check("empty", "employee_id", f"NOT vz_has({emp_id})"),
        *([Check("empty", "spell_id", f"NOT vz_has({spell})")] if "spell_id" in index else []),
        Check("empty", "first_day", f"NOT vz_has({first})"),
        Check(
            "bad_date", "first_day", f"vz_has({first}) AND v_first IS NULL", f"{first}",
        ),
        Check("bad_date", end_field, f"vz_has({end}) AND v_end IS NULL", f"{end}"),
        Check(
            "bad_number", "unfit_pct",
            f"vz_has({unfit}) AND v_unfit IS NULL", f"{unfit}",
        ),
        Check("unfit_range", "unfit_pct", "NOT (v_unfit BETWEEN 1 AND 100)", f"{unfit}"),
        Check("bad_kind", "kind", "kind_v IS NULL", f"{kind}"),
        Check(
            "last_before_first", end_field,
            "last_d < v_first", f"{end}", f"{first}",
        ),
    ]  # fmt: skip
    problems, bad = _problems(con, view, checks, table, index, hint=hint, hint_nl=hint_nl)
    refs = [
        (str(r[0]), int(r[1]))
        for r in con.execute(
            f"SELECT {emp_id}, line FROM {view} WHERE ({bad}) AND vz_has({emp_id}) ORDER BY line"
        ).fetchall()
    ]
    name = f"{raw}_ep"
    spell_value = f"{spell}" if "spell_id" in index else "''"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {emp_id} AS employee_id, "
        f"{spell_value} AS spell_id, v_first AS first_day, last_d AS last_day, "
        f"coalesce(v_unfit, 100.0) AS unfit_pct, kind_v AS kind, line "
        f"FROM {view} WHERE NOT ({bad})"
    )
    if "spell_id" not in index:
        _derive_spells(con, name)
    count = con.execute(f"SELECT count(*) FROM {name}").fetchone()
    return episode_rows(con, name, int(count[0]) if count else 0), problems, refs


def _derive_spells(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Without a spell key, contiguous episodes of one employee and one kind form a spell
    (a move from full to partial absence is not a new spell); its key is the employee and
    the spell's first day."""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {name} AS
        SELECT employee_id,
            employee_id || ':' || strftime(min(first_day) OVER (PARTITION BY employee_id, island),
                '%Y-%m-%d') AS spell_id,
            first_day, last_day, unfit_pct, kind, line
        FROM (
            SELECT *, sum(CASE WHEN prev_last IS NOT NULL AND prev_last + 1 = first_day
                    AND prev_kind = kind THEN 0 ELSE 1 END)
                OVER (PARTITION BY employee_id ORDER BY first_day, line) AS island
            FROM (
                SELECT *, lag(last_day) OVER w AS prev_last, lag(kind) OVER w AS prev_kind
                FROM {name} WINDOW w AS (PARTITION BY employee_id ORDER BY first_day, line)
            ) AS a
        ) AS b"""
    )


def _end_hint(end_field: str, back_is_last: bool) -> tuple[str, str]:
    if end_field == "first_day_back" and not back_is_last:
        return (
            "This column is read as the first day back at work (last sick day + 1). If it "
            "holds the last sick day, set recovery_date: last_day in a mapping file.",
            "Deze kolom wordt gelezen als de eerste werkdag na herstel (laatste ziektedag + 1). "
            "Staat er de laatste ziektedag in, zet dan recovery_date: last_day in een "
            "koppelbestand.",
        )
    return ("Check both dates.", "Controleer beide datums.")


def new_connection() -> duckdb.DuckDBPyConnection:
    """A private in-memory DuckDB for parsing when no store connection is given."""
    con = duckdb.connect(":memory:")
    return con


__all__ = ["Rows", "check_employees", "check_spells", "load_raw", "memory_file", "prepare"]
