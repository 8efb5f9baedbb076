"""Double-submit CSRF protection for every state-changing request.

Each browser gets a random ``csrf`` cookie (SameSite=Strict). A POST, PUT, PATCH or DELETE must
repeat it in the form field ``csrf_token`` or the header X-CSRF-Token; a foreign site can make a
browser send the cookie (on older browsers) but can neither read it nor guess it. Exempt:
requests with ``Authorization: Bearer`` (API tokens, no cookies) and JSON requests, which a
browser sends cross-site only after a CORS preflight this app never grants (the same-origin
check in hosts.py has already refused those a browser marks as foreign).

The check is an app-wide dependency: it runs after FastAPI has parsed the body, and
``request.form()`` returns that same parsed form, so an upload is read once (and never beyond
the body limit in limits.py).
"""

from __future__ import annotations

import hmac

from fastapi import Request
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from verzuim.i18n import translate
from verzuim.web.rendering import request_lang
from verzuim.web.security.hosts import SAFE_METHODS, is_bearer
from verzuim.web.security.respond import header
from verzuim.web.security.tokens import COOKIE, FIELD, HEADER, STATE_KEY, new_token, well_formed

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _cookie_from(scope: Scope) -> str | None:
    """The ``csrf`` cookie's value. A plain split, not http.cookies: it runs on every request
    and SimpleCookie costs tens of microseconds; a token never needs quoting or escapes."""
    raw = header(scope, b"cookie")
    if not raw:
        return None
    for part in raw.split(";"):
        name, _, value = part.partition("=")
        if name.strip() == COOKIE:
            return value.strip()
    return None


class CsrfCookieMiddleware:
    """Give every browser a token: reuse a well-formed ``csrf`` cookie, else choose one for
    this request (forms on this very page use it) and set the cookie on the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        current = _cookie_from(scope)
        if well_formed(current):
            scope.setdefault("state", {})[STATE_KEY] = current
            await self.app(scope, receive, send)
            return
        token = new_token()
        scope.setdefault("state", {})[STATE_KEY] = token
        cookie = f"{COOKIE}={token}; Path=/; SameSite=Strict"
        if scope.get("scheme") == "https":
            cookie += "; Secure"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"set-cookie", cookie.encode("latin-1"))]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


async def require_csrf_token(request: Request) -> None:
    """App-wide dependency: refuse an unsafe request without the token (403)."""
    if request.method in SAFE_METHODS or is_bearer(request.scope):
        return
    media_type = _media_type(request)
    if media_type == "application/json":
        return
    expected = request.cookies.get(COOKIE)
    sent = request.headers.get(HEADER) or None
    if sent is None and media_type in FORM_TYPES:
        field = (await request.form()).get(FIELD)
        sent = field if isinstance(field, str) else None
    if not (well_formed(expected) and sent and hmac.compare_digest(sent, str(expected))):
        raise HTTPException(403, detail=translate("error.csrf", request_lang(request)))
