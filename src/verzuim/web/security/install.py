"""Put every security layer in place with one call from create_app()."""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.routing import iter_route_contexts

from verzuim.web.rendering import TEMPLATES
from verzuim.web.security import tokens
from verzuim.web.security.csrf import CsrfCookieMiddleware, require_csrf_token
from verzuim.web.security.head import HeadAsGetMiddleware
from verzuim.web.security.headers import SecurityHeadersMiddleware
from verzuim.web.security.hosts import SAFE_METHODS, AllowedHostsMiddleware, SameOriginMiddleware
from verzuim.web.security.limits import BodySizeLimitMiddleware
from verzuim.web.security.settings import SecuritySettings, from_env


def install_security(app: FastAPI, settings: SecuritySettings | None = None) -> SecuritySettings:
    """Call before including any router: the CSRF check becomes a dependency of every route
    added afterwards (tests/web/test_security.py checks every unsafe route refuses without it).
    """
    unsafe = [
        route.path
        for route in iter_route_contexts(app.routes)
        if set(route.methods or ()) - SAFE_METHODS
    ]
    if unsafe:
        raise RuntimeError(f"install_security must run before these routes are added: {unsafe}")
    settings = settings or from_env()
    app.router.dependencies.append(Depends(require_csrf_token))
    tokens.install_globals(TEMPLATES.env)
    app.state.security = settings
    # Added innermost first: a request meets them in the reverse order (headers first).
    app.add_middleware(CsrfCookieMiddleware)
    app.add_middleware(SameOriginMiddleware)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(HeadAsGetMiddleware)
    app.add_middleware(AllowedHostsMiddleware, allowed=settings.allowed_hosts)
    app.add_middleware(SecurityHeadersMiddleware)
    return settings
