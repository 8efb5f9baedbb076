"""The test store: SQLite in the throw-away data directory, or a fresh PostgreSQL database."""

from __future__ import annotations

import functools
import os
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from verzuim.store import config, rls

APP_ROLE = "verzuim_app_test"
APP_PASSWORD = "verzuim-app-test"


def using_postgres() -> bool:
    return os.environ.get("VERZUIM_TEST_DATABASE", "sqlite") == "postgres"


def admin_pg_url() -> str:
    return config.normalise_url(
        os.environ.get("VERZUIM_TEST_PG_URL", "postgresql://postgres@127.0.0.1/postgres")
    )


@functools.cache
def store_urls() -> tuple[str, str]:
    """(app URL, owner URL), one store per test process. SQLite: one file for both."""
    if not using_postgres():
        path = os.path.join(os.environ["VERZUIM_DATA_DIR"], f"test-{uuid.uuid4().hex[:8]}.sqlite3")
        return f"sqlite:///{path}", f"sqlite:///{path}"
    return fresh_postgres_database()


def fresh_postgres_database() -> tuple[str, str]:
    """A new database owned by the superuser; the app role may use it but owns nothing."""
    server = admin_pg_url()
    name = f"verzuim_test_{uuid.uuid4().hex[:10]}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": APP_ROLE}
        ).first()
        if not exists:
            connection.execute(
                text(
                    f"CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{APP_PASSWORD}' "
                    "NOSUPERUSER NOBYPASSRLS"
                )
            )
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    owner = make_url(server).set(database=name)
    app = owner.set(username=APP_ROLE, password=APP_PASSWORD)
    owner_url = owner.render_as_string(hide_password=False)
    from verzuim.store import migrate

    migrate.upgrade(owner_url)
    grant_engine = create_engine(owner_url)
    with grant_engine.begin() as connection:
        for statement in rls.grant_sql(APP_ROLE):
            connection.execute(text(statement))
    grant_engine.dispose()
    return app.render_as_string(hide_password=False), owner_url
