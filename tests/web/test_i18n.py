"""Every interface text a knowledge template uses exists in Dutch and in English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from verzuim.i18n import messages

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "verzuim" / "web" / "templates"
KNOWLEDGE_TEMPLATES = [
    "base.html",
    "error.html",
    "home.html",
    "maatregelen.html",
    "_results.html",
    "maatregel.html",
    "kaart.html",
    "wie-doet-wat.html",
    "perspectieven.html",
    "kennislacunes.html",
    "verzuimmodel.html",
]


@pytest.mark.parametrize("template", KNOWLEDGE_TEMPLATES)
def test_template_keys_exist_in_both_languages(template: str) -> None:
    keys = set(re.findall(r"t\('([^']+)'\)", (TEMPLATES / template).read_text(encoding="utf-8")))
    for lang in ("nl", "en"):
        missing = sorted(keys - set(messages(lang)))
        assert not missing, f"{template}: {lang}.yaml lacks {missing}"


def test_both_languages_have_the_same_keys() -> None:
    assert set(messages("nl")) == set(messages("en"))
