"""Answer a refused request from inside a middleware, in the project's error shape."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from verzuim.i18n import translate
from verzuim.web.errors import error_response
from verzuim.web.rendering import request_lang


async def refuse(
    scope: Scope, receive: Receive, send: Send, status: int, key: str, **values: object
) -> None:
    """Send ``status`` with the translated message ``key`` (JSON for the API, else a page)."""
    request = Request(scope, receive)
    message = translate(key, request_lang(request)).format(**values)
    response = error_response(request, status, message)
    await response(scope, receive, send)


def header(scope: Scope, name: bytes) -> str | None:
    """The first value of request header ``name`` (lower case), decoded as latin-1."""
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None
