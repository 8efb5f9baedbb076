"""knowledge.search: stemming, synonyms both ways, cross-language, facets that combine, errors."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from verzuim.cli import app as cli_app
from verzuim.knowledge import load
from verzuim.knowledge.facets import FACET_NAMES
from verzuim.knowledge.search import (
    MAX_QUERY,
    QueryTooLongError,
    SearchInputError,
    UnknownFacetValueError,
    index_for,
    search,
)
from verzuim.knowledge.text import highlight


def ids(query: str, **facets: list[str]) -> list[str]:
    return [h.id for h in search(query, facets).hits]


def test_no_query_lists_every_practice_and_the_review_evidence() -> None:
    kb = load()
    result = search("")
    expected = len(kb.practices) + len(kb.statements) + len(kb.review_groups)
    assert result.total == expected
    assert all(h.score is None for h in result.hits)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("rug", "rugklachten"),
        ("rugklachten", "back pain"),
        ("werkdruk", "stress"),
        ("burn-out", "werkdruk"),
        ("tillen", "fysieke belasting"),
        ("lifting", "tillen"),
    ],
)
def test_synonyms_work_both_ways(one: str, other: str) -> None:
    first, second = set(ids(one)), set(ids(other))
    assert first and second
    # Each finds what the other finds best (its top three).
    assert set(ids(other)[:3]) <= first
    assert set(ids(one)[:3]) <= second


def test_dutch_word_forms_are_stemmed() -> None:
    assert set(ids("rugklacht")) == set(ids("rugklachten"))
    assert set(ids("leidinggevende")) == set(ids("leidinggevenden"))


def test_english_query_finds_dutch_content_and_the_reverse() -> None:
    kb = load()
    practice = next(p for p in kb.practices if p.number == 13 and p.table == "B1.1")
    assert practice.id in ids("back")  # English query, Dutch-titled practice ("Spaar je Rug")
    english_word = practice.title.en.split()[0]
    nl_result = search(english_word, lang="nl")
    assert practice.id in [h.id for h in nl_result.hits]


def test_compound_words_are_found_by_their_first_part() -> None:
    found = search("werkdruk")
    assert any("werkstress" in h.title_html.lower() for h in found.hits)


def test_all_words_matches_come_first_then_any_word_matches() -> None:
    both = search("stress training")
    assert both.matched_all_words and 0 < both.all_words_total < both.total
    # One rare word no longer empties the list: records with the other words follow.
    partial = search("stress xyzzyplugh")
    assert not partial.matched_all_words and partial.total > 0
    assert search("xyzzyplugh").total == 0


def test_one_rare_word_does_not_filter_good_matches_out() -> None:
    result = search("werkdruk kwaliteitscontroller")
    ids = [h.id for h in result.hits]
    assert ids[0] == "gp-b11-52"  # the only record with both words leads
    assert "gp-b11-41" in ids[:10]  # extra staff against work pressure still shows


def test_ranking_is_explained_in_the_json_not_on_the_page(client: TestClient) -> None:
    result = search("werkdruk")
    assert all(h.score is not None for h in result.hits)
    top = result.hits[0]
    assert top.explain and top.explain[0].term == "werkdruk" and top.explain[0].points > 0
    page = client.get("/maatregelen", params={"q": "werkdruk"}).text
    assert "Score" not in page and "Waarom dit resultaat" in page


def test_a_typo_is_corrected_and_offered_as_did_you_mean() -> None:
    result = search("werkdurk")
    assert result.suggestion == "werkdruk" and result.suggestion_url
    assert result.total > 0 and result.hits[0].id in {"gp-b11-41", "gp-b11-48"}
    assert search("werkdruk").suggestion is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("geluidsoverlast", "gp-b11-49"),  # geluid + s + overlast
        ("kantoortuin", "gp-b11-49"),  # kantoor + tuin
        ("welzijnszorg", "gp-b11-18"),  # welzijn + s + zorg
        ("bouwplaats", "gp-b11-15"),  # bouw + plaats: the paving crew, not only row 1
    ],
)
def test_dutch_compounds_are_split(query: str, expected: str) -> None:
    assert expected in [h.id for h in search(query).hits[:10]]


def test_filler_words_do_not_push_review_conclusions_out() -> None:
    ids = [h.id for h in search("wat werkt volgens de wetenschap tegen psychisch verzuim").hits]
    assert "es-multi-level" in ids[:10] and "ev-mental" in ids[:10]


def test_stress_management_does_not_mean_managers() -> None:
    ids = [h.id for h in search("stress management").hits[:5]]
    assert "gp-b11-50" not in ids  # a one-day absence training for managers
    assert "es-multi-level" in [h.id for h in search("stress management").hits[:10]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nurses", "gp-b11-28"),
        ("patient handling", "gp-b11-28"),
        ("asbest", "gp-b11-43"),  # via hazardous substances / exposure
        ("lassen", "gp-b11-43"),
    ],
)
def test_trade_and_care_synonyms(query: str, expected: str) -> None:
    assert expected in [h.id for h in search(query).hits[:10]]


def test_matches_are_highlighted_after_escaping() -> None:
    assert (
        str(highlight("<b>rug</b> & back", ["rug"]))
        == "&lt;b&gt;<mark>rug</mark>&lt;/b&gt; &amp; back"
    )
    hit = search("werkdruk").hits[0]
    assert "<mark>" in hit.title_html + hit.summary_html


def test_facet_counts_combine_with_the_other_facets() -> None:
    result = search("", {"absence_type": ["physical"], "worker_type": ["theoretical"]})
    kb = load()
    counts = {f.name: {v.value: v.count for v in f.values} for f in result.facets}
    # Absence-type counts are taken with the worker-type filter only ...
    theoretical = [p for p in kb.practices if p.worker_type == "theoretical"]
    assert counts["absence_type"]["mental"] == sum(p.absence_type == "mental" for p in theoretical)
    # ... and worker-type counts with the absence-type filter only (practices + reviews).
    physical = [p for p in kb.practices if p.absence_type == "physical"]
    assert counts["worker_type"]["practical"] == sum(p.worker_type == "practical" for p in physical)
    # The hits are the intersection.
    assert result.total == sum(1 for p in physical if p.worker_type == "theoretical")


def test_values_within_a_facet_are_or() -> None:
    physical = set(ids("", absence_type=["physical"]))
    mental = set(ids("", absence_type=["mental"]))
    assert set(ids("", absence_type=["physical", "mental"])) == physical | mental


def test_selected_values_carry_a_remove_url_and_the_state_is_in_the_url() -> None:
    result = search("rug", {"absence_type": ["physical"], "level": ["environment"]})
    assert result.url == "/maatregelen?q=rug&absence_type=physical&level=environment"
    removes = {s.value: s.remove_url for s in result.selected}
    assert removes["physical"] == "/maatregelen?q=rug&level=environment"
    assert removes["environment"] == "/maatregelen?q=rug&absence_type=physical"
    physical = next(
        v
        for f in result.facets
        if f.name == "absence_type"
        for v in f.values
        if v.value == "physical"
    )
    assert physical.selected and physical.url == removes["physical"]


def test_unknown_facet_value_lists_the_allowed_values() -> None:
    with pytest.raises(UnknownFacetValueError) as info:
        search("", {"level": ["organisation"]})
    assert info.value.allowed == ("individual", "environment", "both")
    assert "individual, environment, both" in str(info.value)
    with pytest.raises(SearchInputError):
        search("", {"colour": ["red"]})


def test_over_long_query_is_refused() -> None:
    search("x" * MAX_QUERY)
    with pytest.raises(QueryTooLongError):
        search("x" * (MAX_QUERY + 1))


def test_every_facet_value_of_the_vocabulary_is_accepted() -> None:
    index = index_for(load())
    assert [f.name for f in index.facets] == list(FACET_NAMES)
    for facet in index.facets:
        for code in facet.codes:
            search("", {facet.name: [code]})


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=MAX_QUERY))
def test_any_text_query_is_answered(query: str) -> None:
    result = search(query)
    assert result.total == len(result.hits)
    for hit in result.hits:
        assert "<script" not in hit.title_html.lower()


def test_cli_gives_the_same_results_as_the_service() -> None:
    runner = CliRunner()
    out = runner.invoke(
        cli_app, ["search", "werkdruk", "--absence-type", "mental", "--format", "json"]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert [h["id"] for h in data["hits"]] == ids("werkdruk", absence_type=["mental"])
    table = runner.invoke(cli_app, ["search", "tillen", "--level", "environment"])
    assert table.exit_code == 0 and ids("tillen", level=["environment"])[0] in table.stdout
    bad = runner.invoke(cli_app, ["search", "x", "--absence-type", "back"])
    assert bad.exit_code == 2
    assert "physical" in bad.stderr


def test_query_filler_counts_only_when_the_query_has_nothing_else() -> None:
    text = index_for(load()).text
    assert [c.typed for c in text.parse("hoe voorkom ik burn-out bij mijn medewerkers")] == [
        "burn-out"
    ]
    assert [c.typed for c in text.parse("sporten op het werk")] == ["sporten"]
    # Filler alone is still a search for it.
    assert search("medewerkers").total > 0


def test_a_compound_splits_only_into_words_the_index_has() -> None:
    rewritten = index_for(load()).text.rewrite("veiligheidscultuur")
    assert dict(rewritten.splits)["veiligheidscultuur"] == ("veiligheid", "cultuur")


def test_records_with_the_typed_word_come_before_those_with_only_a_part() -> None:
    hits = search("veiligheidscultuur").hits
    whole = [i for i, h in enumerate(hits) if h.explain[0].matched == "veiligheidscultuur"]
    parts_only = [i for i, h in enumerate(hits) if h.explain[0].matched != "veiligheidscultuur"]
    assert whole and parts_only and max(whole) < min(parts_only)


def test_a_short_verb_stem_reaches_its_compounds() -> None:
    # "tillen" -> "til": the lifting-solutions row has only "tiloplossingen".
    hit = next(h for h in search("tillen").hits if h.id == "gp-b11-10")
    assert "<mark>Tiloplossingen</mark>" in hit.title_html


def test_broader_terms_reach_the_general_records_both_ways() -> None:
    # Depression is a mental complaint: the conclusion on CBT for anxiety and depression
    # answers a query about mental absence, and back pain reaches physical complaints.
    assert "es-workers-at-risk" in ids("psychische klachten")
    hit = next(h for h in search("back pain").hits if h.id == "es-physical-exercise")
    assert {p.matched for p in hit.explain} & {"lichamelijk", "physical", "fysiek"}


@pytest.mark.parametrize(("query", "sbi"), [("banken", "K"), ("bouwnijverheid", "F")])
def test_sector_queries_find_that_sector_first(query: str, sbi: str) -> None:
    sector = {p.id for p in load().practices if p.sector_sbi == sbi}
    first = ids(query)[: min(8, len(sector))]
    assert set(first) <= sector, first


def test_home_working_rows_are_found_by_their_table_subject() -> None:
    home = {p.id for p in load().practices if p.home_work}
    assert home <= set(ids("thuiswerken")[: len(home) + 3])
