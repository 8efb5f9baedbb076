"""Tailored advice: an organisation profile in, an explained prevention package out.

Use :func:`advice_for` (or the CLI `verzuim advise`, the page /advies, the API /api/advies).
The names below load on first use (PEP 562), so importing ``verzuim.advice.cli`` for
``verzuim --help`` does not load the engine, pydantic models and knowledge base.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from verzuim.advice.profile import Profile, ProfileError, load_profile, parse_profile
    from verzuim.advice.result import Advice
    from verzuim.advice.service import advice_for, advice_for_data, advice_json

_WHERE = {
    "Advice": "verzuim.advice.result",
    "Profile": "verzuim.advice.profile",
    "ProfileError": "verzuim.advice.profile",
    "load_profile": "verzuim.advice.profile",
    "parse_profile": "verzuim.advice.profile",
    "advice_for": "verzuim.advice.service",
    "advice_for_data": "verzuim.advice.service",
    "advice_json": "verzuim.advice.service",
}

__all__ = [
    "Advice",
    "Profile",
    "ProfileError",
    "advice_for",
    "advice_for_data",
    "advice_json",
    "load_profile",
    "parse_profile",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'verzuim.advice' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
