"""Logging in and out, the second factor, the user's own account page and API tokens.

``POST /login`` (form: email, password) and ``POST /api/login`` (JSON) both set the session
cookie. The refused attempts are committed even when the login fails (rate limit).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from verzuim.accounts import audit, sessions, users
from verzuim.store.database import Database
from verzuim.web.context import SESSION_COOKIE, Viewer, database, require_viewer, viewer
from verzuim.web.errors import ErrorBody
from verzuim.web.rendering import render, request_lang
from verzuim.web.security.cookies import delete_cookie, set_cookie
from verzuim.web.security.tokens import token_for

router = APIRouter()
TAG = "Accounts"


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _safe_next(target: str | None) -> str:
    """Only paths on this site: never an open redirect to another host."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/account"


def _set_session_cookie(request: Request, response: Response, token: str) -> None:
    set_cookie(response, request, SESSION_COOKIE, token, max_age=sessions.SESSION_HOURS * 3600)


def _attempt(db: Database, request: Request, email: str, password: str) -> sessions.Started:
    """Check the password; the failure (and its count for the rate limit) is committed."""
    failure: sessions.LoginRefused | None = None
    with db.public() as session:
        try:
            started = sessions.login(session, email, password, _client(request))
            audit.record(session, None, "login", "session", actor=started.user.email)
        except sessions.LoginRefused as exc:
            failure = exc
    if failure is not None:
        raise failure
    return started


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login", include_in_schema=False)
def login_form(
    request: Request,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    db = database(request)
    try:
        started = _attempt(db, request, email, password)
    except sessions.LoginRefused as exc:
        message = exc.message_nl if request_lang(request) == "nl" else exc.message_en
        status = 429 if exc.code == "rate_limited" else 401
        return render(
            request, "login.html", {"next": _safe_next(next), "error": message}, status_code=status
        )
    target = "/login/tweestaps?next=" + _safe_next(next) if started.needs_second_factor else None
    response = RedirectResponse(target or _safe_next(next), status_code=303)
    _set_session_cookie(request, response, started.token)
    return response


@router.get("/login/tweestaps", response_class=HTMLResponse, include_in_schema=False)
def totp_page(request: Request, next: str | None = None) -> Response:
    if viewer(request) is None:
        return RedirectResponse("/login", status_code=303)
    return render(request, "login_totp.html", {"next": _safe_next(next), "error": None})


@router.post("/login/tweestaps", include_in_schema=False)
def totp_form(
    request: Request,
    code: Annotated[str, Form(max_length=12)],
    next: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    found = viewer(request)
    token = request.cookies.get(SESSION_COOKIE)
    if found is None or token is None:
        return RedirectResponse("/login", status_code=303)
    with database(request).public() as session:
        current = sessions.current(session, token)
        ok = current is not None and sessions.confirm_totp(session, current[0], current[1], code)
    if not ok:
        lang = request_lang(request)
        error = "Deze code klopt niet." if lang == "nl" else "This code is not right."
        return render(
            request, "login_totp.html", {"next": _safe_next(next), "error": error}, status_code=401
        )
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with database(request).public() as session:
            sessions.logout(session, token)
    response = RedirectResponse("/", status_code=303)
    delete_cookie(response, request, SESSION_COOKIE)
    return response


class LoginBody(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1000)
    totp: str | None = Field(default=None, max_length=12, description="Second-factor code")


class Membership(BaseModel):
    org: str
    name: str
    role: str


class LoginAnswer(BaseModel):
    email: str
    csrf_token: str = Field(
        description="This client's CSRF token (also in the 'csrf' cookie): send it as "
        "X-CSRF-Token with every change made with the session cookie"
    )
    organisations: list[Membership]


@router.post(
    "/api/login",
    tags=[TAG],
    response_model=LoginAnswer,
    responses={
        401: {"model": ErrorBody, "description": "Unknown e-mail and password, or a bad code"},
        429: {"model": ErrorBody, "description": "Too many failed attempts; wait 15 minutes"},
    },
)
def api_login(request: Request, body: LoginBody) -> Response:
    """Log in with e-mail and password (and the TOTP code when set); sets the session cookie."""
    db = database(request)
    try:
        started = _attempt(db, request, body.email, body.password)
    except sessions.LoginRefused as exc:
        status = 429 if exc.code == "rate_limited" else 401
        raise HTTPException(status, f"{exc.message_nl} / {exc.message_en}") from None
    if started.needs_second_factor:
        with db.public() as session:
            current = sessions.current(session, started.token)
            ok = current is not None and sessions.confirm_totp(
                session, current[0], current[1], body.totp or ""
            )
        if not ok:
            raise HTTPException(
                401,
                "Tweestapsverificatie: stuur een geldige code in 'totp'. / "
                "Two-step verification: send a valid code in 'totp'.",
            )
    with db.member_lookup(started.user.id) as session:
        found = users.organisations_of(session, started.user.id)
    answer = LoginAnswer(
        email=started.user.email,
        csrf_token=token_for(request),
        organisations=[Membership(org=o.slug, name=o.name, role=m.role) for o, m in found],
    )
    response = JSONResponse(answer.model_dump())
    _set_session_cookie(request, response, started.token)
    return response


LoggedIn = Annotated[Viewer, Depends(require_viewer)]


@router.get("/account", response_class=HTMLResponse, include_in_schema=False)
def account_page(request: Request, who: LoggedIn) -> HTMLResponse:
    db = database(request)
    with db.member_lookup(who.user.id) as session:
        found = users.organisations_of(session, who.user.id)
    return render(
        request,
        "account.html",
        {
            "who": who,
            "memberships": found,
            "has_totp": who.user.totp_secret is not None,
            "new_secret": None,
            "new_token": None,
        },
    )


@router.post("/account/tweestaps", response_class=HTMLResponse, include_in_schema=False)
def totp_setup(
    request: Request,
    who: LoggedIn,
    secret: Annotated[str, Form(max_length=64)],
    code: Annotated[str, Form(max_length=12)],
) -> Response:
    """Confirm a new TOTP secret with a code from the app before it counts."""
    import pyotp

    if not pyotp.TOTP(secret).verify(code.strip(), valid_window=1):
        raise HTTPException(
            400,
            "De code past niet bij de sleutel; scan opnieuw en probeer het nog eens. / "
            "The code does not match the key; scan again and retry.",
        )
    with database(request).public() as session:
        user = users.by_email(session, who.user.email)
        assert user is not None
        user.totp_secret = secret
        audit.record(session, None, "change", "account/totp", actor=user.email)
    return RedirectResponse("/account", status_code=303)


@router.get("/account/tweestaps", response_class=HTMLResponse, include_in_schema=False)
def totp_enrol(request: Request, who: LoggedIn) -> HTMLResponse:
    secret = sessions.new_totp_secret()
    return render(
        request,
        "account_totp.html",
        {"secret": secret, "uri": sessions.totp_uri(secret, who.user.email)},
    )


@router.post("/account/tokens", response_class=HTMLResponse, include_in_schema=False)
def token_create(
    request: Request, who: LoggedIn, name: Annotated[str, Form(min_length=1, max_length=100)]
) -> HTMLResponse:
    with database(request).public() as session:
        user = users.by_email(session, who.user.email)
        assert user is not None
        token = sessions.create_api_token(session, user, name)
        audit.record(session, None, "create", "account/api-token", name, actor=user.email)
    return render(request, "account_token.html", {"token": token, "name": name})
