"""PostgreSQL row-level security: the second wall behind the repositories.

Each transaction of the app sets ``verzuim.org_id`` (and ``verzuim.user_id``) with
``set_config(..., true)``; a policy on every organisation-owned table lets a row through
only when its ``org_id`` is that organisation. FORCE makes the policies bind the tables'
owner too; only a superuser or a role with BYPASSRLS passes them, and the app must connect
as neither (docs/security.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

CURRENT_ORG = "nullif(current_setting('verzuim.org_id', true), '')::integer"
CURRENT_USER = "nullif(current_setting('verzuim.user_id', true), '')::integer"

# ``verzuim audit verify`` reads every chain; the app's role may not change audit rows anyway.
AUDIT_VERIFY = "current_setting('verzuim.audit_verify', true) = 'on'"

# Rows visible beyond the plain rule: a user's own memberships in every organisation (to
# list them at login); audit entries outside any organisation only outside any tenant.
_EXTRA = {
    "memberships": f" OR user_id = {CURRENT_USER}",
    "audit_log": f" OR (org_id IS NULL AND {CURRENT_ORG} IS NULL)",
    # The job worker claims the next job of any organisation, then runs it in that
    # organisation's context (store/jobs.py); nothing else sets this.
    "jobs": " OR current_setting('verzuim.worker', true) = 'on'",
    # An anonymous respondent's request finds its one code (balance/answering.py).
    "balance_codes": " OR code = current_setting('verzuim.balance_code', true)",
}
POLICY = "tenant_isolation"


def policy_sql(table: str) -> list[str]:
    rule = f"(org_id = {CURRENT_ORG}{_EXTRA.get(table, '')})"
    read = f"({rule[1:-1]} OR {AUDIT_VERIFY})" if table == "audit_log" else rule
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {POLICY} ON {table}",
        f"CREATE POLICY {POLICY} ON {table} USING {read} WITH CHECK {rule}",
    ]


def enable(execute: Callable[[str], object], tables: Iterable[str]) -> None:
    for table in tables:
        for statement in policy_sql(table):
            execute(statement)


def grant_sql(role: str) -> list[str]:
    """What the app's role needs: read and write, but only append to the audit log."""
    quoted = '"' + role.replace('"', '""') + '"'
    return [
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
    ]
