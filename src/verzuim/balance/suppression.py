"""Which units of a round to hide: fewer than 5 responses, and complementary suppression.

Units are reported side by side under the organisation's total (each unit's scores are over
the responses to its own link or codes, so a unit nested in another is a sibling here, not a
part). The rule of ``absence-metrics.md`` ("Small groups") over that flat breakdown: a unit
under the threshold is hidden (``small``); while the hidden units together hold 1 to 4
responses, the shown unit with the fewest responses (ties: first name) is hidden too
(``complementary``), so no hidden unit can be derived from the total and its siblings.

Generic over any counts. Branch h12 has the same rule for the absence figures in
``verzuim.analytics.suppression.suppress`` (over a tree); once both are merged this can call
that with every parent None and the total as ``root_employees``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

THRESHOLD = 5
Reason = Literal["small", "complementary"]


def suppress(counts: Mapping[str, int], threshold: int = THRESHOLD) -> dict[str, Reason]:
    """The hidden groups with their reason; groups not in the answer are shown."""
    reasons: dict[str, Reason] = {g: "small" for g, n in counts.items() if n < threshold}
    hidden = sum(counts[g] for g in reasons)
    while 0 < hidden < threshold:
        shown = [g for g in counts if g not in reasons]
        if not shown:
            break
        pick = min(shown, key=lambda g: (counts[g], g))
        reasons[pick] = "complementary"
        hidden += counts[pick]
    return reasons
