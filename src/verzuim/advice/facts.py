"""Facts derived from a profile with the thresholds of rules.yaml, shared by every rule kind."""

from __future__ import annotations

from verzuim.advice.profile import Profile
from verzuim.advice.rules import Rules


def workforce(profile: Profile, rules: Rules) -> str | None:
    """'practical', 'theoretical' or None (mixed or not given)."""
    share = profile.share_practical
    if share is None:
        return None
    if share >= rules.thresholds.practical_high:
        return "practical"
    if share <= rules.thresholds.practical_low:
        return "theoretical"
    return None


def home_work_high(profile: Profile, rules: Rules) -> bool:
    share = profile.share_home_work
    return share is not None and share >= rules.thresholds.home_work_high


def holds(name: str | None, profile: Profile, rules: Rules) -> bool:
    """A rule's `when` condition; no condition always holds."""
    if name is None:
        return True
    return {
        "workers_at_risk": profile.workers_at_risk,
        "concern_physical": profile.concern == "physical",
        "home_work_high": home_work_high(profile, rules),
        "risk_private_strain": "private_strain" in profile.risks,
        "size_small": profile.size_class == "1-10",
    }[name]


def facts(name: str | None, profile: Profile) -> list[str]:
    """The profile facts behind a `when` condition, as shown in a reason."""
    if name is None:
        return []
    return {
        "workers_at_risk": ["workers_at_risk=true"],
        "concern_physical": ["concern=physical"],
        "home_work_high": [f"share_home_work={profile.share_home_work:g}"]
        if profile.share_home_work is not None
        else [],
        "risk_private_strain": ["risk=private_strain"],
        "size_small": [f"size_class={profile.size_class}"],
    }[name]
