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
    "gedeelde_praktijk.html",
    "gedeelde_import.html",
]


@pytest.mark.parametrize("template", KNOWLEDGE_TEMPLATES)
def test_template_keys_exist_in_both_languages(template: str) -> None:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    keys = set(re.findall(r"\bt\('([^']+)'\)", text))
    # |count('key') picks key.one or key.other by the language's plural rule.
    for key in re.findall(r"\|count\('([^']+)'\)", text):
        keys |= {f"{key}.one", f"{key}.other"}
    for lang in ("nl", "en"):
        missing = sorted(keys - set(messages(lang)))
        assert not missing, f"{template}: {lang}.yaml lacks {missing}"


def test_both_languages_have_the_same_keys() -> None:
    assert set(messages("nl")) == set(messages("en"))
