"""Rows of an employee file and a spell file to typed records, with a problem for every bad cell.

Checks that need more than one row (duplicates, overlaps, unknown employees) run in the
store on the staged rows, so they also see what is already stored.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from verzuim.analytics import columns
from verzuim.analytics.columns import Mapping
from verzuim.analytics.models import KINDS, Employee, Episode, IgnoredColumn, Kind, Problem
from verzuim.analytics.problems import problem
from verzuim.analytics.readers import Cell, RawTable
from verzuim.analytics.values import CellError, parse_date, parse_number, text_value, unit_path

Progress = Callable[[str, int, int], None]
NO_UNIT = "-"
_PROGRESS_EVERY = 20_000


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class Parsed:
    employees: list[Employee] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
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


class _Row:
    """Cell access by field name, recording a problem instead of raising."""

    def __init__(
        self, table: RawTable, index: dict[str, int], line: int, cells: list[Cell]
    ) -> None:
        self.table, self.index, self.line, self.cells = table, index, line, cells
        self.problems: list[Problem] = []

    def raw(self, name: str) -> Cell:
        i = self.index.get(name)
        if i is None or i >= len(self.cells):
            return None
        value = self.cells[i]
        return None if isinstance(value, str) and not value.strip() else value

    def column(self, name: str) -> str:
        i = self.index.get(name)
        return self.table.header[i] if i is not None else name

    def report(self, code: str, name: str, value: object = None, **params: object) -> None:
        self.problems.append(
            problem(code, self.table.name, self.line, self.column(name), value, **params)
        )

    def required(self, name: str) -> Cell:
        value = self.raw(name)
        if value is None:
            self.report("empty", name)
        return value

    def date(self, name: str, required: bool = True) -> dt.date | None:
        value = self.required(name) if required else self.raw(name)
        if value is None:
            return None
        try:
            return parse_date(value)
        except CellError:
            self.report("bad_date", name, shown(value))
            return None

    def number(self, name: str) -> tuple[float, bool] | None:
        value = self.raw(name)
        if value is None:
            return None
        try:
            return parse_number(value)
        except CellError:
            self.report("bad_number", name, shown(value))
            return None


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


def headers(table: RawTable, fields: tuple[str, ...], mapping: Mapping) -> dict[str, str]:
    return {f: table.header[i] for f, i in columns.resolve(table.header, fields, mapping).items()}


def parse_employees(
    table: RawTable, mapping: Mapping, progress: Progress = _no_progress
) -> tuple[list[Employee], list[Problem]]:
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
        return [], problems

    employees: list[Employee] = []
    count = 0
    for line, cells in table.rows:
        row = _Row(table, index, line, cells)
        employee_id = text_value(row.required("employee_id"))
        unit = unit_path(row.raw("unit")) or NO_UNIT
        factor = _part_time_factor(row, mapping)
        start = row.date("employment_start")
        end = row.date("employment_end", required=False)
        if start and end and end < start:
            row.report(
                "end_before_start",
                "employment_end",
                shown(row.raw("employment_end")),
                other=shown(row.raw("employment_start")),
            )
        if row.problems:
            problems.extend(row.problems)
        elif factor is not None and start is not None:
            employees.append(Employee(employee_id, unit, factor, start, end, line))
        count += 1
        if count % _PROGRESS_EVERY == 0:
            progress("employees", count, table.total_rows)
    progress("employees", count, count)
    if count == 0:
        problems.append(problem("no_rows", table.name, 1))
    return employees, problems


def _part_time_factor(row: _Row, mapping: Mapping) -> float | None:
    if "part_time_factor" in row.index or "part_time_pct" in row.index:
        name = "part_time_factor" if "part_time_factor" in row.index else "part_time_pct"
        if row.required(name) is None:
            return None
        parsed = row.number(name)
        if parsed is None:
            return None
        value, percent = parsed
        factor = value / 100 if percent or name == "part_time_pct" else value
    else:
        hours = row.required("contract_hours")
        parsed = row.number("contract_hours") if hours is not None else None
        fulltime: float | None = mapping.fulltime_hours
        if "fulltime_hours" in row.index:
            if row.required("fulltime_hours") is None:
                return None
            fulltime_parsed = row.number("fulltime_hours")
            fulltime = fulltime_parsed[0] if fulltime_parsed else None
        if parsed is None or not fulltime:
            if fulltime == 0:
                row.report("ptf_range", "fulltime_hours", "0")
            return None
        factor = parsed[0] / fulltime
        name = "contract_hours"
    if not 0 < factor <= 1.5:
        row.report("ptf_range", name, row.raw(name))
        return None
    return factor


def _kind(row: _Row, mapping: Mapping) -> Kind | None:
    value = row.raw("kind")
    if value is None:
        return "sick"
    text = str(value).strip()
    extra = {columns.normalise(k): v for k, v in mapping.kinds.items()}
    code = extra.get(columns.normalise(text)) or columns.KIND_CODES.get(columns.normalise(text))
    for kind in KINDS:
        if code == kind:
            return kind
    row.report("bad_kind", "kind", text)
    return None


def parse_spells(
    table: RawTable,
    mapping: Mapping,
    progress: Progress = _no_progress,
    rejected_refs: list[tuple[str, int]] | None = None,
) -> tuple[list[Episode], list[Problem]]:
    index = columns.resolve(table.header, columns.SPELL_FIELDS, mapping)
    problems = [_missing(table, f) for f in ("employee_id", "first_day") if f not in index]
    if problems:
        return [], problems
    refs = rejected_refs if rejected_refs is not None else []
    back_is_last = mapping.recovery_date == "last_day"
    end_field = "last_day" if "last_day" in index else "first_day_back"

    episodes: list[Episode] = []
    count = 0
    for line, cells in table.rows:
        row = _Row(table, index, line, cells)
        employee_id = text_value(row.required("employee_id"))
        spell_id = text_value(row.required("spell_id")) if "spell_id" in index else ""
        first = row.date("first_day")
        end = row.date(end_field, required=False)
        last = end if end is None or end_field == "last_day" or back_is_last else end - _DAY
        unfit = _unfit(row)
        kind = _kind(row, mapping)
        if first and last and last < first:
            hint, hint_nl = _end_hint(end_field, back_is_last)
            row.report(
                "last_before_first",
                end_field,
                shown(row.raw(end_field)),
                other=shown(row.raw("first_day")),
                hint=hint,
                hint_nl=hint_nl,
            )
        if row.problems:
            problems.extend(row.problems)
            if employee_id:
                refs.append((employee_id, line))
        elif first is not None and unfit is not None and kind is not None:
            episodes.append(Episode(employee_id, spell_id, first, last, unfit, kind, line))
        count += 1
        if count % _PROGRESS_EVERY == 0:
            progress("spells", count, table.total_rows)
    progress("spells", count, count)
    if count == 0:
        problems.append(problem("no_rows", table.name, 1))
    if "spell_id" not in index:
        episodes = derive_spells(episodes)
    return episodes, problems


_DAY = dt.timedelta(days=1)


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


def _unfit(row: _Row) -> float | None:
    if "unfit_pct" not in row.index or row.raw("unfit_pct") is None:
        return 100.0
    parsed = row.number("unfit_pct")
    if parsed is None:
        return None
    value = parsed[0]
    if not 1 <= value <= 100:
        row.report("unfit_range", "unfit_pct", row.raw("unfit_pct"))
        return None
    return value


def derive_spells(episodes: list[Episode]) -> list[Episode]:
    """Without a spell key, contiguous episodes of one kind form a spell (partial recovery)."""
    by_employee: dict[str, list[Episode]] = defaultdict(list)
    for episode in episodes:
        by_employee[episode.employee_id].append(episode)
    result: list[Episode] = []
    for employee_id, items in by_employee.items():
        items.sort(key=lambda e: e.first_day)
        spell = ""
        previous: Episode | None = None
        for ep in items:
            contiguous = (
                previous is not None
                and previous.last_day is not None
                and previous.last_day + _DAY == ep.first_day
                and previous.kind == ep.kind
            )
            if not contiguous:
                spell = f"{employee_id}:{ep.first_day.isoformat()}"
            result.append(
                Episode(
                    ep.employee_id, spell, ep.first_day, ep.last_day, ep.unfit_pct, ep.kind, ep.line
                )
            )
            previous = ep
    return result
