"""Tailored advice: an organisation profile in, an explained prevention package out.

Use :func:`advice_for` (or the CLI `verzuim advise`, the page /advies, the API /api/advies).
"""

from verzuim.advice.profile import Profile, ProfileError, load_profile, parse_profile
from verzuim.advice.result import Advice
from verzuim.advice.service import advice_for, advice_for_data, advice_json

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
