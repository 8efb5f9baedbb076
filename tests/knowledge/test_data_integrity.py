"""Completeness rules: sources, both languages, vocabularies, ids."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from verzuim.knowledge import load
from verzuim.knowledge.load import KINDS
from verzuim.knowledge.models import Text


def _texts(value: Any) -> list[Text]:
    if isinstance(value, Text):
        return [value]
    if isinstance(value, BaseModel):
        return [t for name in type(value).model_fields for t in _texts(getattr(value, name))]
    if isinstance(value, list | tuple):
        return [t for item in value for t in _texts(item)]
    return []


def test_every_practice_has_a_source_and_both_summaries() -> None:
    for p in load().practices:
        assert p.source.ref == f"{p.table}-{p.number}", p.id
        assert p.source.title or p.source.note, f"{p.id}: source has neither title nor note"
        for text in (p.title, p.summary, p.effect):
            assert text.nl.strip() and text.en.strip(), p.id
        assert p.evidence == "practice_based"


def test_sources_listed_in_the_report_have_titles() -> None:
    # Entries 1-59 of the B1.1 source list are in the report text; later ones are cut off,
    # and entry 59 itself loses its URL mid-way (its note says so).
    for p in load().practices:
        if p.table == "B1.1" and p.number <= 59:
            assert p.source.title, p.id
            assert (p.source.note is None) == (p.number != 59), p.id


def test_texts_differ_per_language() -> None:
    # A copy-paste of the Dutch into the English field (or the reverse) is a defect.
    kb = load()
    for kind in KINDS:
        for record in kb.records(kind):
            for text in _texts(record):
                if len(text.nl) > 40:
                    assert text.nl != text.en, getattr(record, "id", record)


def test_codes_are_in_their_vocabularies() -> None:
    kb = load()
    categories = {t.code for t in kb.vocab.categories}
    used = {c for p in kb.practices for c in p.categories}
    assert used <= categories
    # Every category is used by at least one practice or statement; a dead code is noise.
    used |= {c for s in kb.statements for c in s.categories}
    assert categories <= used, sorted(categories - used)


def test_ids_follow_the_table_and_row() -> None:
    for p in load().practices:
        assert p.id == f"gp-b{p.table[1]}{p.table[3]}-{p.number:02d}"


def test_home_work_is_exactly_table_b12() -> None:
    for p in load().practices:
        assert p.home_work == (p.table == "B1.2"), p.id


def test_four_core_experts_are_the_arbowet_ones() -> None:
    core = {a.id for a in load().actors if a.core_expert}
    assert core == {"bedrijfsarts", "veiligheidsdeskundige", "arbeidshygienist", "a-o-deskundige"}


def test_absence_model_is_a_cycle_of_four_parts() -> None:
    parts = {m.id: m for m in load().model}
    assert set(parts) == {"balance", "individual-approach", "absence-moment", "return-threshold"}
    assert "balance" in parts["return-threshold"].leads_to


def test_no_medical_or_diagnosis_field_in_any_model() -> None:
    kb = load()
    for kind in KINDS:
        for record in kb.records(kind):
            for name in type(record).model_fields:
                assert "diagnos" not in name and "medical" not in name, (kind, name)
