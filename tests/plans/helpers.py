"""An organisation with members and absence data, for the plan tests."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from fastapi.testclient import TestClient

from tests.analytics.helpers import EmpRow, SpellRow, employees_csv, spells_csv
from tests.conftest import CSRF_TOKEN, add_member, app_database, log_in, new_org, reset_cookies
from verzuim.accounts import users
from verzuim.store import organisations
from verzuim.store.tenancy import Role

UNITS = ("Zorg/Team A", "Zorg/Team B", "Kantoor")


@dataclass
class Org:
    slug: str
    org_id: int
    editor: TestClient
    editor_id: int
    emails: dict[str, str]


def client(app_client: TestClient, email: str | None = None) -> TestClient:
    c = TestClient(app_client.app, base_url="http://testserver", follow_redirects=False)
    reset_cookies(c)
    c.headers["X-CSRF-Token"] = CSRF_TOKEN
    if email:
        log_in(c, email)
    return c


def user_id(app_client: TestClient, email: str) -> int:
    with app_database(app_client).public() as session:
        found = users.by_email(session, email)
        assert found is not None
        return found.id


def make_org(app_client: TestClient, role: Role = Role.PREVENTION) -> Org:
    slug, email = new_org(app_client, role)
    with app_database(app_client).public() as session:
        org = organisations.by_slug(session, slug)
        assert org is not None
        org_id = org.id
    emails = {role.value: email}
    for other in (Role.ANALYST, Role.MANAGER, Role.VIEWER, Role.CONSULTANT):
        if other is role:
            continue
        address = f"{other.value}-{slug}@example.nl"
        add_member(
            app_client, org_id, slug, address, other, ("Kantoor",) if other is Role.MANAGER else ()
        )
        emails[other.value] = address
    return Org(slug, org_id, client(app_client, email), user_id(app_client, email), emails)


def load_absence(app_client: TestClient, org: Org, **kwargs: object) -> None:
    """Import the absence data as the analyst (prevention may not import)."""
    analyst = client(app_client, org.emails["analyst"])
    answer = analyst.post(f"/api/o/{org.slug}/analyse/import", files=absence_files(**kwargs))  # type: ignore[arg-type]
    assert answer.status_code == 200, answer.text


def absence_rows(
    effect_in: str = "Zorg/Team A", start: dt.date = dt.date(2024, 1, 1), seed: int = 1
) -> tuple[list[EmpRow], list[SpellRow]]:
    """25 employees per unit, 2022-2024; after ``start`` the spells in ``effect_in`` last
    one day (a planted drop in absence)."""
    rng = random.Random(seed)
    emps: list[EmpRow] = []
    spells: list[SpellRow] = []
    for u, unit in enumerate(UNITS):
        for i in range(25):
            eid = f"e{u}-{i}"
            emps.append((eid, unit, 1.0, "2020-01-01", ""))
            day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(40))
            n = 0
            while day < dt.date(2024, 12, 1):
                length = rng.randrange(3, 15)
                if unit == effect_in and day >= start:
                    length = 1
                last = day + dt.timedelta(days=length - 1)
                spells.append((eid, f"s{n}", day.isoformat(), last.isoformat(), 100, "sick"))
                n += 1
                day = last + dt.timedelta(days=rng.randrange(40, 90))
    return emps, spells


def absence_files(
    effect_in: str = "Zorg/Team A", start: dt.date = dt.date(2024, 1, 1), seed: int = 1
) -> dict[str, tuple[str, bytes, str]]:
    emps, spells = absence_rows(effect_in, start, seed)
    return {
        "employees": ("e.csv", employees_csv(emps), "text/csv"),
        "spells": ("s.csv", spells_csv(spells), "text/csv"),
    }
