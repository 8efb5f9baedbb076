"""Which Host names this installation answers to, and which requests count as same-origin.

A request naming another Host (DNS rebinding, a misrouted proxy) gets 400. A state-changing
request sent by a browser from another site gets 403 before its body is read: browsers name
the page that sent it in Origin (or, failing that, Referer) and a script cannot forge either.
Requests with neither (curl, scripts) pass this check and meet the CSRF check instead.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from verzuim.web.security.respond import header, refuse

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
DEFAULT_PORTS = {"http": "80", "https": "443"}


def host_name(host: str) -> str:
    """The name part of a Host header: ``example.org:8000`` -> ``example.org``, ``[::1]:80``
    -> ``[::1]``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.split(":", 1)[0]


def host_allowed(name: str, allowed: tuple[str, ...]) -> bool:
    for pattern in allowed:
        if pattern == "*" or pattern == name:
            return True
        if pattern.startswith("*.") and name.endswith(pattern[1:]):
            return True
    return False


def _origin_netloc(url: str) -> str | None:
    """``https://example.org:443/path`` -> ``example.org``; None if it is not an http(s) URL."""
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS or not parts.netloc:
        return None
    netloc = parts.netloc.lower().rsplit("@", 1)[-1]
    return _drop_default_port(netloc, DEFAULT_PORTS[parts.scheme])


def _drop_default_port(netloc: str, port: str) -> str:
    return netloc[: -len(port) - 1] if netloc.endswith(f":{port}") else netloc


def _host_netloc(host: str) -> str:
    host = host.strip().lower()
    for port in DEFAULT_PORTS.values():
        host = _drop_default_port(host, port)
    return host


def is_bearer(scope: Scope) -> bool:
    auth = header(scope, b"authorization") or ""
    return auth[:7].lower() == "bearer "


def cross_site_sender(scope: Scope) -> str | None:
    """The other site a browser says sent this request, or None when it is same-origin or
    says nothing (no Origin, no Referer)."""
    host = _host_netloc(header(scope, b"host") or "")
    origin = header(scope, b"origin")
    if origin is not None:
        return None if _origin_netloc(origin) == host else origin
    referer = header(scope, b"referer")
    if referer:
        sender = _origin_netloc(referer)
        return None if sender == host else (sender or referer)
    if header(scope, b"sec-fetch-site") == "cross-site":
        return "cross-site"
    return None


class AllowedHostsMiddleware:
    """400 for a Host header this installation does not answer to (VERZUIM_ALLOWED_HOSTS)."""

    def __init__(self, app: ASGIApp, allowed: tuple[str, ...]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            name = host_name(header(scope, b"host") or "")
            if not host_allowed(name, self.allowed):
                await refuse(scope, receive, send, 400, "error.bad_host", host=name)
                return
        await self.app(scope, receive, send)


class SameOriginMiddleware:
    """403 for a state-changing request a browser sent from another site.

    Requests that carry an API token (``Authorization: Bearer``) carry no cookies a foreign
    page could ride on, and a browser cannot add that header cross-site without CORS.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        unsafe = scope["type"] == "http" and scope["method"] not in SAFE_METHODS
        sender = cross_site_sender(scope) if unsafe and not is_bearer(scope) else None
        if sender is not None:
            host = header(scope, b"host") or ""
            await refuse(scope, receive, send, 403, "error.cross_origin", origin=sender, host=host)
            return
        await self.app(scope, receive, send)
