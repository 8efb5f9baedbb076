"""Every vocabulary item has an English text, and English pages show it: no Dutch label of a
category, sector, country, risk, audience, report group, facet value or actor leaks onto a
page in English (issue 13). Dutch quoted on purpose ("as printed" values of a table row) is
marked lang="nl", a citation translate="no"; both are left out of the check."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from verzuim.knowledge import load
from verzuim.knowledge.facets import facet_defs

DATA = Path(__file__).resolve().parents[2] / "src" / "verzuim" / "knowledge" / "data"
# Labels whose English is the same word as the Dutch (names, and "Sector (SBI)").
SAME_IN_ENGLISH = {"Finland", "Portugal", "Sector (SBI)", "Massages."}


def _labels(node: Any, path: str = "") -> list[tuple[str, str, str]]:
    """Every {nl, en} text of a data file that names a vocabulary item: (where, nl, en)."""
    out: list[tuple[str, str, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("label", "name") and isinstance(value, dict) and "nl" in value:
                out.append((f"{path}.{key}", str(value["nl"]), str(value.get("en") or "")))
            else:
                out += _labels(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _labels(value, f"{path}[{i}]")
    return out


def _vocabulary() -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    for file in sorted(DATA.glob("*.yaml")):
        found += _labels(yaml.safe_load(file.read_text(encoding="utf-8")), file.name)
    for fdef in facet_defs(load()):
        found.append((f"facet {fdef.name}", fdef.label.nl, fdef.label.en))
        found += [(f"facet {fdef.name}={v.code}", v.label.nl, v.label.en) for v in fdef.values]
    return found


def test_every_vocabulary_item_has_its_own_english_text() -> None:
    items = _vocabulary()
    assert len(items) > 150  # the walk found the vocabularies, facets and actors
    untranslated = [
        (where, nl)
        for where, nl, en in items
        if not en.strip() or (en.strip() == nl.strip() and nl not in SAME_IN_ENGLISH)
    ]
    assert not untranslated, untranslated


class _VisibleText(HTMLParser):
    """The page's text outside <script>, <style>, elements marked lang="nl" (Dutch quoted as
    printed) and translate="no" (citations in the language they were published in)."""

    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "col"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # per open element: does it hide its text?
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        attributes = dict(attrs)
        hidden = (
            tag in ("script", "style")
            or (tag != "html" and attributes.get("lang") == "nl")
            or attributes.get("translate") == "no"
        )
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def _english_pages(client: TestClient) -> list[str]:
    kb = load()
    ids = [p.id for p in kb.practices] + [s.id for s in kb.statements]
    urls = [
        "/",
        "/maatregelen",
        "/kaart",
        "/wie-doet-wat",
        "/wie-doet-wat?kerndeskundige=1",
        "/perspectieven",
        "/kennislacunes",
        "/verzuimmodel",
        "/advies",
    ]
    return urls + [f"/maatregelen/{i}" for i in ids]


@pytest.mark.parametrize("part", range(4))
def test_english_pages_show_no_dutch_vocabulary(client: TestClient, part: int) -> None:
    english = {en for _, _, en in _vocabulary()}
    dutch = sorted(
        {nl for _, nl, en in _vocabulary() if nl != en and nl not in english and len(nl) > 3}
    )
    patterns = [(nl, re.compile(rf"(?<!\w){re.escape(nl)}(?!\w)")) for nl in dutch]
    pages = _english_pages(client)
    leaks: list[tuple[str, str]] = []
    for url in pages[part::4]:
        response = client.get(url, params={"lang": "en"})
        assert response.status_code == 200, url
        parser = _VisibleText()
        parser.feed(response.text)
        text = parser.text()
        leaks += [(url, nl) for nl, pattern in patterns if pattern.search(text)]
    assert not leaks, leaks


def test_printed_years_and_rows_are_in_the_page_language(client: TestClient) -> None:
    practice = next(p for p in load().practices if p.year_text == "n.b.")
    english = client.get(f"/maatregelen/{practice.id}", params={"lang": "en"}).text
    dutch = client.get(f"/maatregelen/{practice.id}", params={"lang": "nl"}).text
    assert "not known" in english and "n.b." not in english
    assert f"{practice.table} no. {practice.number}" in english
    assert "n.b." in dutch and f"{practice.table} nr. {practice.number}" in dutch
    hits = client.get("/api/maatregelen", params={"lang": "en"}).json()["hits"]
    assert not [
        h["id"] for h in hits if "n.b." in h["facts"] or any("vanaf" in f for f in h["facts"])
    ]
