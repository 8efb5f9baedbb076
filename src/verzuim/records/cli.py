"""`verzuim record schema` and `verzuim record check FILE`: the record format, on the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import typer

app = typer.Typer(help="The shareable good-practice record (JSON).", no_args_is_help=True)


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the good-practice record."""
    from verzuim.records import schema

    typer.echo(schema.schema_text(), nl=False)


@app.command("check")
def check_command(
    file: Path = typer.Argument(..., help="A good-practice record (JSON)."),
    lang: str = typer.Option("nl", "--lang", help="Language of the reasons (nl or en)."),
) -> None:
    """Check a record as an import would: the schema, then the evidence rules."""
    from verzuim.records import validate

    try:
        data = file.read_bytes()
    except OSError as exc:
        typer.echo(f"Error: cannot read {file}: {exc.strerror}", err=True)
        raise typer.Exit(code=1) from None
    outcome = validate.check_record(data)
    if outcome.accepted:
        typer.echo(json.dumps({"accepted": True}))
        return
    for r in outcome.reasons:
        text = r.text.en if lang == "en" and r.text.en else r.text.nl
        typer.echo(f"{file}: {r.field}: {text}", err=True)
    typer.echo(
        json.dumps(
            {"accepted": False, "reasons": [r.model_dump(mode="json") for r in outcome.reasons]},
            ensure_ascii=False,
            indent=2,
        )
    )
    raise typer.Exit(code=1)


@app.command("import")
def import_command(
    files: list[Path] = typer.Argument(..., help="Good-practice records (JSON)."),
    org: str | None = typer.Option(
        None,
        "--org",
        help="Import in this organisation's context: its unit names are checked too and the "
        "audit entries go to its log. Without it the import is logged outside organisations.",
    ),
    lang: str = typer.Option("nl", "--lang", help="Language of the reasons (nl or en)."),
) -> None:
    """Import records into the shared-practices collection: all of them, or none when any
    is refused (the reasons are printed). A known id is replaced only by a newer version."""
    from verzuim.records import collection
    from verzuim.store.cli_support import cli_tenant, open_database, who

    uploads = []
    for file in files:
        try:
            uploads.append(collection.Upload(str(file), file.read_bytes()))
        except OSError as exc:
            typer.echo(f"Error: cannot read {file}: {exc.strerror}", err=True)
            raise typer.Exit(code=1) from None
    database = open_database()
    try:
        tenant = cli_tenant(database, org) if org else None
        result = collection.import_uploads(
            database, uploads, tenant=tenant, actor=tenant.actor if tenant else f"cli:{who()}"
        )
    finally:
        database.dispose()
    for outcome in result.files:
        for r in outcome.reasons:
            text = r.text.en if lang == "en" and r.text.en else r.text.nl
            typer.echo(f"{outcome.file}: {r.field}: {text}", err=True)
    typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    if not result.accepted:
        raise typer.Exit(code=1)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="record")
