"""PostgreSQL row-level security: the second wall behind the repositories (PostgreSQL only)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from tests.conftest import app_database, new_org
from tests.dbsetup import using_postgres
from verzuim.store import organisations
from verzuim.store.models import org_owned_tables
from verzuim.store.tenancy import Role, Tenant

pytestmark = pytest.mark.skipif(not using_postgres(), reason="row-level security is PostgreSQL's")


def test_every_organisation_owned_table_has_a_forced_policy(
    database_urls: tuple[str, str], app_client: TestClient
) -> None:
    engine = create_engine(database_urls[1])
    with engine.connect() as connection:
        policies = {r[0] for r in connection.execute(text("SELECT tablename FROM pg_policies"))}
        flags = {
            r[0]: (r[1], r[2])
            for r in connection.execute(
                text(
                    "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
                    "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
                )
            )
        }
    engine.dispose()
    owned = org_owned_tables()
    assert owned, "the models name no organisation-owned table"
    missing = [t for t in owned if t not in policies]
    assert not missing, f"organisation-owned tables without a policy: {missing}"
    assert all(flags[t] == (True, True) for t in owned), {t: flags[t] for t in owned}


def test_the_app_connects_as_a_role_that_rls_binds(app_client: TestClient) -> None:
    with app_database(app_client).engine.connect() as connection:
        row = connection.execute(
            text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        ).one()
        owner = connection.execute(
            text("SELECT tableowner = current_user FROM pg_tables WHERE tablename = 'employees'")
        ).scalar()
    assert (row[0], row[1], owner) == (False, False, False)


def test_a_raw_query_in_one_organisation_sees_no_other(app_client: TestClient) -> None:
    db = app_database(app_client)
    mine, _ = new_org(app_client)
    theirs, _ = new_org(app_client)
    with db.public() as session:
        a = organisations.by_slug(session, mine)
        b = organisations.by_slug(session, theirs)
        assert a is not None and b is not None
        ids = (a.id, b.id)
    tenant_b = Tenant(org_id=ids[1], org_slug=theirs, actor="test", role=Role.ADMIN)
    with db.tenant(tenant_b) as session:
        session.execute(
            text(
                "INSERT INTO employees (org_id, employee_id, unit, part_time_factor, "
                "employment_start) VALUES (:o, 'e1', 'A', 1.0, DATE '2020-01-01')"
            ),
            {"o": ids[1]},
        )
    tenant_a = Tenant(org_id=ids[0], org_slug=mine, actor="test", role=Role.ADMIN)
    with db.tenant(tenant_a) as session:
        # No WHERE clause at all: the policy alone keeps organisation b's row out.
        seen = session.execute(text("SELECT org_id FROM employees")).scalars().all()
        assert ids[1] not in seen
        with pytest.raises(Exception, match="row-level security"):
            session.execute(
                text(
                    "INSERT INTO employees (org_id, employee_id, unit, part_time_factor, "
                    "employment_start) VALUES (:o, 'e2', 'A', 1.0, DATE '2020-01-01')"
                ),
                {"o": ids[1]},
            )
    with db.public() as session:  # no organisation set: no organisation's rows
        assert session.execute(text("SELECT count(*) FROM employees")).scalar() == 0
