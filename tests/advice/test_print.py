"""Print test (issue 11): the advice PDF of every golden profile fits on at most four A4
pages, and its first page holds the measures to start with."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from verzuim.advice import advice_for, parse_profile
from verzuim.advice.render import to_pdf
from verzuim.i18n import Lang

from .conftest import golden_files, read_golden

GOLDEN = golden_files()
DAY = date(2025, 3, 14)
A4 = (595, 842)  # points, rounded


def _squash(text: str) -> str:
    """Text without spaces or line breaks: a wrapped title still matches."""
    return "".join(text.split())


# Every profile in Dutch, two in English (a PDF takes about a second to lay out).
CASES = [(p, "nl") for p in GOLDEN] + [(p, "en") for p in GOLDEN[:2]]


@pytest.mark.parametrize(("path", "lang"), CASES, ids=[f"{p.stem}-{lang}" for p, lang in CASES])
def test_pdf_fits_four_a4_pages_with_start_measures_on_page_one(path: Path, lang: Lang) -> None:
    advice = advice_for(parse_profile(read_golden(path)["profile"]))
    reader = PdfReader(BytesIO(to_pdf(advice, lang, DAY)))
    assert len(reader.pages) <= 4, f"{len(reader.pages)} pages"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4
    first = _squash(reader.pages[0].extract_text())
    titles = {m.id: m.title.pick(lang) for m in advice.measures}
    assert 3 <= len(advice.start.measures) <= 5
    for measure_id in advice.start.measures:
        # The first 25 characters: enough to identify, short enough to survive a line break.
        assert _squash(titles[measure_id])[:25] in first, measure_id
    caveat = _squash(advice.start.caveat.explain.pick(lang))
    assert caveat[:40] in first


def test_every_review_conclusion_in_the_pdf_names_its_interventions() -> None:
    advice = advice_for(parse_profile(read_golden(GOLDEN[0])["profile"]))
    text = _squash(
        "".join(page.extract_text() for page in PdfReader(BytesIO(to_pdf(advice, "nl", DAY))).pages)
    )
    statements = [m for m in advice.measures if m.kind == "statement"]
    assert statements
    for m in statements:
        for intervention in m.interventions:
            assert _squash(intervention.text.nl)[:25] in text
