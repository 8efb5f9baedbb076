"""Security headers on every response: pages, JSON, static files and error pages alike.

The Content-Security-Policy allows scripts, styles, fonts and connections from this origin only
and no inline code at all, so injected markup cannot run script or restyle a page. HSTS is sent
only over TLS: on plain http it would be ignored, and on a local http server it would be wrong.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "interest-cohort",
    )
)
ALWAYS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000")


def security_headers(tls: bool) -> list[tuple[str, str]]:
    return [*ALWAYS, HSTS] if tls else list(ALWAYS)


def add_to(headers: MutableHeaders, tls: bool) -> None:
    """Add the headers a response does not set itself (for responses built outside the
    middleware, such as the page for an unexpected error)."""
    for name, value in security_headers(tls):
        headers.setdefault(name, value)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._plain = [(n.lower().encode(), v.encode()) for n, v in security_headers(False)]
        self._tls = [(n.lower().encode(), v.encode()) for n, v in security_headers(True)]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self._tls if scope.get("scheme") == "https" else self._plain

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in extra if n not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
