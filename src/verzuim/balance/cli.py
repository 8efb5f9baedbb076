"""``verzuim balans``: create a round and read its results on the command line.

Checks rely on these names (issue 9): ``balans create --org SLUG --name NAME --unit PATH
[--unit PATH ...] [--codes N] --format json|table``, whose JSON is
``{"round": ID, "codes": [{"unit": PATH, "code": CODE}, ...]}``.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum

import typer

balans_app = typer.Typer(help="Balance check: rounds, codes and results.", no_args_is_help=True)


class Format(StrEnum):
    json = "json"
    table = "table"


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        typer.echo(f"{name} '{value}' is not a date; write it as YYYY-MM-DD.", err=True)
        raise typer.Exit(2) from None


@balans_app.command("create")
def create(
    org: str = typer.Option(..., "--org", help="The organisation's slug."),
    name: str = typer.Option(..., "--name", help="The round's name, e.g. 'Voorjaar 2027'."),
    unit: list[str] = typer.Option(..., "--unit", help="A unit path; repeat for more units."),
    codes: int | None = typer.Option(
        None, "--codes", min=1, max=2000, help="Single-use codes per unit (default: one open code)."
    ),
    opens: str | None = typer.Option(None, "--opens", help="First day (YYYY-MM-DD; today)."),
    closes: str | None = typer.Option(None, "--closes", help="Last day (default: 3 weeks on)."),
    output: Format = typer.Option(Format.table, "--format", help="json or table."),
) -> None:
    """Create a round for the given units and print its codes."""
    from verzuim.balance.rounds import RoundError, create_round
    from verzuim.store.cli_support import cli_tenant, open_database

    database = open_database()
    try:
        tenant = cli_tenant(database, org)
        try:
            round_id, invitations = create_round(
                database,
                tenant,
                name,
                unit,
                codes,
                _date(opens, "--opens"),
                _date(closes, "--closes"),
            )
        except RoundError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None
    finally:
        database.dispose()
    if output is Format.json:
        payload = {
            "round": round_id,
            "codes": [{"unit": i.unit, "code": i.code} for i in invitations],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    typer.echo(f"Round {round_id}: {name}")
    width = max(len(i.unit) for i in invitations)
    for i in invitations:
        typer.echo(f"{i.unit:<{width}}  {i.code}  /r/{i.code}")


@balans_app.command("results")
def results(
    org: str = typer.Option(..., "--org", help="The organisation's slug."),
    round_id: int = typer.Option(..., "--round", help="The round's number."),
    output: Format = typer.Option(Format.table, "--format", help="json or table."),
) -> None:
    """A round's scores per unit and dimension (units under 5 responses are hidden)."""
    from verzuim.balance.render import api_result
    from verzuim.balance.results import round_result
    from verzuim.store.cli_support import cli_tenant, open_database

    database = open_database()
    try:
        found = round_result(database, cli_tenant(database, org), round_id)
    finally:
        database.dispose()
    if found is None:
        typer.echo(f"No round {round_id} in '{org}'.", err=True)
        raise typer.Exit(1)
    payload = api_result(found)
    if output is Format.json:
        typer.echo(json.dumps(payload.model_dump(mode="json"), ensure_ascii=False))
        return
    dims = [d.id for d in found.dimensions]
    typer.echo(
        f"Round {found.round}: {found.name} ({found.instrument}, not validated)"
        if not found.validated
        else f"Round {found.round}: {found.name}"
    )
    for u in payload.units:
        if u.suppressed:
            typer.echo(f"{u.unit}: {u.responses} responses, hidden ({u.suppressed})")
        else:
            shown = ", ".join(f"{d} {u.scores[d]:.0f}" for d in dims if u.scores.get(d) is not None)
            typer.echo(f"{u.unit}: {u.responses} responses; {shown}")


def register(app: typer.Typer) -> None:
    app.add_typer(balans_app, name="balans")
