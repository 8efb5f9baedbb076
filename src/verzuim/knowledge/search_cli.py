"""`verzuim search "QUERY" [--absence-type ...] ...`: the page's search on the command line.

It calls the same :func:`verzuim.records.shared_search.search_measures` as /maatregelen and
/api/maatregelen, so the three give the same hits in the same order, with the shared
practices of the configured store in their own section (``--no-shared`` leaves them out
and does not open the store).
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:  # the search index is built when the command runs, not at CLI start-up
    from verzuim.knowledge.search import SearchResult
    from verzuim.records.shared_search import SharedSection


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


class Language(StrEnum):
    nl = "nl"
    en = "en"


def _opt(name: str, help_text: str) -> Any:  # typer.Option is typed as Any
    return typer.Option(f"--{name}", help=f"{help_text} Repeat for several values (OR).")


def search_command(
    query: Annotated[str, typer.Argument(help="Free text, Dutch or English.")] = "",
    absence_type: Annotated[
        list[str] | None, _opt("absence-type", "physical, mental, general, unspecified.")
    ] = None,
    worker_type: Annotated[
        list[str] | None, _opt("worker-type", "practical, theoretical, both, unspecified.")
    ] = None,
    components: Annotated[list[str] | None, _opt("components", "single or multi.")] = None,
    category: Annotated[list[str] | None, _opt("category", "Intervention category code.")] = None,
    level: Annotated[list[str] | None, _opt("level", "individual, environment, both.")] = None,
    sector: Annotated[
        list[str] | None, _opt("sector", "SBI section letter, or unspecified.")
    ] = None,
    country: Annotated[list[str] | None, _opt("country", "ISO country code, e.g. NL.")] = None,
    evidence: Annotated[
        list[str] | None, _opt("evidence", "practice_based or review_based.")
    ] = None,
    home_work: Annotated[list[str] | None, _opt("home-work", "yes or no.")] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="table or json.")
    ] = OutputFormat.table,
    lang: Annotated[
        Language, typer.Option("--lang", help="Language of titles and labels.")
    ] = Language.nl,
    shared: Annotated[
        bool,
        typer.Option(
            "--shared/--no-shared",
            help="Also list the shared practices of the configured store, in their own section.",
        ),
    ] = True,
) -> None:
    """Search good practices and review-level evidence, like the /maatregelen page."""
    from verzuim.knowledge.search import SearchInputError, search

    facets = {
        "absence_type": absence_type,
        "worker_type": worker_type,
        "components": components,
        "category": category,
        "level": level,
        "sector": sector,
        "country": country,
        "evidence": evidence,
        "home_work": home_work,
    }
    chosen = {k: v for k, v in facets.items() if v}
    try:
        search(query, chosen, lang=lang.value)  # bad input: a message before the store opens
    except SearchInputError as exc:
        typer.echo(exc.messages[lang.value], err=True)
        raise typer.Exit(code=2) from exc
    result: SearchResult = _with_shared(query, chosen, lang.value) if shared else search(
        query, chosen, lang=lang.value
    )  # fmt: skip
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    _print_table(result)
    section = getattr(result, "shared", None)
    if section is not None:
        _print_shared(section)


def _with_shared(query: str, facets: dict[str, list[str]], lang: Any) -> SearchResult:
    from verzuim.records.shared_search import search_measures
    from verzuim.store.cli_support import open_database

    database = open_database()
    try:
        return search_measures(database, query, facets, lang=lang)
    finally:
        database.dispose()


def _print_shared(section: SharedSection) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=140)
    table = Table(title=f"{section.title}: {section.total}", caption=section.notice)
    for column in ("#", "id", "evidence (own)", "title"):
        table.add_column(column)
    for n, hit in enumerate(section.hits, start=1):
        table.add_row(str(n), hit.id, hit.evidence.label, hit.title)
    console.print(table)


def _print_table(result: SearchResult) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=140)
    table = Table(title=f"{result.total} | {result.url}")
    for column in ("#", "id", "evidence", "title", "score"):
        table.add_column(column)
    for n, hit in enumerate(result.hits, start=1):
        score = "" if hit.score is None else f"{hit.score:g}"
        table.add_row(str(n), hit.id, hit.evidence, hit.title, score)
    console.print(table)
    if result.suggestion:
        console.print(f"(did you mean: {result.suggestion!r}? searched for that)")
    if not result.matched_all_words:
        console.print("(no record has every word; showing records with some of them)")
    elif result.all_words_total < result.total:
        console.print(
            f"(the first {result.all_words_total} have every word; then records with some)"
        )


def register(app: typer.Typer) -> None:
    app.command("search")(search_command)
