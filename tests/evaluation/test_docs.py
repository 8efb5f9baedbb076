"""docs/evaluation.md documents every warning code, rule and JSON key the code has."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from verzuim.evaluation import engine, texts
from verzuim.evaluation.result import Evaluation

DOC = Path(__file__).resolve().parents[2] / "docs" / "evaluation.md"


def test_evaluation_doc_covers_the_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    notes = [
        texts.small_group("groep met de maatregel", "treated", 3.0, 20),
        texts.small_group("vergelijkingsgroep", "comparison", 3.0, 20),
        texts.short_before(3, 12),
        texts.short_after(3, 6),
        texts.suppressed(),
        texts.not_estimable(),
        texts.no_comparison(),
        texts.suggested(["X"]),
        texts.left_out(1, 0),
        texts.placebo_not_run(dt.date(2023, 1, 1), 3, 6),
        texts.pre_trend(0.5, 2.0),
        texts.undefined_resamples(0.01),
    ]
    missing = [n.code for n in notes if f"`{n.code}`" not in text]
    missing += [k for k in Evaluation.model_fields if f"`{k}`" not in text]
    assert missing == []
    assert f"fewer than {engine.MIN_AVERAGE_EMPLOYEES} employees on average" in text
    assert f"fewer than {engine.MIN_BEFORE} full months before" in text
    assert f"fewer than {engine.MIN_AFTER} full months after" in text
    assert f"{engine.PLACEBO_SHIFT} months earlier" in text
    assert f"**{engine.PLACEBO_MIN_BEFORE['did']} for DiD**" in text
    assert f"**{engine.PLACEBO_MIN_BEFORE['its']} for ITS**" in text
