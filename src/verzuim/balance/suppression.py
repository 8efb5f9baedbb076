"""Which units of a round to hide: fewer than 5 responses, and complementary suppression.

Units are reported side by side under the round's total (each unit's scores are over the
responses to its own link or codes, so a unit nested in another is a sibling here, not a
part). The rule is the one of ``absence-metrics.md`` ("Small groups") and has one
implementation, ``verzuim.analytics.suppression.suppress``: this module only states the
balance check's tree, every unit directly under the total, which holds every response.
"""

from __future__ import annotations

from collections.abc import Mapping

from verzuim.analytics import suppression as shared
from verzuim.analytics.models import SUPPRESSION_THRESHOLD

THRESHOLD = SUPPRESSION_THRESHOLD
Reason = shared.Reason


def suppress(counts: Mapping[str, int], threshold: int = THRESHOLD) -> dict[str, Reason]:
    """The hidden units with their reason; units not in the answer are shown."""
    flat: dict[str, str | None] = dict.fromkeys(counts)
    return shared.suppress(counts, flat, root_employees=sum(counts.values()), threshold=threshold)
