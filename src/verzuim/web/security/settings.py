"""The web security settings, read once from the environment when the app is built."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_ALLOWED_HOSTS = ("localhost", "127.0.0.1", "[::1]", "testserver")
DEFAULT_MAX_UPLOAD_MB = 50


class SettingsError(ValueError):
    """An environment variable holds a value the app cannot use."""


@dataclass(frozen=True)
class SecuritySettings:
    """``allowed_hosts``: Host header names (``*`` allows any, ``*.example.org`` any
    subdomain); ``max_body_bytes``: the largest request body; ``trust_proxy``: honour a TLS
    proxy's X-Forwarded-Proto (the ``serve`` command passes this to uvicorn)."""

    allowed_hosts: tuple[str, ...] = DEFAULT_ALLOWED_HOSTS
    max_body_bytes: int = DEFAULT_MAX_UPLOAD_MB * 1024 * 1024
    trust_proxy: bool = False

    @property
    def max_upload_mb(self) -> float:
        return self.max_body_bytes / (1024 * 1024)


def from_env(environ: dict[str, str] | None = None) -> SecuritySettings:
    env = os.environ if environ is None else environ
    hosts = tuple(
        h.strip().lower() for h in env.get("VERZUIM_ALLOWED_HOSTS", "").split(",") if h.strip()
    )
    raw_mb = env.get("VERZUIM_MAX_UPLOAD_MB", "").strip()
    try:
        mb = float(raw_mb) if raw_mb else DEFAULT_MAX_UPLOAD_MB
    except ValueError:
        mb = -1
    if not mb > 0:
        raise SettingsError(
            f"VERZUIM_MAX_UPLOAD_MB={raw_mb!r} is not a positive number of megabytes; "
            f"set it to e.g. {DEFAULT_MAX_UPLOAD_MB} or leave it unset"
        )
    trust = env.get("VERZUIM_TRUST_PROXY", "").strip().lower() in ("1", "true", "yes")
    return SecuritySettings(
        allowed_hosts=hosts or DEFAULT_ALLOWED_HOSTS,
        max_body_bytes=round(mb * 1024 * 1024),
        trust_proxy=trust,
    )
