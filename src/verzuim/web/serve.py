"""How `verzuim serve` runs the app: uvicorn options, and a plain warning before the app is
reachable from other machines."""

from __future__ import annotations

import ipaddress
from typing import Any

from verzuim.web.security.settings import SecuritySettings

APP_FACTORY = "verzuim.web.app:create_app"
WILDCARDS = ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, port: int, settings: SecuritySettings) -> str | None:
    """What listening on ``host`` exposes, or None when only this machine can connect."""
    if is_loopback(host):
        return None
    where = (
        "EVERY network interface of this machine"
        if host in WILDCARDS
        else f"the network address {host}"
    )
    allowed = ", ".join(settings.allowed_hosts)
    lines = [
        f"WARNING: listening on {where} (port {port}): other machines can connect.",
        "  - The knowledge pages, the advice wizard and the JSON API are open to anyone who"
        " can reach this port.",
        "  - Organisation data (absence analysis) must be behind a login; do not expose an"
        " installation that holds real absence data without it.",
        "  - This server speaks plain http: put a TLS proxy in front (https), and set"
        " VERZUIM_TRUST_PROXY=1 so cookies get Secure and HSTS is sent.",
        f"  - Host names answered (VERZUIM_ALLOWED_HOSTS): {allowed}. Requests for any other"
        " name get 400; add the name people will use.",
        "  See docs/security.md.",
    ]
    return "\n".join(lines)


def uvicorn_options(
    host: str, port: int, workers: int, settings: SecuritySettings
) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run(APP_FACTORY, ...)``: workers need an import string
    and a factory, and X-Forwarded-Proto/For count only behind a trusted proxy."""
    return {
        "factory": True,
        "host": host,
        "port": port,
        "workers": workers,
        "proxy_headers": settings.trust_proxy,
        "log_level": "info",
    }
