"""The one entry point every interface uses: profile data in, advice (and its renderings) out."""

from __future__ import annotations

from typing import Any

from verzuim.advice.engine import advise
from verzuim.advice.profile import Profile, parse_profile
from verzuim.advice.result import Advice
from verzuim.advice.rules import load_rules
from verzuim.knowledge import load


def advice_for(profile: Profile) -> Advice:
    """Advice with the bundled knowledge base and rules (both loaded once per process)."""
    return advise(profile, load(), load_rules())


def advice_for_data(data: Any) -> Advice:
    """Validate raw profile data (a mapping) and advise; raises ProfileError on bad input."""
    return advice_for(parse_profile(data))


def advice_json(advice: Advice) -> dict[str, Any]:
    """The JSON advice of the contract (docs/advice.md)."""
    return advice.model_dump(mode="json")
