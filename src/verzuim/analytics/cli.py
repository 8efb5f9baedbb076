"""`verzuim analyse` and `verzuim import`: the analytics on the command line.

Results go to stdout (json, csv or a table); problems and progress go to stderr, so a
batch job can pipe the output. Bad input exits with status 1, bad arguments with 2.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

# DuckDB, pydantic models, rich and the import pipeline load when a command runs, so that
# `verzuim --help` and `verzuim analyse --help` start in a fraction of a second.
if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from verzuim.analytics import service
    from verzuim.analytics.ingest import Progress as ProgressCallback
    from verzuim.analytics.metrics import GroupBy
    from verzuim.analytics.models import (
        IgnoredColumn,
        ImportSummary,
        MetricsResult,
        Period,
        Problem,
    )
    from verzuim.analytics.store import Mode


class Format(StrEnum):
    json = "json"
    table = "table"
    csv = "csv"


class By(StrEnum):
    unit = "unit"


class ImportMode(StrEnum):
    merge = "merge"
    replace_all = "replace"  # a member named "replace" would shadow str.replace


_consoles: dict[str, Console] = {}


def _stderr() -> Console:
    if "err" not in _consoles:
        from rich.console import Console

        _consoles["err"] = Console(stderr=True, soft_wrap=True)
    return _consoles["err"]


@contextmanager
def _progress_bar() -> Iterator[ProgressCallback]:
    """A rich progress bar on stderr; silent when stderr is not a terminal (batch jobs)."""
    from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeRemainingColumn(),
        console=_stderr(),
        transient=True,
        disable=not _stderr().is_terminal,
    )
    tasks: dict[str, TaskID] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=max(total, 1))
        bar.update(tasks[stage], completed=done, total=max(total, done, 1))

    with bar:
        yield update


def _print_problems(problems: list[Problem]) -> None:
    """Every problem, grouped by kind, with file:line, column and the value as in the file."""
    from verzuim.analytics import problems as problems_mod

    for group in problems_mod.grouped(problems, shown=len(problems)):
        _stderr().print(f"{group.title} ({problems_mod.plural(group.count, 'time', 'times')}):")
        for p in group.first:
            where = p.file + (f":{p.line}" if p.line else "")
            column = f" [{p.column}]" if p.column else ""
            value = f" value {p.value!r}" if p.value is not None else ""
            _stderr().print(
                f"  {where}{column}{value}: {p.message} Fix: {p.fix}",
                markup=False,
                highlight=False,
            )
    count = problems_mod.plural(len(problems), "problem", "problems")
    _stderr().print(f"{count}; nothing was imported.", markup=False, highlight=False)


def _print_ignored(columns: list[IgnoredColumn]) -> None:
    for c in columns:
        _stderr().print(f"{c.file}: column {c.column!r} {c.why}.", markup=False, highlight=False)


def _fail(message: str, fmt: Format, problems: list[Problem] | None = None) -> typer.Exit:
    if problems:
        _print_problems(problems)
    else:
        _stderr().print(f"Error: {message}", markup=False, highlight=False)
    if fmt is Format.json:
        payload = {
            "error": message,
            "problems": [p.model_dump(mode="json") for p in problems or []],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    return typer.Exit(code=1)


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _table(result: MetricsResult) -> Table:
    from rich.table import Table

    table = Table(title=f"Absence {result.period.start} .. {result.period.end}")
    headers = (
        "group", "employees", "suppression", "zvp", "zmf", "gzvd", "nulverzuim", "new_spells",
        "ended_spells", "recurrence", "partial_return",
    )  # fmt: skip
    for h in headers:
        table.add_column(h, justify="left" if h == "group" else "right")
    for g in [result.total, *result.groups]:
        table.add_row(g.group or "TOTAL", *(_fmt(getattr(g, h)) for h in headers[1:]))
    return table


def _read(path: Path | None, what: str, fmt: Format) -> service.Upload | None:
    from verzuim.analytics import service

    if path is None:
        return None
    try:
        return service.Upload.from_path(path)
    except OSError as exc:
        raise _fail(f"cannot read the {what} file {path}: {exc.strerror}", fmt) from None


def analyse(
    employees: Path | None = typer.Option(
        None, "--employees", help="Employee file (CSV or XLSX); with --spells."
    ),
    spells: Path | None = typer.Option(
        None, "--spells", help="Spell/episode file (CSV or XLSX); with --employees."
    ),
    org: str | None = typer.Option(
        None, "--org", help="Read an organisation's stored data instead of files (its slug)."
    ),
    start: str = typer.Option(..., "--from", help="First day of the period (yyyy-mm-dd)."),
    end: str = typer.Option(..., "--to", help="Last day of the period (yyyy-mm-dd)."),
    by: By | None = typer.Option(None, "--by", help="Also per group: unit."),
    rollup: bool = typer.Option(False, "--rollup", help="With --by unit: roll up the unit tree."),
    bradford: bool = typer.Option(False, "--bradford", help="Add the Bradford distribution."),
    mapping: Path | None = typer.Option(None, "--mapping", help="Column mapping file (YAML)."),
    fmt: Format = typer.Option(Format.table, "--format", help="Output format."),
) -> None:
    """Absence metrics of the period: from an employee file and a spell file (nothing
    stored), or with --org from what an organisation stored (the read is audited)."""
    from rich.console import Console

    from verzuim.analytics import export, service

    if org is not None and (employees or spells or mapping):
        raise _fail("give either --org or files (--employees and --spells), not both", fmt)
    if org is None and (employees is None or spells is None):
        raise _fail("give --employees and --spells, or --org SLUG for stored data", fmt)
    try:
        period = service.make_period(
            service.parse_day(start, "--from"), service.parse_day(end, "--to")
        )
    except service.InputError as exc:
        raise _fail(str(exc), fmt) from None
    group: GroupBy | None = "unit" if by is By.unit else None
    if org is not None:
        result = _stored_metrics(org, period, group, rollup, bradford)
    else:
        emp = _read(employees, "employee", fmt)
        sp = _read(spells, "spell", fmt)
        mp = _read(mapping, "mapping", fmt)
        assert emp is not None and sp is not None  # checked above
        try:
            with _progress_bar() as progress:
                result = service.analyse_files(
                    emp, sp, period, group, rollup, bradford, mp, progress
                )
        except service.InputError as exc:
            problems = exc.summary.problems if exc.summary else None
            raise _fail(str(exc), fmt, problems) from None
    if fmt is Format.json:
        typer.echo(json.dumps(result.contract(), ensure_ascii=False, indent=2))
    elif fmt is Format.csv:
        typer.echo(export.metrics_csv([result]), nl=False)
    else:
        Console(width=140).print(_table(result))


def _stored_metrics(
    org: str, period: Period, by: GroupBy | None, rollup: bool, bradford: bool
) -> MetricsResult:
    """The same computation as the files' and the web's, on the organisation's stored rows,
    read as whoever runs the command (``cli:<user>`` in the audit log)."""
    from verzuim.analytics import service
    from verzuim.store import absence, demo
    from verzuim.store.cli_support import cli_tenant, open_database

    database = open_database()
    try:
        tenant = cli_tenant(database, org)
        scope = f"from={period.start} to={period.end} by={by or ''}"
        with absence.reading(database, tenant, "analyse/metrics", scope) as source:
            result = service.compute(source, [period], by, rollup, bradford)[0]
            return result.model_copy(update={"example_data": demo.is_example(source.org)})
    finally:
        database.dispose()


def import_command(
    org: str = typer.Option(..., "--org", help="The organisation's slug (verzuim org create)."),
    employees: Path | None = typer.Option(None, "--employees", help="Employee file."),
    spells: Path | None = typer.Option(None, "--spells", help="Spell/episode file."),
    mapping: Path | None = typer.Option(None, "--mapping", help="Column mapping file (YAML)."),
    mode: ImportMode = typer.Option(
        ImportMode.merge, "--mode", help="merge by key, or replace all rows."
    ),
    fmt: Format = typer.Option(Format.table, "--format", help="Output format (json or table)."),
    confirm_unrelated: bool = typer.Option(
        False,
        "--confirm-unrelated",
        help="Merge even when the employee file shares no employee with what is stored.",
    ),
) -> None:
    """Import files into an organisation in the store; all or nothing, safe to repeat."""
    from verzuim.analytics import problems as problems_mod
    from verzuim.analytics import service
    from verzuim.store import absence
    from verzuim.store.cli_support import cli_tenant, open_database

    if employees is None and spells is None:
        raise _fail("give --employees, --spells or both", fmt)
    emp, sp, mp = (
        _read(employees, "employee", fmt),
        _read(spells, "spell", fmt),
        _read(mapping, "mapping", fmt),
    )
    database = open_database()
    try:
        tenant = cli_tenant(database, org)
        with _progress_bar() as progress:
            parsed = service.parse_uploads(emp, sp, mp, progress=progress)
            chosen: Mode = "replace" if mode is ImportMode.replace_all else "merge"
            summary = absence.import_parsed(
                database, tenant, parsed, chosen, allow_unrelated=confirm_unrelated
            )
    finally:
        database.dispose()
    _print_ignored(summary.ignored_columns)
    if summary.awaiting == "confirm_unrelated":
        raise _fail(
            f"none of the {summary.employees_in_file} employees in the file is among the "
            f"{summary.employees_stored} stored in '{org}' (another organisation's file?); "
            "nothing was imported. Run again with --confirm-unrelated to merge anyway, or "
            "with --mode replace to replace the stored data.",
            fmt,
        )
    if not summary.accepted:
        count = problems_mod.plural(len(summary.problems), "problem", "problems")
        raise _fail(f"{count} in the input files", fmt, summary.problems)
    _report_import(summary, org, fmt)


def _report_import(summary: ImportSummary, org: str, fmt: Format) -> None:
    if fmt is Format.json:
        typer.echo(summary.model_dump_json(indent=2))
        return

    def counts(kind: str) -> str:
        added, changed, unchanged, removed = (
            getattr(summary, f"{kind}_{what}")
            for what in ("added", "changed", "unchanged", "removed")
        )
        text = f"{kind} {added} added, {changed} changed, {unchanged} unchanged"
        return text + (f", {removed} removed" if removed else "")

    typer.echo(f"Imported into '{org}': {counts('employees')}; {counts('episodes')}.")


def register(app: typer.Typer) -> None:
    app.command("analyse")(analyse)
    app.command("import")(import_command)
