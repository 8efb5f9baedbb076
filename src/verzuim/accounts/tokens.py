"""Random secrets for cookies and API tokens; only their SHA-256 is ever stored."""

from __future__ import annotations

import hashlib
import secrets

API_PREFIX = "vzb_"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def new_api_token() -> str:
    return API_PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
