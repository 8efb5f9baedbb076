"""Row-level checks of the records against the report text itself (../shared/seeds)."""

from __future__ import annotations

import re

from verzuim.knowledge import load
from verzuim.knowledge.models import Practice

from .seed import table_1, table_b11_rows, table_b12_text

ABSENCE = {"Lichamelijke klachten": "physical", "Mentale klachten": "mental", "Algemeen": "general"}
WORKER = {"Praktisch opgeleid": "practical", "Theoretisch opgeleid": "theoretical", "Beide": "both"}


def _b11() -> dict[int, Practice]:
    return {p.number: p for p in load().practices if p.table == "B1.1"}


def test_every_row_of_table_b11_matches_its_record() -> None:
    rows = table_b11_rows()
    records = _b11()
    assert sorted(rows) == sorted(records) == list(range(1, 77))
    mismatches = []
    for number, row in rows.items():
        p = records[number]
        have = (p.country, p.year_text, p.absence_type, p.worker_type, p.components)
        want = (
            row["country"],
            row["year_text"],
            ABSENCE[row["absence"]],
            WORKER[row["worker"]],
            row["components"].lower(),
        )
        if have != want:
            mismatches.append((number, have, want))
    assert not mismatches


def test_year_number_follows_the_printed_year() -> None:
    for p in load().practices:
        digits = "".join(ch for ch in p.year_text if ch.isdigit())
        assert p.year == (int(digits) if len(digits) == 4 else None), p.id


def test_table_1_counts_match_the_actors() -> None:
    printed = list(table_1().values())
    scored = sorted((a for a in load().actors if a.table1_rank), key=lambda a: a.table1_rank or 0)
    assert [a.table1_rank for a in scored] == list(range(1, 22))
    for actor, counts in zip(scored, printed, strict=True):
        assert actor.relevance is not None
        have = (
            actor.relevance.very_relevant,
            actor.relevance.relevant_not_primary,
            actor.relevance.not_relevant,
        )
        assert have == counts, actor.id


def test_every_reported_figure_stands_in_its_row() -> None:
    # A number in `figures` that the row does not print would be an invented fact.
    rows = table_b11_rows()
    b12 = table_b12_text()
    for p in load().practices:
        source = rows[p.number]["text"] if p.table == "B1.1" else b12
        for figure in p.figures:
            for number in re.findall(r"\d+(?:[.,]\d+)*", figure.nl):
                assert number in source, f"{p.id}: {number!r} of {figure.nl!r} not in the row"
