"""A ceiling on request bodies, enforced before they are read in full.

A declared Content-Length over the limit is refused at once. A body sent without one (chunked)
is counted as it streams in; the moment it passes the limit, reading stops with an HTTP 413
that the app's error handlers render like any other refusal.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from verzuim.i18n import translate
from verzuim.web.rendering import request_lang
from verzuim.web.security.respond import header, refuse


def _mb(limit: int) -> str:
    return f"{limit / (1024 * 1024):.3g}"


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` once a streamed body passes the limit."""


class BodySizeLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = header(scope, b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > self.max_bytes:
            await refuse(scope, receive, send, 413, "error.too_large", limit=_mb(self.max_bytes))
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    lang = request_lang(Request(scope))
                    text = translate("error.too_large", lang).format(limit=_mb(self.max_bytes))
                    raise BodyTooLarge(413, detail=text)
            return message

        await self.app(scope, counting_receive, send)
