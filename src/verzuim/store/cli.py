"""``verzuim db``, ``org``, ``user``, ``worker`` and ``audit``: the store on the command line.

Batch users and checks rely on these names (issue 8): ``org create SLUG --name NAME
[--sector X] [--size-class C]``, ``user create EMAIL --org SLUG --role ROLE [--unit PATH]...
--password-stdin``, ``org export SLUG``, ``org delete SLUG``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
import threading
from enum import StrEnum
from pathlib import Path

import typer

db_app = typer.Typer(help="The store: schema migrations.", no_args_is_help=True)
org_app = typer.Typer(help="Organisations: create, list, export, delete.", no_args_is_help=True)
user_app = typer.Typer(help="User accounts and memberships.", no_args_is_help=True)
audit_app = typer.Typer(help="The audit log.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the store's schema up to date (also done on every start)."""
    from verzuim.store import config, migrate

    migrate.upgrade(config.admin_url())
    typer.echo(f"Store schema at revision {migrate.head()}.")
    legacy = config.data_dir() / config.LEGACY_DUCKDB
    if legacy.exists():
        typer.echo(
            f"An earlier version's data is at {legacy}: bring it into an organisation with "
            "'verzuim org create SLUG --name NAME' and 'verzuim db import-legacy --org SLUG'."
        )


@db_app.command("import-legacy")
def db_import_legacy(
    org: str = typer.Option(..., "--org", help="The organisation that receives the data."),
    file: Path | None = typer.Option(
        None,
        "--file",
        help="The earlier version's store (default: analytics.duckdb in the data directory).",
    ),
) -> None:
    """Bring an earlier version's data (one DuckDB file, one organisation) into an organisation."""
    from verzuim.store import absence, config
    from verzuim.store.cli_support import cli_tenant, open_database

    path = file or config.data_dir() / config.LEGACY_DUCKDB
    if not path.exists():
        typer.echo(f"No earlier store at {path}.", err=True)
        raise typer.Exit(1)
    database = open_database()
    try:
        employees, episodes = absence.import_legacy(database, cli_tenant(database, org), path)
    finally:
        database.dispose()
    typer.echo(f"Imported {employees} employees and {episodes} episodes from {path} into '{org}'.")


@db_app.command("grant")
def db_grant(role: str = typer.Argument(..., help="PostgreSQL role the app connects as.")) -> None:
    """PostgreSQL: give the app's (non-owner) role what it needs, and no more."""
    from sqlalchemy import text

    from verzuim.store import config, rls
    from verzuim.store.database import Database

    database = Database(config.admin_url())
    try:
        if not database.is_postgres:
            typer.echo("Only for PostgreSQL; SQLite has no roles.", err=True)
            raise typer.Exit(2)
        with database.engine.begin() as connection:
            for statement in rls.grant_sql(role):
                connection.execute(text(statement))
    finally:
        database.dispose()
    typer.echo(f"Granted the app's rights to role {role}.")


@org_app.command("create")
def org_create(
    slug: str = typer.Argument(..., help="Short name used in URLs, e.g. bouwbedrijf-jansen."),
    name: str = typer.Option(..., "--name", help="The organisation's name."),
    sector: str | None = typer.Option(None, "--sector", help="SBI section letter A-S."),
    size_class: str | None = typer.Option(None, "--size-class", help="1-10, 10-100 or 100+."),
    region: str | None = typer.Option(
        None, "--region", help="Region for the pooled benchmark (e.g. a province)."
    ),
) -> None:
    """Create an organisation."""
    from verzuim.accounts import audit
    from verzuim.store import organisations
    from verzuim.store.cli_support import open_database

    database = open_database()
    try:
        with database.public() as session:
            org = organisations.create(
                session, slug, name, sector.upper() if sector else None, size_class, region
            )
            audit.record(session, None, "create", f"organisation/{org.slug}", actor="cli")
    except organisations.OrganisationError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    finally:
        database.dispose()
    typer.echo(f"Organisation '{slug}' created.")


@org_app.command("set-region")
def org_set_region(
    slug: str = typer.Argument(..., help="The organisation's slug."),
    region: str = typer.Argument(..., help="E.g. a province; '' removes it."),
) -> None:
    """Set the region the pooled benchmark groups by (docs/benchmark.md)."""
    from verzuim.accounts import audit
    from verzuim.store import organisations
    from verzuim.store.cli_support import cli_tenant, open_database

    database = open_database()
    try:
        tenant = cli_tenant(database, slug)
        with database.tenant(tenant) as session:
            organisations.set_region(session, tenant, region)
            audit.record(session, tenant, "change", "organisation", f"region={region!r}")
    except organisations.OrganisationError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    finally:
        database.dispose()
    typer.echo(f"Region of '{slug}': {region.strip() or 'none'}.")


@org_app.command("list")
def org_list() -> None:
    """The organisations in the store."""
    from verzuim.store import organisations
    from verzuim.store.cli_support import open_database

    database = open_database()
    try:
        with database.public() as session:
            for org in organisations.all_organisations(session):
                typer.echo(
                    f"{org.slug}\t{org.name}\t{org.sbi_section or '-'}\t"
                    f"{org.size_class or '-'}\t{org.region or '-'}"
                )
    finally:
        database.dispose()


class ExportFormat(StrEnum):
    json = "json"
    parquet = "parquet"


@org_app.command("export")
def org_export(
    slug: str | None = typer.Argument(None, help="The organisation's slug."),
    out: Path | None = typer.Option(
        None, "--out", help="JSON: this file (default stdout). Parquet: this folder (required)."
    ),
    fmt: ExportFormat = typer.Option(
        ExportFormat.json,
        "--format",
        help="json: everything stored, as stored. parquet: the pooled benchmark's input "
        "(pseudonymised, docs/benchmark.md).",
    ),
    every: bool = typer.Option(
        False, "--all", help="Parquet only: every organisation of the store, in one input."
    ),
) -> None:
    """Everything the organisation stored as JSON, or the benchmark input as Parquet
    (audited as an export of each organisation)."""
    if fmt is ExportFormat.json and (every or slug is None):
        typer.echo(
            "The JSON export is of one organisation: give its slug (--all is for --format "
            "parquet).",
            err=True,
        )
        raise typer.Exit(2)
    if fmt is ExportFormat.parquet:
        if (slug is None) == (not every) or out is None:
            typer.echo(
                "Give --out FOLDER and either one slug or --all, e.g. "
                "'verzuim org export --all --format parquet --out /srv/pool'.",
                err=True,
            )
            raise typer.Exit(2)
        _export_parquet(slug, out)
        return
    assert slug is not None
    from verzuim.store import lifecycle
    from verzuim.store.cli_support import cli_tenant, open_database

    database = open_database()
    try:
        data = lifecycle.export_all(database, cli_tenant(database, slug))
    finally:
        database.dispose()
    text = json.dumps(data.model_dump(mode="json"), ensure_ascii=False, indent=2)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"Wrote {out}.", err=True)


def _export_parquet(slug: str | None, out: Path) -> None:
    from verzuim.benchmark.from_store import export_parquet
    from verzuim.store.cli_support import cli_tenant, cli_tenants_all, open_database

    database = open_database()
    try:
        tenants = [cli_tenant(database, slug)] if slug else cli_tenants_all(database)
        written = export_parquet(database, tenants, out)
    finally:
        database.dispose()
    typer.echo(
        f"Wrote {written.organisations} organisations, {written.employees} employees and "
        f"{written.episodes} episodes to {out} (organisations.parquet, employees.parquet, "
        "spells.parquet; keys pseudonymised).",
        err=True,
    )


@org_app.command("delete")
def org_delete(
    slug: str = typer.Argument(..., help="The organisation's slug."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Delete the organisation and all its data (the audit log keeps that it happened)."""
    from verzuim.store import lifecycle
    from verzuim.store.cli_support import cli_tenant, open_database

    if not yes and sys.stdin.isatty():
        typer.confirm(f"Delete '{slug}' and all its data?", abort=True)
    database = open_database()
    try:
        lifecycle.delete_organisation(database, cli_tenant(database, slug))
    finally:
        database.dispose()
    typer.echo(f"Organisation '{slug}' and its data deleted.")


@user_app.command("create")
def user_create(
    email: str = typer.Argument(..., help="The user's e-mail address (the login name)."),
    org: str = typer.Option(..., "--org", help="The organisation's slug."),
    role: str = typer.Option(
        ..., "--role", help="admin, analyst, manager, prevention, consultant or viewer."
    ),
    unit: list[str] = typer.Option([], "--unit", help="Manager only: a unit subtree (repeat)."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
) -> None:
    """Create a user (or add an existing one) as a member of an organisation.

    Administrators must use a second factor: the TOTP key is printed once, to add to an
    authenticator app.
    """
    from verzuim.accounts import audit, sessions, users
    from verzuim.store.cli_support import cli_tenant, open_database

    if not password_stdin:
        typer.echo("Give the password on standard input with --password-stdin.", err=True)
        raise typer.Exit(2)
    password = sys.stdin.readline().rstrip("\n")
    database = open_database()
    try:
        tenant = cli_tenant(database, org)
        chosen = users.parse_role(role)
        with database.tenant(tenant) as session:
            user = users.by_email(session, email)
            created = user is None
            if user is None:
                user = users.create_user(session, email, password)
            secret = None
            if chosen.value == "admin" and user.totp_secret is None:
                secret = user.totp_secret = sessions.new_totp_secret()
            users.add_membership(session, tenant, user, chosen, unit)
            audit.record(session, tenant, "change", "members", f"{user.email} as {chosen}")
            address = user.email
    except users.AccountError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    finally:
        database.dispose()
    typer.echo(f"{'Created' if created else 'Added'} {address} as {chosen} of '{org}'.")
    if secret is not None:
        typer.echo(f"TOTP key (add it to an authenticator app): {secret}")
        typer.echo(sessions.totp_uri(secret, address))


@audit_app.command("verify")
def audit_verify() -> None:
    """Check every audit chain; exit 1 and name the entries when one was changed or removed."""
    from verzuim.accounts import audit
    from verzuim.store.cli_support import open_database

    database = open_database()
    try:
        checked, breaks = audit.verify(database)
    finally:
        database.dispose()
    for found in breaks:
        where = (
            f"organisation {found.org_id}" if found.org_id is not None else "outside organisations"
        )
        typer.echo(f"BROKEN: entry {found.seq} ({where}) {found.problem}", err=True)
    if breaks:
        raise typer.Exit(1)
    typer.echo(f"Audit log intact: {checked} entries checked.")


def worker(
    once: bool = typer.Option(False, "--once", help="Run the queued jobs, then stop."),
    retention: bool = typer.Option(
        True, "--retention/--no-retention", help="Apply the retention settings (daily)."
    ),
) -> None:
    """Run jobs (imports) from the store's queue until stopped (Ctrl+C)."""
    from verzuim.store import jobs, lifecycle
    from verzuim.store.cli_support import open_database

    database = open_database()
    try:
        jobs.requeue_abandoned(database)
        if once:
            if retention:
                removed = lifecycle.apply_retention_everywhere(database, dt.date.today())
                typer.echo(f"Retention: {sum(removed.values())} employees removed.", err=True)
            if database.is_postgres:
                from verzuim.store.pg_queue import QueueWorker

                QueueWorker(database).run(once=True)
            else:
                while jobs.run_one(database, jobs.worker_name()):
                    pass
            return
        typer.echo("Worker running; Ctrl+C stops it.", err=True)
        runner = jobs.Worker(database, daily=lifecycle.daily if retention else None)
        with contextlib.suppress(KeyboardInterrupt):
            if database.is_postgres:
                runner.start()
                threading.Event().wait()
            else:
                runner.run_forever()
        runner.stop()
    finally:
        database.dispose()


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.add_typer(org_app, name="org")
    app.add_typer(user_app, name="user")
    app.add_typer(audit_app, name="audit")
    app.command("worker")(worker)
