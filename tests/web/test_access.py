"""The access matrix, generated from the route table: every route, every role, plus
anonymous and a member of another organisation. A new route without a rule fails here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount

from tests.browser.routes import all_routes
from tests.conftest import CSRF_TOKEN, add_member, app_database, log_in, new_org, reset_cookies
from verzuim.accounts.permissions import Permission, allows
from verzuim.store import organisations
from verzuim.store.tenancy import ROLES, Role

# Routes outside any organisation, by what they need. Everything else must carry {org}.
PUBLIC = re.compile(
    r"^/($|maatregelen|kaart|wie-doet-wat|advies|perspectieven|kennislacunes|verzuimmodel|"
    r"analyse$|analyse/(sjablonen|voorbeeld)|uitleg/|login|static|favicon\.ico$|data/|r/|"
    r"api/r/|gedeelde-praktijken/|"
    r"api/(docs|openapi|redoc|login|kb|search|advies|analyse/benchmark|schema/|"
    r"gedeelde-praktijken/|maatregelen|kaart|wie-doet-wat|perspectieven|kennislacunes|"
    r"verzuimmodel|home|uitleg/))"
)
LOGGED_IN = re.compile(r"^/(account|logout|plan/nieuw$)")
DUMMY = {
    "job_id": "0" * 32,
    "user_id": "999999",
    "name": "metrics",
    "round": "999999",
    "measure": "999999",
}


def _permission(route: APIRoute) -> Permission | None:
    def walk(dependant: Any) -> Iterator[str]:
        for sub in dependant.dependencies:
            yield getattr(sub.call, "__name__", "")
            yield from walk(sub)

    for name in walk(route.dependant):
        if name.startswith("org_context_"):
            return Permission(name.removeprefix("org_context_"))
    return None


def _all_routes(app: Any) -> list[Any]:
    return list(all_routes(app.routes))


def _routes(app: Any) -> list[APIRoute]:
    return [r for r in _all_routes(app) if isinstance(r, APIRoute)]


def test_every_route_has_a_rule(app_client: TestClient) -> None:
    unruled = []
    for route in _all_routes(app_client.app):
        path = route.path
        if isinstance(route, Mount) or not isinstance(route, APIRoute):
            assert PUBLIC.match(path) or path in ("/api/docs", "/docs/oauth2-redirect"), path
            continue
        if "{org}" in path:
            if _permission(route) is None:
                unruled.append(path)
        elif not (PUBLIC.match(path) or LOGGED_IN.match(path)):
            unruled.append(path)
    assert not unruled, f"routes without an access rule: {unruled}"


@pytest.fixture(scope="module")
def matrix_org(app_client: TestClient) -> dict[str, Any]:
    """One organisation with a member of every role, and an admin of another organisation."""
    slug, admin = new_org(app_client, Role.ADMIN)
    with app_database(app_client).public() as session:
        org = organisations.by_slug(session, slug)
        assert org is not None
        org_id = org.id
    members = {Role.ADMIN: admin}
    for role in ROLES:
        if role is Role.ADMIN:
            continue
        email = f"{role.value}-{slug}@example.nl"
        units = ("Productie",) if role is Role.MANAGER else ()
        add_member(app_client, org_id, slug, email, role, units)
        members[role] = email
    _other, outsider = new_org(app_client, Role.ADMIN)
    return {"slug": slug, "members": members, "outsider": outsider}


def _client(app_client: TestClient, email: str | None) -> TestClient:
    c = TestClient(app_client.app, base_url="http://testserver", follow_redirects=False)
    reset_cookies(c)  # the CSRF cookie and token a page of the app gives its forms
    c.headers["X-CSRF-Token"] = CSRF_TOKEN
    if email is not None:
        log_in(c, email)
    return c


def _call(c: TestClient, route: APIRoute, slug: str) -> tuple[int, str]:
    path = route.path.replace("{org}", slug)
    for key, value in DUMMY.items():
        path = path.replace("{" + key + "}", value)
    method = "POST" if "POST" in route.methods else "GET"
    answer = c.request(method, path, headers={"Origin": "http://testserver"})
    return answer.status_code, answer.text


def test_the_matrix(app_client: TestClient, matrix_org: dict[str, Any]) -> None:
    slug = matrix_org["slug"]
    scoped = [r for r in _routes(app_client.app) if "{org}" in r.path]  # type: ignore[arg-type]
    assert len(scoped) >= 20
    actors: dict[str, str | None] = {"anonymous": None, "outsider": matrix_org["outsider"]}
    actors.update({role.value: email for role, email in matrix_org["members"].items()})
    wrong: list[str] = []
    for actor, email in actors.items():
        c = _client(app_client, email)
        for route in scoped:
            permission = _permission(route)
            assert permission is not None
            status, text = _call(c, route, slug)
            api = route.path.startswith("/api/")
            if actor == "anonymous":
                ok = status == 401 if api else (status == 303)
            elif actor == "outsider":
                ok = status == 404 and "not a member" in text
            elif allows(Role(actor), permission):
                ok = status not in (401, 403) and "not a member" not in text and status < 500
            else:
                ok = status == 403
            if not ok:
                wrong.append(f"{actor} {route.path} -> {status}")
        c.close()
    assert not wrong, "\n".join(wrong)


def test_a_manager_sees_only_their_units(app_client: TestClient) -> None:
    from tests.analytics.helpers import employees_csv, spells_csv

    slug, analyst = new_org(app_client, Role.ANALYST)
    with app_database(app_client).public() as session:
        org = organisations.by_slug(session, slug)
        assert org is not None
        org_id = org.id
    manager = f"manager-{slug}@example.nl"
    add_member(app_client, org_id, slug, manager, Role.MANAGER, ("Productie",))
    emps = [(f"p{i}", "Productie/Hal 1", 1.0, "2020-01-01", "") for i in range(6)]
    emps += [(f"k{i}", "Kantoor", 1.0, "2020-01-01", "") for i in range(7)]
    spells = [("k1", "s1", "2024-03-01", "2024-03-20", 100, "sick")]
    hr = _client(app_client, analyst)
    files = {
        "employees": ("e.csv", employees_csv(emps), "text/csv"),
        "spells": ("s.csv", spells_csv(spells), "text/csv"),
    }
    assert hr.post(f"/api/o/{slug}/analyse/import", files=files).status_code == 200
    query = "from=2024-01-01&to=2024-12-31&by=unit"
    everyone = hr.get(f"/api/o/{slug}/analyse/metrics?{query}").json()
    assert everyone["total"]["employees"] == 13
    boss = _client(app_client, manager)
    mine = boss.get(f"/api/o/{slug}/analyse/metrics?{query}").json()
    assert mine["total"]["employees"] == 6
    assert mine["total"]["zvp"] == 0
    assert {g["group"] for g in mine["groups"]} == {"Productie/Hal 1"}
    assert boss.post(f"/api/o/{slug}/analyse/import", files=files).status_code == 403
