"""Page-level services: measure detail, professionals mapping, gap map, actors, other pages."""

from __future__ import annotations

import pytest

from verzuim.knowledge import load
from verzuim.knowledge.gapmap import SECOND_DIMENSIONS, gap_map, gap_map_csv
from verzuim.knowledge.measure import measure
from verzuim.knowledge.pages import absence_model, actors, gaps, home, perspectives
from verzuim.knowledge.professionals import ALWAYS, CATEGORY_ACTORS
from verzuim.knowledge.search import search


def test_every_category_maps_to_existing_actors() -> None:
    kb = load()
    assert set(CATEGORY_ACTORS) == {c.code for c in kb.vocab.categories}
    actor_ids = {a.id for a in kb.actors}
    for listed in [*CATEGORY_ACTORS.values(), ALWAYS]:
        assert set(listed) <= actor_ids


def test_measure_detail_has_every_field_and_plain_evidence_words() -> None:
    kb = load()
    for p in kb.practices:
        m = measure(p.id)
        assert m is not None
        assert m.title == p.title.nl and m.summary == p.summary.nl and m.effect == p.effect.nl
        assert m.evidence == "practice_based" and "niet onafhankelijk" in m.evidence_explained
        assert m.source.ref == p.source.ref
        assert m.professionals, p.id
        assert [c.code for c in m.categories] == p.categories
    statement = measure("es-physical-exercise", "en")
    assert statement is not None and statement.evidence == "review_based"
    assert statement.strength and "Weak" in statement.strength
    assert measure("no-such-id") is None


def test_related_measures_share_a_category() -> None:
    kb = load()
    m = measure(kb.practices[0].id)
    assert m is not None and m.related
    mine = set(kb.practices[0].categories)
    for link in m.related:
        other = kb.practice(link.id)
        assert other is not None and mine & set(other.categories)


@pytest.mark.parametrize("second", SECOND_DIMENSIONS)
def test_each_map_cell_counts_exactly_what_its_link_lists(second: str) -> None:
    data = gap_map(second)  # type: ignore[arg-type]
    kb = load()
    assert len(data.rows) == len(kb.vocab.categories)
    for row in data.rows[:6]:
        for cell in row.cells:
            query = cell.url.split("?", 1)[1]
            facets: dict[str, list[str]] = {}
            for pair in query.split("&"):
                key, value = pair.split("=")
                facets.setdefault(key, []).append(value)
            hits = search("", facets).hits
            assert sum(h.kind == "practice" for h in hits) == cell.practices
            assert sorted(h.id for h in hits if h.kind == "statement") == sorted(cell.reviews)
            assert (cell.evidence == "gap") == (cell.practices == 0 and not cell.reviews)


def test_map_marks_gaps_and_review_evidence() -> None:
    data = gap_map("none")
    classes = {c.evidence for r in data.rows for c in r.cells}
    assert {"gap", "practice_only", "review_indicative"} <= classes
    assert data.gaps == sum(c.evidence == "gap" for r in data.rows for c in r.cells)
    exercise = next(r for r in data.rows if r.code == "exercise")
    physical = next(c for c in exercise.cells if c.column == "physical")
    assert "es-physical-exercise" in physical.reviews and physical.evidence == "review_weak"
    lines = gap_map_csv(data).splitlines()
    assert len(lines) == 1 + data.cells


def test_who_can_help_with_hazardous_substances() -> None:
    assert actors("gevaarlijke stoffen").actors[0].id == "arbeidshygienist"
    assert actors("hazardous substances", "en").actors[0].id == "arbeidshygienist"
    assert actors("geldzorgen").actors[0].id == "budgetcoach"
    everyone = actors("")
    assert everyone.total == 24 and all(a.score is None for a in everyone.actors)
    assert sum(a.core_expert for a in everyone.actors) == 4


def test_home_counts_and_other_pages() -> None:
    kb = load()
    data = home("nl")
    assert data.figures[0].value == len(kb.practices)
    assert len(data.ways_in) == 4
    assert perspectives().total == len(kb.perspectives)
    assert len(gaps().gaps) == len(kb.gaps)
    model = absence_model("en")
    assert [p.id for p in model.parts] == [m.id for m in sorted(kb.model, key=lambda m: m.order)]
