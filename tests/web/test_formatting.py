"""Numbers, dates and plurals in Dutch and English style (Babel), and errors in the language
asked for, by ?lang= or by Accept-Language."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from verzuim.i18n import from_accept_language, messages
from verzuim.i18n.format import count, date, money, number, percent, plural_form
from verzuim.web.api_examples import EXAMPLES

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "verzuim" / "web" / "templates"


@pytest.mark.parametrize(
    ("value", "digits", "nl", "en"),
    [
        (15.5, 1, "15,5", "15.5"),
        (5, 1, "5,0", "5.0"),
        (1234567.891, 2, "1.234.567,89", "1,234,567.89"),
        (0.125, 2, "0,12", "0.12"),  # Babel rounds half to even, as CBS tables do
        (-3, 0, "-3", "-3"),
    ],
)
def test_number(value: float, digits: int, nl: str, en: str) -> None:
    assert number(value, "nl", digits) == nl
    assert number(value, "en", digits) == en


def test_percent_money_date() -> None:
    assert percent(4.6, "nl") == "4,6%"
    assert percent(4.6, "en") == "4.6%"
    assert percent(12, "nl", 0) == "12%"
    assert money(1234.5, "nl") == "€\xa01.234"  # a non-breaking space, as Babel writes it
    assert money(1234.5, "en") == "€1,234"
    assert date(dt.date(2024, 3, 5), "nl") == "5 mrt 2024"
    assert date(dt.date(2024, 3, 5), "en") == "5 Mar 2024"
    assert date(dt.date(2024, 3, 5), "nl", "short") == "05-03-2024"
    assert number(None, "nl") == percent(None, "en") == money(None, "nl") == "–"


def test_plurals() -> None:
    assert [plural_form(n, "nl") for n in (0, 1, 2)] == ["other", "one", "other"]
    assert count(1, "analyse.rejected.text", "nl").startswith("Er is 1 probleem gevonden")
    assert count(3, "analyse.rejected.text", "nl").startswith("Er zijn 3 problemen gevonden")
    assert count(1, "measures.found", "en") == "1 result"
    assert count(1200, "measures.found", "nl") == "1.200 resultaten"


def test_every_counted_text_has_both_plural_forms() -> None:
    keys = {
        key
        for template in TEMPLATES.glob("*.html")
        for key in re.findall(r"\|count\('([^']+)'\)", template.read_text(encoding="utf-8"))
    }
    assert keys, "no template uses |count"
    for lang in ("nl", "en"):
        for key in keys:
            assert {f"{key}.one", f"{key}.other"} <= set(messages(lang)), (lang, key)


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("en-GB,en;q=0.9,nl;q=0.8", "en"),
        ("nl-NL", "nl"),
        ("de-DE, en;q=0.5", "en"),
        ("en;q=0.2, nl;q=0.7", "nl"),
        ("de, fr", None),
        ("en;q=0", None),
        ("", None),
        (None, None),
    ],
)
def test_accept_language(header: str | None, lang: str | None) -> None:
    assert from_accept_language(header) == lang


def test_api_errors_follow_accept_language(client: TestClient) -> None:
    url = "/api/maatregelen/bestaat-niet"
    dutch = client.get(url).json()["detail"]
    english = client.get(url, headers={"Accept-Language": "en-GB,en;q=0.9"}).json()["detail"]
    by_param = client.get(url + "?lang=en", headers={"Accept-Language": "nl"}).json()["detail"]
    assert dutch != english
    assert english == by_param
    assert "bestaat-niet" in english


def test_validation_errors_follow_accept_language(client: TestClient) -> None:
    url = "/api/maatregelen?q=" + "x" * 500
    dutch = client.get(url).json()["message"]
    english = client.get(url, headers={"Accept-Language": "en"}).json()["message"]
    assert dutch != english


def test_pages_write_numbers_in_the_reader_style(client: TestClient) -> None:
    # The advice page shows CBS absence percentages (the measures list no longer shows scores).
    url = "/advies/resultaat?sector=Q&size_class=100%2B&concern=mental"
    nl = client.get(url).text
    en = client.get(url + "&lang=en").text
    pct = re.compile(r"(\d+[.,]\d+)\s?%")
    assert pct.findall(nl) and all("," in s for s in pct.findall(nl)), pct.findall(nl)
    assert pct.findall(en) and all("." in s for s in pct.findall(en)), pct.findall(en)


def test_one_product_name_per_language(client: TestClient) -> None:
    for lang in ("nl", "en"):
        name = messages(lang)["site.name"]
        page = client.get(f"/?lang={lang}").text
        assert f"<h1>{name}</h1>" in page


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.path)
def test_api_docs_examples_work(client: TestClient, example: object) -> None:
    from verzuim.web.api_examples import Example

    assert isinstance(example, Example)
    headers = dict(h.split(": ", 1) for h in example.headers)
    response = client.request(example.method, example.path, headers=headers, content=example.body)
    assert response.status_code == 200, response.text[:300]


def test_sector_names_follow_the_language(client: TestClient) -> None:
    from verzuim.i18n.cbs_titles import cbs_title

    assert cbs_title("Q Gezondheids- en welzijnszorg", "en") == "Q Human health and social work"
    assert cbs_title("Q Gezondheids- en welzijnszorg", "nl") == "Q Gezondheids- en welzijnszorg"
    assert cbs_title("100 of meer werkzame personen", "en") == "100 or more working persons"
    url = "/advies/resultaat?sector=Q&size_class=100%2B&concern=mental"
    english = client.get(url + "&lang=en").text
    assert "Human health and social work" in english and "welzijnszorg" not in english
    # The sector list of an organisation's import page (/o/{org}/analyse).
    from verzuim.web.analytics import _section_options

    assert any(title.startswith("A – Agriculture") for _, title in _section_options("en"))
    assert not any("Landbouw" in title for _, title in _section_options("en"))


def test_decimal_keeps_only_the_decimals_a_value_has() -> None:
    from verzuim.i18n.format import decimal

    assert [decimal(v, "nl") for v in (15, 15.5, 2.25)] == ["15", "15,5", "2,25"]
    assert decimal(15.5, "en") == "15.5"


def test_advice_markdown_in_dutch_style() -> None:
    from verzuim.advice import advice_for, parse_profile
    from verzuim.advice.render import to_markdown

    advice = advice_for(parse_profile({"sector": "Q", "size_class": "100+"}))
    text = to_markdown(advice, "nl", dt.date(2026, 11, 29))
    percents = re.findall(r"\d+[.,]\d%", text)
    assert percents and all("," in p for p in percents), percents


def test_html_pages_stay_dutch_first_whatever_the_browser_says(client: TestClient) -> None:
    english_browser = {"Accept-Language": "en-US,en;q=0.9"}
    assert "<h1>API-documentatie</h1>" in client.get("/api/docs", headers=english_browser).text
    assert 'lang="nl"' in client.get("/", headers=english_browser).text
    unknown = client.get("/api/bestaat-niet", headers=english_browser).json()["detail"]
    assert unknown == "This page does not exist."
