"""Demo organisations: "Probeer met voorbeeldgegevens" gives a logged-in user an
organisation of their own filled with invented example data (``analytics/example_data.py``).

Safe by construction: a demo organisation is an ordinary organisation with one member, the
user who asked for it, so the usual membership check keeps it from every other visitor;
asking again reuses it. It carries ``settings["example_data"] = True`` (every page shows a
banner, every JSON says ``"example_data": true``) and an expiry date: the daily
housekeeping deletes it after ``KEEP_DAYS`` days. Anonymous visitors log in first (an
installation decides who has an account); the same invented files are a public download,
for ``verzuim analyse`` on their own machine. See docs/import.md.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading

from verzuim.accounts import audit, users
from verzuim.analytics import example_data, service
from verzuim.store import absence, lifecycle, organisations
from verzuim.store.database import Database
from verzuim.store.models import Organisation, User
from verzuim.store.tenancy import Role, system_tenant

KEEP_DAYS = 30
NAME = "Voorbeeld Bouw BV (verzonnen gegevens / invented data)"
SECTOR, SIZE_CLASS = "F", "10-100"  # construction, 10 to 100 working persons


def is_example(org: Organisation) -> bool:
    return bool((org.settings or {}).get("example_data"))


def example_year(today: dt.date) -> int:
    """The last full calendar year: the demo shows the two years before this one."""
    return today.year - 1


_MAKING = threading.Lock()  # a double click in one process makes one demo, not two


def open_for(database: Database, user: User, today: dt.date | None = None) -> str:
    """The slug of the user's demo organisation: the existing one, or a new one filled with
    the example data."""
    with _MAKING:
        return _open_for(database, user, today or dt.date.today())


def _open_for(database: Database, user: User, today: dt.date) -> str:
    with database.member_lookup(user.id) as session:
        for org, _membership in users.organisations_of(session, user.id):
            if is_example(org):
                return org.slug
    with database.public() as session:
        slug = f"voorbeeld-{secrets.token_hex(4)}"
        org = organisations.create(session, slug, NAME, SECTOR, SIZE_CLASS)
        expires = today + dt.timedelta(days=KEEP_DAYS)
        org.settings = {"example_data": True, "expires": expires.isoformat()}
        org_id = org.id
        audit.record(session, None, "create", f"organisation/{slug}", actor=user.email)
    tenant = system_tenant(org_id, slug, "example-data")
    with database.tenant(tenant) as session:
        member = users.by_email(session, user.email)
        assert member is not None
        users.add_membership(session, tenant, member, Role.ANALYST)
    files = example_data.generate(example_year(today))
    parsed = service.parse_uploads(
        service.Upload("voorbeeld-werknemers.csv", files.employees),
        service.Upload("voorbeeld-verzuim.csv", files.spells),
    )
    summary = absence.import_parsed(database, tenant, parsed, "replace")
    # The generator is tested to import cleanly; a failure here is a bug, not bad input.
    assert summary.accepted, summary.problems
    return slug


def remove_expired(database: Database, today: dt.date) -> list[str]:
    """Housekeeping: delete demo organisations past their expiry date, whole."""
    with database.public() as session:
        expired = [
            (o.id, o.slug)
            for o in organisations.all_organisations(session)
            if is_example(o) and str((o.settings or {}).get("expires", "")) < today.isoformat()
        ]
    for org_id, slug in expired:
        lifecycle.delete_organisation(database, system_tenant(org_id, slug, "worker:demo"))
    return [slug for _id, slug in expired]
