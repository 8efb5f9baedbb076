"""`verzuim benchmark build`: the pooled benchmark on the command line.

A summary goes to stdout; bad input to stderr with exit status 1, bad arguments exit 2.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, cast

import typer

if TYPE_CHECKING:
    from verzuim.benchmark.engines import Engine
    from verzuim.benchmark.models import ByColumn

app = typer.Typer(help="Pooled benchmark over many organisations (docs/benchmark.md).")


class EngineChoice(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


class PeriodChoice(StrEnum):
    year = "year"
    quarter = "quarter"


def _by(text: str) -> list[ByColumn]:
    from verzuim.benchmark.models import BY_COLUMNS

    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [c for c in chosen if c not in BY_COLUMNS]
    if unknown or not chosen or len(set(chosen)) != len(chosen):
        raise typer.BadParameter(
            f"'{text}': use distinct names from {', '.join(BY_COLUMNS)}, e.g. sector,size_class."
        )
    return [cast("ByColumn", c) for c in chosen]


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date as YYYY-MM-DD.") from None


def _engine(choice: EngineChoice, cores: int, memory: str, duckdb_memory: str | None) -> Engine:
    from verzuim.benchmark.engines import DuckDBEngine, SparkEngine, local_session

    if choice is EngineChoice.duckdb:
        return DuckDBEngine(memory_limit=duckdb_memory)
    try:
        return SparkEngine(local_session(cores, memory))
    except ImportError:
        typer.echo(
            "The Spark engine needs PySpark (pip install 'verzuim[spark]') and Java 17.", err=True
        )
        raise typer.Exit(1) from None


@contextmanager
def _input(input_dir: str | None, out: Path) -> Iterator[str]:
    """The input folder: the one given, or the store's organisations exported to a
    temporary folder inside ``out`` (pseudonymised, removed afterwards)."""
    if input_dir is not None:
        yield input_dir
        return
    from verzuim.benchmark.from_store import export_parquet
    from verzuim.store.cli_support import cli_tenants_all, open_database

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".store-input-", dir=out) as work:
        database = open_database()
        try:
            written = export_parquet(
                database, cli_tenants_all(database), Path(work), "pooled benchmark build"
            )
        finally:
            database.dispose()
        typer.echo(
            f"Read {written.organisations} organisations, {written.employees} employees and "
            f"{written.episodes} episodes from the store.",
            err=True,
        )
        yield work


@app.command("build")
def build_command(
    input_dir: str | None = typer.Option(
        None, "--input", help="Folder with organisations, employees, spells (.parquet or .csv)."
    ),
    from_store: bool = typer.Option(
        False,
        "--from-store",
        help="Every organisation of the configured store instead of --input (each audited).",
    ),
    engine: EngineChoice = typer.Option(EngineChoice.duckdb, help="Where the SQL runs."),
    by: str = typer.Option("sector,size_class", help="Cell columns: sector,size_class[,region]."),
    period: PeriodChoice = typer.Option(PeriodChoice.year, help="Cells per year or quarter."),
    out: Path = typer.Option(..., help="Folder for benchmark.parquet, .csv and .json."),
    start: str | None = typer.Option(None, "--from", help="First day (default: from the data)."),
    end: str | None = typer.Option(None, "--to", help="Last day (default: from the data)."),
    spark_cores: int = typer.Option(2, help="Spark local mode: cores (ignored by spark-submit)."),
    spark_memory: str = typer.Option("2g", help="Spark local mode: driver memory."),
    duckdb_memory: str | None = typer.Option(
        None, help="DuckDB memory limit, e.g. 4GB (default 80 % of RAM); beyond it, it spills."
    ),
) -> None:
    """Compute every cell with the CBS disclosure rules and write the benchmark folder."""
    if (input_dir is None) == (not from_store):
        raise typer.BadParameter("give either --input DIR or --from-store.")
    from verzuim.benchmark import build as build_mod
    from verzuim.benchmark import output
    from verzuim.benchmark.models import BenchmarkInputError

    columns = _by(by)
    first, last = _date(start), _date(end)
    runner = _engine(engine, spark_cores, spark_memory, duckdb_memory)
    try:
        with _input(input_dir, out) as folder:
            result = build_mod.build(runner, folder, columns, period.value, first, last)
    except BenchmarkInputError as exc:
        typer.echo(f"Bad input: {exc}", err=True)
        raise typer.Exit(1) from None
    finally:
        runner.close()
    written = output.write(result, out)
    published = [c for c in result.cells if not c.suppressed]
    reasons = {
        r: sum(c.suppression == r for c in result.cells) for r in ("organisations", "dominance")
    }
    typer.echo(
        f"{len(result.cells)} cells ({result.first_day}..{result.last_day}, {result.engine}): "
        f"{len(published)} published, {reasons['organisations']} suppressed for fewer than 5 "
        f"organisations, {reasons['dominance']} for one organisation's dominance."
    )
    if result.organisations_without_cell:
        typer.echo(
            f"{result.organisations_without_cell} of {result.organisations_in_input} "
            f"organisations have an empty {'/'.join(columns)} and are in no cell."
        )
    for path in written:
        typer.echo(str(path))


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="benchmark")
