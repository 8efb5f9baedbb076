"""Who is asking, and in which organisation: the request dependencies every scoped route
uses. Handlers receive a ready :class:`OrgContext`; they decide nothing about access.

- :func:`viewer` finds the user behind the session cookie or a personal API token.
- :func:`org_context` (one per permission) checks membership, second factor and role, and
  builds the request's :class:`~verzuim.store.tenancy.Tenant` from the ``org`` path part.
A non-member gets 404 (an organisation's existence is not revealed); a member whose role
lacks the permission gets 403; nobody logged in gets 401 (API) or the login page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Protocol
from urllib.parse import quote

from fastapi import HTTPException, Path, Request
from pydantic import BaseModel

from verzuim.accounts import sessions, users
from verzuim.accounts.permissions import Permission, allows
from verzuim.store import organisations
from verzuim.store.database import Database
from verzuim.store.models import User
from verzuim.store.tenancy import Role, Tenant

SESSION_COOKIE = "verzuim_session"


class _Refusal(BaseModel):
    detail: str


# What every organisation-scoped API operation may answer besides its own results.
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": _Refusal, "description": "Not logged in (no session cookie or API token)"},
    403: {"model": _Refusal, "description": "Your role in this organisation may not do this"},
    404: {"model": _Refusal, "description": "No such organisation, or you are not a member"},
}
OrgSlug = Annotated[str, Path(min_length=1, max_length=63, pattern=r"^[a-z0-9-]+$")]


class LoginRequired(Exception):
    """Raised for an anonymous request to a page that needs a login (see web/errors.py)."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


@dataclass(frozen=True)
class Viewer:
    user: User
    second_factor_done: bool
    via_token: bool


class OrgAccess(Protocol):
    """What a handler reads of its organisation context (``OrgContext`` or the deferred one)."""

    @property
    def database(self) -> Database: ...
    @property
    def tenant(self) -> Tenant: ...
    @property
    def viewer(self) -> Viewer: ...


@dataclass(frozen=True)
class OrgContext:
    database: Database
    tenant: Tenant
    viewer: Viewer


def database(request: Request) -> Database:
    db: Database = request.app.state.database
    return db


def viewer(request: Request) -> Viewer | None:
    """The logged-in user, looked up once per request."""
    if hasattr(request.state, "viewer"):
        found: Viewer | None = request.state.viewer
        return found
    db = database(request)
    result: Viewer | None = None
    header = request.headers.get("authorization", "")
    cookie = request.cookies.get(SESSION_COOKIE)
    stale_token: int | None = None
    if header.lower().startswith("bearer ") or cookie:
        with db.public(read_only=True) as session:
            if header.lower().startswith("bearer "):
                found_token = sessions.api_token(session, header[7:].strip())
                if found_token is not None:
                    result = Viewer(found_token[1], True, True)
                    if sessions.needs_marking(found_token[0]):
                        stale_token = found_token[0].id
            elif cookie:
                found_session = sessions.current(session, cookie)
                if found_session is not None:
                    web_session, user = found_session
                    result = Viewer(user, web_session.second_factor_done, False)
    if stale_token is not None:
        with db.public() as session:
            sessions.mark_used(session, stale_token)
    request.state.viewer = result
    return result


def _login_or_401(request: Request) -> Exception:
    if request.url.path.startswith("/api/"):
        return HTTPException(
            401,
            "Log eerst in (POST /api/login) of gebruik een persoonlijke API-token. / "
            "Log in first (POST /api/login) or send a personal API token.",
        )
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return LoginRequired(quote(target, safe="/?=&"))


def require_viewer(request: Request) -> Viewer:
    found = viewer(request)
    if found is None or not found.second_factor_done:
        raise _login_or_401(request)
    return found


def resolve_org_context(request: Request, org: str, permission: Permission) -> OrgContext:
    """Who asks, in which organisation, with which role: 401/404/403 when not allowed."""
    found = require_viewer(request)
    db = database(request)
    with db.member_lookup(found.user.id) as session:
        organisation = organisations.by_slug(session, org)
        membership = (
            users.membership(session, organisation.id, found.user.id)
            if organisation is not None
            else None
        )
    if organisation is not None and membership is not None:
        # Every page of a demo organisation says its data are invented (base.html).
        request.state.example_data = bool((organisation.settings or {}).get("example_data"))
    if organisation is None or membership is None:
        raise HTTPException(
            404,
            f"Organisatie '{org}' bestaat niet of u bent er geen lid van. / "
            f"Organisation '{org}' does not exist or you are not a member.",
        )
    role = Role(membership.role)
    if role is Role.ADMIN and found.user.totp_secret is None and not found.via_token:
        raise HTTPException(
            403,
            "Beheerders moeten eerst tweestapsverificatie instellen (/account). / "
            "Administrators must set up two-step verification first (/account).",
        )
    tenant = users.tenant_for(organisation, found.user, membership)
    if not allows(role, permission):
        raise HTTPException(
            403,
            f"Uw rol ({role.value}) mag dit niet in '{org}'. / "
            f"Your role ({role.value}) may not do this in '{org}'.",
        )
    return OrgContext(db, tenant, found)


def org_context(permission: Permission) -> Callable[..., OrgContext]:
    """A dependency: the request's organisation context, when the role allows ``permission``."""

    def dependency(request: Request, org: OrgSlug) -> OrgContext:
        return resolve_org_context(request, org, permission)

    dependency.__name__ = f"org_context_{permission.value}"
    return dependency


class DeferredOrgContext:
    """An ``OrgContext`` looked up on first use, in the thread of the (sync) handler.

    FastAPI runs every sync dependency as its own trip through the thread pool, and under
    load each trip waits in line again: the context and the handler made two trips where
    one will do. Only for sync handlers: in an async one the lookup would block the loop.
    """

    def __init__(self, request: Request, org: str, permission: Permission) -> None:
        self._args = (request, org, permission)
        self._found: OrgContext | None = None

    def _context(self) -> OrgContext:
        if self._found is None:
            self._found = resolve_org_context(*self._args)
        return self._found

    @property
    def database(self) -> Database:
        return self._context().database

    @property
    def tenant(self) -> Tenant:
        return self._context().tenant

    @property
    def viewer(self) -> Viewer:
        return self._context().viewer


def deferred_org_context(permission: Permission) -> Callable[..., Any]:
    """As :func:`org_context`, checked when the sync handler first touches the context."""

    async def dependency(request: Request, org: OrgSlug) -> DeferredOrgContext:
        return DeferredOrgContext(request, org, permission)

    dependency.__name__ = f"org_context_{permission.value}"
    return dependency
