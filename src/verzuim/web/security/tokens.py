"""The CSRF token as templates see it: one random value per browser, kept in the ``csrf``
cookie and repeated in every form (``csrf_token`` field) and htmx request (X-CSRF-Token).

Pages cached for everyone (rendering.render(cacheable=True)) are stored with a placeholder,
which ``personalise`` swaps for the visitor's own token on the way out.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

import jinja2
from markupsafe import Markup
from starlette.requests import HTTPConnection

COOKIE = "csrf"
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
STATE_KEY = "csrf_token"
PLACEHOLDER = "__verzuim_csrf_token__"
_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def well_formed(value: str | None) -> bool:
    return value is not None and _SHAPE.fullmatch(value) is not None


def token_for(request: HTTPConnection) -> str:
    """This visitor's token: the one the middleware chose for this request, else the cookie."""
    state = request.scope.get("state") or {}
    token = state.get(STATE_KEY) or request.cookies.get(COOKIE, "")
    return str(token) if well_formed(str(token)) else ""


@jinja2.pass_context
def csrf_token(context: Any) -> str:
    """The token for this page (the placeholder while a shared cached page is rendered)."""
    if context.get("cacheable"):
        return PLACEHOLDER
    request = context.get("request")
    return token_for(request) if request is not None else ""


@jinja2.pass_context
def csrf_input(context: Any) -> Markup:
    """``{{ csrf_input() }}`` inside every ``<form method="post">``."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, csrf_token(context))


def personalise(body: bytes, request: HTTPConnection) -> bytes:
    """Put the visitor's token where a shared cached page has the placeholder."""
    marker = PLACEHOLDER.encode()
    return body.replace(marker, token_for(request).encode()) if marker in body else body


def install_globals(env: jinja2.Environment) -> None:
    env.globals["csrf_token"] = csrf_token
    env.globals["csrf_input"] = csrf_input
    env.globals["csrf_header"] = HEADER
