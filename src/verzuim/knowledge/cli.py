"""`verzuim kb ...`: the knowledge base on the command line."""

from __future__ import annotations

import json
from enum import StrEnum

import typer

# The knowledge base and rich are imported when a command runs: `verzuim --help` stays fast.

app = typer.Typer(help="The knowledge base of RIVM report 2025-0080.", no_args_is_help=True)


class Kind(StrEnum):
    practices = "practices"
    evidence = "evidence"
    actors = "actors"
    perspectives = "perspectives"
    gaps = "gaps"
    model = "model"


class Format(StrEnum):
    json = "json"
    csv = "csv"


@app.command("stats")
def stats_command() -> None:
    """Counts from the records beside the figures the report states."""
    from rich.console import Console
    from rich.table import Table

    from verzuim.knowledge import load, stats

    rows = stats.compute(load())
    table = Table(title="Kennisbank: counted from the records vs. stated in the report")
    for column in ("What", "Counted", "Report", "Where", ""):
        table.add_column(column, justify="right" if column in ("Counted", "Report") else "left")
    for row in rows:
        table.add_row(
            row.label,
            str(row.counted),
            str(row.reported),
            row.where,
            "ok" if row.matches else "DIFF",
        )
    Console(width=120).print(table)
    if not all(row.matches for row in rows):
        raise typer.Exit(code=1)


@app.command("show")
def show_command(record_id: str = typer.Argument(..., metavar="ID")) -> None:
    """One record (practice, evidence, actor, perspective, gap or model part) as JSON."""
    from verzuim.knowledge import load

    record = load().get(record_id)
    if record is None:
        typer.echo(
            f"No record with id {record_id!r}. Ids look like gp-b11-01, ev-mental, bedrijfsarts; "
            "list them with: verzuim kb export KIND --format csv",
            err=True,
        )
        raise typer.Exit(code=2)
    typer.echo(json.dumps(record.model_dump(mode="json"), ensure_ascii=False, indent=2))


@app.command("export")
def export_command(
    kind: Kind = typer.Argument(..., help="Which records."),
    fmt: Format = typer.Option(Format.json, "--format", help="json or csv."),
) -> None:
    """All records of one kind to stdout (field names: docs/data.md)."""
    from verzuim.knowledge import export as exporter
    from verzuim.knowledge import load

    typer.echo(exporter.export(load(), kind.value, fmt.value), nl=False)
