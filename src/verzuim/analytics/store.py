"""A DuckDB workspace for absence data, written only in whole transactions.

The organisation store (``verzuim.store``) keeps the rows; this in-memory DuckDB copy is
where metrics run and where an import is checked before it is written back.

An import stages the parsed rows, runs the checks that need more than one row against the
staged plus the stored rows, and then either commits all of it or rolls all of it back.
Merging deletes and re-inserts rows by their natural key, so importing the same file twice
leaves the store exactly as it was.
"""

from __future__ import annotations

import csv
import os
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import duckdb

from verzuim.analytics import derived, sql
from verzuim.analytics.ingest import Parsed
from verzuim.analytics.models import ImportSummary, Problem
from verzuim.analytics.problems import problem

Mode = Literal["merge", "replace"]
DB_FILE = "analytics.duckdb"

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS organisations (
        org_id VARCHAR NOT NULL PRIMARY KEY,
        name VARCHAR NOT NULL,
        sbi_section VARCHAR,
        size_class VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS employees (
        org_id VARCHAR NOT NULL,
        employee_id VARCHAR NOT NULL,
        unit VARCHAR NOT NULL,
        part_time_factor DOUBLE NOT NULL,
        employment_start DATE NOT NULL,
        employment_end DATE
    )""",
    """CREATE TABLE IF NOT EXISTS episodes (
        org_id VARCHAR NOT NULL,
        employee_id VARCHAR NOT NULL,
        spell_id VARCHAR NOT NULL,
        first_day DATE NOT NULL,
        last_day DATE,
        unfit_pct DOUBLE NOT NULL,
        kind VARCHAR NOT NULL
    )""",
    # Derived from episodes (sql.SPELL_TABLE), rebuilt in the same transaction as every import;
    # the metrics' other derived tables are made from the definitions (analytics/derived.py).
    """CREATE TABLE IF NOT EXISTS spells (
        org_id VARCHAR NOT NULL,
        employee_id VARCHAR NOT NULL,
        spell_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        first_day DATE NOT NULL,
        last_day DATE,
        unit VARCHAR NOT NULL,
        employment_start DATE NOT NULL,
        employment_end DATE
    )""",
)
EMPLOYEE_COLUMNS = {
    "employee_id": "VARCHAR",
    "unit": "VARCHAR",
    "part_time_factor": "DOUBLE",
    "employment_start": "DATE",
    "employment_end": "DATE",
    "line": "BIGINT",
}
REF_COLUMNS = {"employee_id": "VARCHAR", "line": "BIGINT"}
EPISODE_COLUMNS = {
    "employee_id": "VARCHAR",
    "spell_id": "VARCHAR",
    "first_day": "DATE",
    "last_day": "DATE",
    "unfit_pct": "DOUBLE",
    "kind": "VARCHAR",
    "line": "BIGINT",
}


class Store:
    """One DuckDB database; ``path`` None keeps it in memory (the CLI's file analysis)."""

    def __init__(self, path: Path | None = None) -> None:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._conn = duckdb.connect(str(path) if path else ":memory:")
        self._write_lock = threading.Lock()
        for statement in SCHEMA:
            self._conn.execute(statement)
        derived.create_tables(self._conn)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A connection of its own for one request or thread, on the same database."""
        return self._conn.cursor()

    def close(self) -> None:
        self._conn.close()

    # --- organisation -------------------------------------------------------------------
    def ensure_org(self, org_id: str, cur: Any = None) -> None:
        (cur or self._conn).execute(
            "INSERT INTO organisations (org_id, name) SELECT ?, ? "
            "WHERE NOT EXISTS (SELECT 1 FROM organisations WHERE org_id = ?)",
            [org_id, org_id, org_id],
        )

    def settings(self, org_id: str) -> tuple[str | None, str | None]:
        row = (
            self.cursor()
            .execute("SELECT sbi_section, size_class FROM organisations WHERE org_id = ?", [org_id])
            .fetchone()
        )
        return (row[0], row[1]) if row else (None, None)

    def save_settings(self, sbi_section: str | None, size_class: str | None, org_id: str) -> None:
        with self._write_lock:
            cur = self.cursor()
            self.ensure_org(org_id, cur)
            cur.execute(
                "UPDATE organisations SET sbi_section = ?, size_class = ? WHERE org_id = ?",
                [sbi_section, size_class, org_id],
            )

    def counts(self, org_id: str) -> tuple[int, int]:
        cur = self.cursor()
        employees = cur.execute(
            "SELECT count(*) FROM employees WHERE org_id = ?", [org_id]
        ).fetchone()
        episodes = cur.execute(
            "SELECT count(*) FROM episodes WHERE org_id = ?", [org_id]
        ).fetchone()
        return (int(employees[0]) if employees else 0, int(episodes[0]) if episodes else 0)

    def date_range(self, org_id: str) -> tuple[Any, Any]:
        """First and last day with any data, to choose a sensible default period."""
        row = (
            self.cursor()
            .execute(
                "SELECT min(first_day), max(coalesce(last_day, first_day)) FROM episodes "
                "WHERE org_id = ?",
                [org_id],
            )
            .fetchone()
        )
        return (row[0], row[1]) if row else (None, None)

    # --- import -------------------------------------------------------------------------
    def import_parsed(
        self,
        parsed: Parsed,
        org_id: str,
        mode: Mode = "merge",
        cur: duckdb.DuckDBPyConnection | None = None,
        allow_unrelated: bool = True,
    ) -> ImportSummary:
        """All-or-nothing: problems from parsing or from the checks roll everything back.

        ``cur``: the connection the rows were parsed on, when it is one of this store's
        (``service.import_uploads``): the checked rows are then staged without a copy.
        ``allow_unrelated=False``: a merge whose employee file shares no employee with what
        is stored is held back (``awaiting="confirm_unrelated"``) until the user confirms."""
        with self._write_lock:
            cur = cur if cur is not None else self.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                summary = self._import(cur, parsed, org_id, mode, allow_unrelated)
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT" if summary.accepted else "ROLLBACK")
            return summary

    def _import(
        self,
        cur: duckdb.DuckDBPyConnection,
        parsed: Parsed,
        org_id: str,
        mode: Mode,
        allow_unrelated: bool = True,
    ) -> ImportSummary:
        has_emp = parsed.employees_file is not None
        has_ep = parsed.spells_file is not None
        _stage(cur, "stage_emp", EMPLOYEE_COLUMNS, [])
        parsed.employees.copy_into(cur, "stage_emp")
        _stage(cur, "stage_ep", EPISODE_COLUMNS, [])
        parsed.episodes.copy_into(cur, "stage_ep")
        _stage(cur, "stage_refs", REF_COLUMNS, parsed.rejected_refs)
        _merged_views(cur, org_id, mode, has_emp, has_ep)
        problems = list(parsed.problems)
        problems += _checks(cur, parsed, org_id, mode, has_emp, has_ep)
        summary = ImportSummary(
            accepted=not problems,
            organisation=org_id,
            employees_in_file=len(parsed.employees),
            episodes_in_file=len(parsed.episodes),
            problems=sorted(problems, key=_problem_order),
        )
        if problems:
            return summary
        if mode == "merge" and has_emp and not allow_unrelated:
            stored, shared = _overlap(cur, org_id)
            if stored and not shared:
                summary.accepted = False
                summary.awaiting = "confirm_unrelated"
                summary.employees_stored = stored
                return summary
        self.ensure_org(org_id, cur)
        changed = False
        if has_emp:
            emp = _write(
                cur, org_id, mode, "employees", "stage_emp", ("employee_id",), EMPLOYEE_COLUMNS
            )
            summary.employees_added, summary.employees_changed = emp.added, emp.changed
            summary.employees_unchanged, summary.employees_removed = emp.unchanged, emp.removed
            changed = bool(emp.added or emp.changed or emp.removed)
        if has_ep:
            ep = _write(
                cur,
                org_id,
                mode,
                "episodes",
                "stage_ep",
                ("employee_id", "spell_id", "first_day"),
                EPISODE_COLUMNS,
            )
            summary.episodes_added, summary.episodes_changed = ep.added, ep.changed
            summary.episodes_unchanged, summary.episodes_removed = ep.unchanged, ep.removed
            changed = changed or bool(ep.added or ep.changed or ep.removed)
        if changed:
            rebuild_spells(cur, org_id)
        return summary

    def rebuild_spells(self, org_id: str) -> None:
        """For data loaded around the import (the benchmark's bulk load)."""
        with self._write_lock:
            rebuild_spells(self.cursor(), org_id)

    def derive(self, org_id: str) -> None:
        """Build the organisation's derived tables now rather than at the first metrics."""
        with self._write_lock:
            derived.ensure(self.cursor(), org_id)


def _overlap(cur: duckdb.DuckDBPyConnection, org_id: str) -> tuple[int, int]:
    """(employees stored, of which also in the employee file). None shared on a merge most
    likely means another organisation's file (or another numbering) was chosen."""
    found = cur.execute(
        "SELECT count(*), count(*) FILTER (WHERE EXISTS "
        "(SELECT 1 FROM stage_emp s WHERE s.employee_id = e.employee_id)) "
        "FROM employees e WHERE e.org_id = ?",
        [org_id],
    ).fetchone()
    return (int(found[0]), int(found[1])) if found else (0, 0)


def rebuild_spells(cur: duckdb.DuckDBPyConnection, org_id: str) -> None:
    """After any change of the organisation's rows: its spells now, the rest when needed."""
    cur.execute("DELETE FROM spells WHERE org_id = ?", [org_id])
    cur.execute("INSERT INTO spells " + sql.SPELL_TABLE, [org_id])
    derived.mark_stale(cur, org_id)


def _problem_order(p: Problem) -> tuple[str, int, str]:
    return (p.file, p.line or 0, p.column or "")


def _stage(
    cur: duckdb.DuckDBPyConnection,
    table: str,
    column_types: dict[str, str],
    rows: Iterable[Sequence[object]],
) -> None:
    """Bulk-load through a scratch CSV: DuckDB reads it in parallel, far faster than inserts.

    The scratch file holds personal data, so it never reaches the disk where it can: on
    Linux it is an anonymous in-memory file that disappears with the process, even when the
    process is killed. Elsewhere it is a private temporary file, removed when done.
    """
    columns_sql = ", ".join(f"{name} {kind}" for name, kind in column_types.items())
    cur.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({columns_sql})")
    with scratch_file() as (handle, name):
        written = 0
        with os.fdopen(handle, "w", newline="", encoding="utf-8", closefd=False) as out:
            writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
            for row in rows:
                writer.writerow(row)
                written += 1
        if written:
            spec = "{" + ", ".join(f"'{n}': '{t}'" for n, t in column_types.items()) + "}"
            cur.execute(
                f"INSERT INTO {table} SELECT * FROM read_csv(?, header = false, delim = ',', "
                f"quote = '\"', escape = '\"', nullstr = '', auto_detect = false, "
                f"new_line = '\\n', dateformat = '%Y-%m-%d', columns = {spec})",
                [name],
            )


@contextmanager
def scratch_file() -> Iterator[tuple[int, str]]:
    """An open file descriptor and a path DuckDB can read it by; gone after the block."""
    memfd_create = getattr(os, "memfd_create", None)
    if memfd_create is not None and Path("/proc/self/fd").is_dir():
        handle = memfd_create("verzuim-stage", getattr(os, "MFD_CLOEXEC", 0))
        try:
            yield handle, f"/proc/self/fd/{handle}"
        finally:
            os.close(handle)
        return
    handle, name = tempfile.mkstemp(suffix=".csv", prefix="verzuim-stage-")
    try:
        yield handle, name
    finally:
        os.close(handle)
        os.unlink(name)


def _merged_views(
    cur: duckdb.DuckDBPyConnection, org_id: str, mode: Mode, has_emp: bool, has_ep: bool
) -> None:
    """m_emp / m_ep: the rows as they would be after the import, staged rows with a line."""
    keep_stored_emp = "TRUE" if not has_emp else ("FALSE" if mode == "replace" else _not_in_emp)
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE m_emp AS "
        "SELECT employee_id, line FROM stage_emp UNION ALL "
        "SELECT e.employee_id, CAST(NULL AS BIGINT) FROM employees e "
        f"WHERE e.org_id = ? AND {keep_stored_emp}",
        [org_id],
    )
    keep_stored_ep = "TRUE" if not has_ep else ("FALSE" if mode == "replace" else _not_in_ep)
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE m_ep AS "
        "SELECT employee_id, spell_id, first_day, last_day, kind, line FROM stage_ep UNION ALL "
        "SELECT e.employee_id, e.spell_id, e.first_day, e.last_day, e.kind, "
        "CAST(NULL AS BIGINT) FROM episodes e "
        f"WHERE e.org_id = ? AND {keep_stored_ep}",
        [org_id],
    )


_not_in_emp = "NOT EXISTS (SELECT 1 FROM stage_emp s WHERE s.employee_id = e.employee_id)"
_not_in_ep = (
    "NOT EXISTS (SELECT 1 FROM stage_ep s WHERE s.employee_id = e.employee_id "
    "AND s.spell_id = e.spell_id AND s.first_day = e.first_day)"
)

_DUPLICATE_EMPLOYEES = """
SELECT employee_id, line, first_line FROM (
    SELECT employee_id, line, min(line) OVER (PARTITION BY employee_id) AS first_line
    FROM stage_emp
) AS d WHERE line > first_line ORDER BY line"""

_UNKNOWN_EMPLOYEES = """
SELECT s.employee_id, s.line FROM (
    SELECT employee_id, line FROM stage_ep UNION ALL SELECT employee_id, line FROM stage_refs
) AS s
WHERE NOT EXISTS (SELECT 1 FROM m_emp e WHERE e.employee_id = s.employee_id)
ORDER BY s.line"""

# An episode overlaps when an earlier-starting episode of the same employee reaches its
# first day; the running maximum catches a long episode that covers several later ones.
_OVERLAPS = """
SELECT employee_id, first_day, last_day, line, prev_first, prev_last, prev_line FROM (
    SELECT employee_id, first_day, last_day, line,
        lag(first_day) OVER w AS prev_first,
        lag(last_day) OVER w AS prev_last,
        lag(line) OVER w AS prev_line,
        max(coalesce(last_day, DATE '9999-12-31')) OVER (
            PARTITION BY employee_id ORDER BY first_day, line NULLS FIRST
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ) AS reach
    FROM m_ep
    WINDOW w AS (PARTITION BY employee_id ORDER BY first_day, line NULLS FIRST)
) AS o
WHERE reach >= first_day AND (line IS NOT NULL OR prev_line IS NOT NULL)
ORDER BY coalesce(line, prev_line)"""

_MIXED_KINDS = """
SELECT employee_id, spell_id, min(line) AS line FROM m_ep
GROUP BY employee_id, spell_id
HAVING count(DISTINCT kind) > 1 AND count(line) > 0
ORDER BY line"""

_ORPHANS = """
SELECT DISTINCT e.employee_id FROM episodes e
WHERE e.org_id = ? AND NOT EXISTS (SELECT 1 FROM m_emp m WHERE m.employee_id = e.employee_id)
ORDER BY e.employee_id"""


def _checks(
    cur: duckdb.DuckDBPyConnection,
    parsed: Parsed,
    org_id: str,
    mode: Mode,
    has_emp: bool,
    has_ep: bool,
) -> list[Problem]:
    emp_file = parsed.employees_file or ""
    ep_file = parsed.spells_file or ""
    emp_col = parsed.employee_headers.get("employee_id", "employee_id")
    ep_col = parsed.spell_headers.get("employee_id", "employee_id")
    first_col = parsed.spell_headers.get("first_day", "first_day")
    kind_col = parsed.spell_headers.get("kind", "kind")
    found: list[Problem] = []
    if has_emp:
        for employee_id, line, first_line in cur.execute(_DUPLICATE_EMPLOYEES).fetchall():
            found.append(
                problem(
                    "duplicate_employee", emp_file, line, emp_col, employee_id, other=first_line
                )
            )
    if has_ep:
        for employee_id, line in cur.execute(_UNKNOWN_EMPLOYEES).fetchall():
            found.append(problem("unknown_employee", ep_file, line, ep_col, employee_id))
        for row in cur.execute(_OVERLAPS).fetchall():
            employee_id, first, last, line, prev_first, prev_last, prev_line = row
            this, other = _span(first, last), _span(prev_first, prev_last)
            if line is None:  # the staged row is the earlier one; a stored row is overlapped
                line, this, other_line = prev_line, other, None
                other = _span(first, last)
            else:
                other_line = prev_line
            found.append(
                problem(
                    "overlap",
                    ep_file,
                    line,
                    first_col,
                    this,
                    other=_where(other, other_line, "en"),
                    other_nl=_where(other, other_line, "nl"),
                )
            )
        for _employee_id, spell_id, line in cur.execute(_MIXED_KINDS).fetchall():
            found.append(problem("spell_mixed_kind", ep_file, line, kind_col, spell_id))
    if has_emp and not has_ep and mode == "replace":
        for (employee_id,) in cur.execute(_ORPHANS, [org_id]).fetchall():
            found.append(problem("orphan_spells", emp_file, None, emp_col, employee_id))
    return found


def _span(first: Any, last: Any) -> str:
    """An episode as the user writes it: dd-mm-jjjj – dd-mm-jjjj (open: nothing after –)."""
    end = last.strftime("%d-%m-%Y") if last else ""
    return f"{first.strftime('%d-%m-%Y')} – {end}".rstrip()


def _where(span: str, line: int | None, lang: str) -> str:
    if line is None:
        return f"a stored episode ({span})" if lang == "en" else f"een opgeslagen periode ({span})"
    return (
        f"the episode on line {line} ({span})"
        if lang == "en"
        else f"de periode op regel {line} ({span})"
    )


@dataclass(frozen=True)
class Counts:
    """What an import did to one table, by natural key: every stored or incoming row is in
    exactly one of added, changed, unchanged or (replace mode) removed."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0


def _count(cur: duckdb.DuckDBPyConnection, query: str, org_id: str) -> int:
    found = cur.execute(query, [org_id]).fetchone()
    return int(found[0]) if found else 0


def _write(
    cur: duckdb.DuckDBPyConnection,
    org_id: str,
    mode: Mode,
    table: str,
    stage: str,
    key: tuple[str, ...],
    column_types: dict[str, str],
) -> Counts:
    """Replace rows by natural key (or all of the organisation's rows); say what changed.

    Replace mode counts what it removes apart from what it changes: 60 new employees on top
    of 2,000 stored ones are 60 added and 2,000 removed, not 2,000 changed."""
    names = [c for c in column_types if c != "line"]
    match = " AND ".join(f"t.{k} = s.{k}" for k in key)
    differs = " OR ".join(f"t.{c} IS DISTINCT FROM s.{c}" for c in names if c not in key)
    added = _count(
        cur,
        f"SELECT count(*) FROM {stage} s WHERE NOT EXISTS "
        f"(SELECT 1 FROM {table} t WHERE t.org_id = ? AND {match})",
        org_id,
    )
    matched = f"SELECT count(*) FROM {stage} s JOIN {table} t ON t.org_id = ? AND {match}"
    changed = _count(cur, f"{matched} WHERE {differs}", org_id)
    unchanged = _count(cur, f"{matched} WHERE NOT ({differs})", org_id)
    removed = 0
    if mode == "replace":
        removed = _count(
            cur,
            f"SELECT count(*) FROM {table} t WHERE t.org_id = ? AND NOT EXISTS "
            f"(SELECT 1 FROM {stage} s WHERE {match})",
            org_id,
        )
    if mode == "replace" and (added or changed or removed):
        cur.execute(f"DELETE FROM {table} WHERE org_id = ?", [org_id])
    elif added or changed:
        cur.execute(
            f"DELETE FROM {table} t WHERE t.org_id = ? AND EXISTS "
            f"(SELECT 1 FROM {stage} s WHERE {match})",
            [org_id],
        )
    if added or changed or removed:
        column_list = ", ".join(names)
        cur.execute(
            f"INSERT INTO {table} (org_id, {column_list}) SELECT ?, {column_list} FROM {stage}",
            [org_id],
        )
    return Counts(added, changed, unchanged, removed)
