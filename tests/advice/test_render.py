"""Exports: date, knowledge-base version and every source; Dutch characters survive the PDF."""

from __future__ import annotations

from datetime import date

import pytest

from verzuim.advice import Advice, advice_for, parse_profile
from verzuim.advice import pdf as pdf_module
from verzuim.advice.render import to_html, to_markdown, to_pdf
from verzuim.i18n import Lang

DAY = date(2025, 3, 14)


@pytest.fixture(scope="module")
def advice() -> Advice:
    return advice_for(
        parse_profile(
            {
                "sector": "Q",
                "concern": "mental",
                "risks": ["psychosocial_load"],
                "workers_at_risk": True,
                "share_home_work": 0.5,
            }
        )
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_export_is_complete(advice: Advice, lang: Lang) -> None:
    html = to_html(advice, lang, DAY)
    assert "2025-03-14" in html
    assert advice.knowledge_base_version in html
    for source in advice.sources:
        assert source.id in html
    for measure in advice.measures:
        assert f'id="m-{measure.id}"' in html
    assert "@media print" in html
    assert "{{" not in html and "advies." not in html.replace("advies.css", "")


def test_markdown_export_is_complete(advice: Advice) -> None:
    md = to_markdown(advice, "nl", DAY)
    assert "2025-03-14" in md and advice.knowledge_base_version in md
    for source in advice.sources:
        assert f"[{source.id}]" in md
    assert "niet bewezen" in md


def test_pdf_is_deterministic_for_a_day(advice: Advice) -> None:
    first = to_pdf(advice, "nl", DAY)
    assert first.startswith(b"%PDF") and first == to_pdf(advice, "nl", DAY)


def test_pdf_without_system_fonts_keeps_dutch_characters(
    advice: Advice, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_module, "FONT_DIRS", ())
    pdf = pdf_module.AdvicePdf("footer")
    assert pdf.font_name == "Helvetica"
    assert pdf.clean("geëvalueerd – ‘privé’ …") == "geëvalueerd - 'privé' ..."
    assert to_pdf(advice, "nl", DAY).startswith(b"%PDF")
