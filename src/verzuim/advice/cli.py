"""`verzuim advise --profile FILE --format md|html|json|pdf`: the advice on the command line.

Text formats go to stdout unless --output is given; PDF needs --output (binary on a terminal
helps nobody). Bad input prints every problem with the allowed values and exits with 2.
"""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer

EXIT_BAD_INPUT = 2
# The engine, renderers and knowledge base are imported when the command runs, not when the
# CLI starts: `verzuim --help` stays fast.


class Format(StrEnum):
    md = "md"
    html = "html"
    json = "json"
    pdf = "pdf"


def advise_command(
    profile: Path = typer.Option(
        ..., "--profile", "-p", help="Profile as YAML or JSON (see docs/advice.md)."
    ),
    fmt: Format = typer.Option(Format.md, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file instead of stdout (required for pdf)."
    ),
    lang: str = typer.Option("nl", "--lang", help="Language of md/html/pdf: nl or en."),
) -> None:
    """Tailored advice for an organisation profile: measures, professionals, conditions, gaps."""
    from verzuim.advice.profile import ProfileError, load_profile
    from verzuim.advice.render import to_html, to_json, to_markdown, to_pdf
    from verzuim.advice.service import advice_for
    from verzuim.i18n import parse_lang

    if lang not in ("nl", "en"):
        typer.echo(f"Error: --lang {lang!r} is not supported; use nl or en.", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    try:
        prof = load_profile(profile)
    except ProfileError as exc:
        typer.echo(f"Error: the profile {profile} cannot be used:", err=True)
        for problem in exc.problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from exc
    advice = advice_for(prof)
    today = date.today()
    language = parse_lang(lang)
    if fmt is Format.pdf:
        if output is None:
            typer.echo("Error: --format pdf needs --output FILE.pdf", err=True)
            raise typer.Exit(EXIT_BAD_INPUT)
        output.write_bytes(to_pdf(advice, language, today))
        typer.echo(f"Wrote {output}", err=True)
        return
    text = {
        Format.md: lambda: to_markdown(advice, language, today),
        Format.html: lambda: to_html(advice, language, today),
        Format.json: lambda: to_json(advice),
    }[fmt]()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote {output}", err=True)


def register(app: typer.Typer) -> None:
    app.command("advise")(advise_command)
