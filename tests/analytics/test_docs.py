"""docs/metrics.md documents every metric, problem code and signal rule the code has."""

from __future__ import annotations

from pathlib import Path

from verzuim.analytics import problems, signals
from verzuim.analytics.columns import EMPLOYEE_FIELDS, SPELL_FIELDS
from verzuim.analytics.models import GroupMetrics
from verzuim.web.analytics import DOWNLOADS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_metrics_doc_covers_the_code() -> None:
    text = (DOCS / "metrics.md").read_text(encoding="utf-8")
    assert "the project's absence-metrics reference" in text
    assert "1996" in text and "Standaard voor verzuimregistratie" in text
    missing = [
        name
        for name in [
            *(f for f in GroupMetrics.model_fields if f != "group"),
            *problems.CATALOGUE,
            *signals.RULES,
            *EMPLOYEE_FIELDS,
            *SPELL_FIELDS,
            *DOWNLOADS,
        ]
        if f"`{name}`" not in text and f"{name}," not in text and f"{name}}}" not in text
    ]
    assert missing == []


def test_privacy_doc_states_the_essentials() -> None:
    text = (DOCS / "privacy.md").read_text(encoding="utf-8").lower()
    for phrase in ("diagnos", "fewer than 5", "nothing leaves the machine", "verzuim_data_dir"):
        assert phrase in text
