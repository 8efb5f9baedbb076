"""Cookies that carry Secure whenever the visitor reached us over TLS.

Whether a request came over TLS is the ASGI scope's scheme. Behind a TLS-terminating proxy
that scheme is only right when the server trusts the proxy's X-Forwarded-Proto: ``verzuim
serve`` lets uvicorn do so when VERZUIM_TRUST_PROXY=1 (docs/security.md).
"""

from __future__ import annotations

from typing import Literal

from starlette.requests import HTTPConnection
from starlette.responses import Response


def is_tls(request: HTTPConnection) -> bool:
    return request.url.scheme in ("https", "wss")


def set_cookie(
    response: Response,
    request: HTTPConnection,
    name: str,
    value: str,
    *,
    max_age: int | None = None,
    path: str = "/",
    httponly: bool = True,
    samesite: Literal["lax", "strict", "none"] = "lax",
) -> None:
    """Set a cookie the safe way by default: HttpOnly, SameSite=Lax, Secure over TLS.

    Use this for every cookie (the session cookie included), never ``response.set_cookie``.
    """
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=path,
        secure=is_tls(request),
        httponly=httponly,
        samesite=samesite,
    )


def delete_cookie(response: Response, request: HTTPConnection, name: str, path: str = "/") -> None:
    response.delete_cookie(name, path=path, secure=is_tls(request), httponly=True)
