"""The audit log: reads are recorded with who, what and where; tampering is detected."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.conftest import OrgClient, app_database
from verzuim.accounts import audit


def test_every_read_is_recorded_and_only_admins_see_the_log(org_client: OrgClient) -> None:
    org_client.get("/api/analyse/metrics")
    org_client.get("/analyse/dashboard")
    db = app_database(org_client)
    with db.public() as session:
        rows = (
            session.execute(
                text(
                    "SELECT actor, action, object FROM audit_log a JOIN organisations o "
                    "ON o.id = a.org_id WHERE o.slug = :s ORDER BY seq"
                ),
                {"s": org_client.org},
            ).all()
            if not db.is_postgres
            else []
        )
    if not db.is_postgres:  # on PostgreSQL the policy hides rows outside a tenant: see below
        objects = [r[2] for r in rows]
        assert "analyse/metrics" in objects and "analyse/dashboard" in objects
        assert all(r[0].endswith("@example.nl") for r in rows)
    assert org_client.get(f"/api/o/{org_client.org}/audit").status_code == 403


def test_a_changed_or_removed_entry_is_detected(
    org_client: OrgClient, app_client: TestClient
) -> None:
    for _ in range(3):
        org_client.get("/api/analyse/metrics")
    db = app_database(app_client)
    checked, breaks = audit.verify(db)
    assert checked > 0 and breaks == []
    if db.is_postgres:
        # The app's role may not change audit rows at all.
        with db.engine.connect() as connection:
            try:
                connection.execute(text("UPDATE audit_log SET actor = 'someone else'"))
            except Exception as exc:
                assert "permission denied" in str(exc)
            else:
                raise AssertionError("the app's role could change the audit log")
        return
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE audit_log SET actor = 'someone else' WHERE id = "
                "(SELECT max(id) - 1 FROM audit_log)"
            )
        )
    _checked, breaks = audit.verify(db)
    assert any("changed" in b.problem for b in breaks)
    with db.engine.begin() as connection:
        connection.execute(
            text("DELETE FROM audit_log WHERE id = (SELECT max(id) - 1 FROM audit_log)")
        )
    _checked, breaks = audit.verify(db)
    assert any("missing" in b.problem or "link" in b.problem for b in breaks)
