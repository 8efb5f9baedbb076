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
from sqlalchemy.orm import Session

from verzuim.accounts import sessions, users
from verzuim.accounts.permissions import Permission, allows
from verzuim.store.database import Database
from verzuim.store.models import Membership, Organisation, User
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


def _credentials(request: Request) -> tuple[str | None, str | None]:
    """(API token, session cookie value): a Bearer request is judged by its token only."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip(), None
    return None, request.cookies.get(SESSION_COOKIE) or None


def _find_viewer(request: Request, session: Session) -> Viewer | None:
    """Who is asking, read in ``session`` (any read-only transaction over public tables);
    remembered for the request, with an API token whose last use is due to be written."""
    token, cookie = _credentials(request)
    result: Viewer | None = None
    request.state.stale_token = None
    if token is not None:
        found_token = sessions.api_token(session, token)
        if found_token is not None:
            result = Viewer(found_token[1], True, True)
            if sessions.needs_marking(found_token[0]):
                request.state.stale_token = found_token[0].id
    elif cookie is not None:
        found_session = sessions.current(session, cookie)
        if found_session is not None:
            web_session, user = found_session
            result = Viewer(user, web_session.second_factor_done, False)
    request.state.viewer = result
    return result


def _mark_token(request: Request, db: Database) -> None:
    """Write the API token's last use (once a minute, see sessions.needs_marking) after the
    read-only lookup, in its own short write."""
    stale: int | None = getattr(request.state, "stale_token", None)
    if stale is not None:
        request.state.stale_token = None
        with db.public() as session:
            sessions.mark_used(session, stale)


def viewer(request: Request) -> Viewer | None:
    """The logged-in user, looked up once per request."""
    if hasattr(request.state, "viewer"):
        found: Viewer | None = request.state.viewer
        return found
    if _credentials(request) == (None, None):
        request.state.viewer = None
        return None
    db = database(request)
    with db.public(read_only=True) as session:
        result = _find_viewer(request, session)
    _mark_token(request, db)
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
    if _credentials(request) == (None, None):
        raise _login_or_401(request)
    db = database(request)
    found: Viewer | None = getattr(request.state, "viewer", None)
    organisation: Organisation | None = None
    membership: Membership | None = None
    # Who asks, the organisation and the membership: one read-only transaction, not two
    # (or three): each costs a BEGIN and a COMMIT and, under load, GIL hand-overs.
    with db.member_lookup() as session:
        if not hasattr(request.state, "viewer"):
            found = _find_viewer(request, session)
        if found is not None and found.second_factor_done:
            db.as_member(session, found.user.id)
            organisation, membership = users.organisation_and_membership(
                session, org, found.user.id
            )
    _mark_token(request, db)
    if found is None or not found.second_factor_done:
        raise _login_or_401(request)
    if organisation is None or membership is None:
        raise HTTPException(
            404,
            f"Organisatie '{org}' bestaat niet of u bent er geen lid van. / "
            f"Organisation '{org}' does not exist or you are not a member.",
        )
    # Every page of a demo organisation says its data are invented (base.html).
    request.state.example_data = bool((organisation.settings or {}).get("example_data"))
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
