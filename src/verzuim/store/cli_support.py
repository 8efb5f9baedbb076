"""What every command that touches the store needs: the database, migrated, and a tenant."""

from __future__ import annotations

import getpass

import typer
from sqlalchemy.exc import OperationalError

from verzuim.store import config, migrate, organisations
from verzuim.store.database import Database
from verzuim.store.tenancy import Tenant, system_tenant


def open_database() -> Database:
    """The configured store, brought up to date; a clear message when it cannot be opened."""
    url = config.database_url()
    try:
        migrate.upgrade(config.admin_url())
        database = Database(url)
        with database.public():
            pass
    except OperationalError as exc:
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        typer.echo(
            f"The store at {_shown(url)} cannot be opened: {reason.strip()}\n"
            "If another program holds it, wait until it is done and try again; set "
            "VERZUIM_DATABASE_URL to use another store.",
            err=True,
        )
        raise typer.Exit(1) from None
    return database


def _shown(url: str) -> str:
    """The URL without a password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def cli_tenant(database: Database, slug: str) -> Tenant:
    """The organisation context of a command run by whoever runs it on this machine."""
    with database.public() as session:
        org = organisations.by_slug(session, slug)
        if org is None:
            known = ", ".join(o.slug for o in organisations.all_organisations(session))
            typer.echo(
                f"No organisation '{slug}'. Known: {known or 'none yet'}. "
                f"Create it with: verzuim org create {slug} --name NAME",
                err=True,
            )
            raise typer.Exit(1)
        return system_tenant(org.id, org.slug, f"cli:{who()}")


def who() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "unknown"


def cli_tenants_all(database: Database) -> list[Tenant]:
    """Every organisation of the store, each in its own context (the host's operator)."""
    with database.public(read_only=True) as session:
        actor = f"cli:{who()}"
        return [
            system_tenant(org.id, org.slug, actor)
            for org in organisations.all_organisations(session)
        ]
