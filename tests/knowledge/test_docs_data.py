"""docs/data.md describes every field of every knowledge model and every vocabulary code."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from verzuim.knowledge import load, models

DOC = (Path(__file__).resolve().parents[2] / "docs" / "data.md").read_text(encoding="utf-8")
DOCUMENTED_MODELS: list[type[BaseModel]] = [
    models.Practice,
    models.Source,
    models.ReviewSet,
    models.ReviewGroup,
    models.EvidenceStatement,
    models.Caveat,
    models.Actor,
    models.Relevance,
    models.Perspective,
    models.Gap,
    models.ModelPart,
    models.Report,
    models.Figure,
]


@pytest.mark.parametrize("model", DOCUMENTED_MODELS, ids=lambda m: m.__name__)
def test_every_field_is_documented(model: type[BaseModel]) -> None:
    missing = [name for name in model.model_fields if f"`{name}`" not in DOC]
    assert not missing, f"{model.__name__}: document {missing} in docs/data.md"


def test_every_category_code_is_documented() -> None:
    missing = [t.code for t in load().vocab.categories if f"`{t.code}`" not in DOC]
    assert not missing
