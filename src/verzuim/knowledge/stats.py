"""Counts over the knowledge base, each beside the figure the report states.

`verzuim kb stats` prints these; tests/knowledge/test_report_counts.py asserts that every
counted value equals the report's figure, so a data edit that breaks a stated count fails CI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from verzuim.knowledge.load import KnowledgeBase
from verzuim.knowledge.models import Practice, ReviewGroup


@dataclass(frozen=True)
class Stat:
    code: str
    label: str
    counted: int
    reported: int
    where: str  # section or table of the report that states the figure

    @property
    def matches(self) -> bool:
        return self.counted == self.reported


Pred = Callable[[Practice], bool]


def _b11(kb: KnowledgeBase, pred: Pred = lambda p: True) -> int:
    return sum(1 for p in kb.practices if p.table == "B1.1" and pred(p))


def _by_type(kb: KnowledgeBase, absence: str, components: str | None = None) -> int:
    return _b11(
        kb,
        lambda p: p.absence_type == absence and components in (None, p.components),
    )


def _practice_stats(kb: KnowledgeBase) -> list[Stat]:
    b12 = [p for p in kb.practices if p.table == "B1.2"]
    rows: list[tuple[str, str, int, int, str]] = [
        ("practices_b11", "Good practices, Table B1.1", _b11(kb), 76, "3.4"),
        ("practices_nl", "  of which Dutch", _b11(kb, lambda p: p.country == "NL"), 48, "3.3"),
        (
            "practices_europe",
            "  of which other European countries",
            _b11(kb, lambda p: p.country != "NL"),
            28,
            "3.3",
        ),
        ("practices_b12", "Home-working practices, Table B1.2", len(b12), 7, "3.3.4"),
        (
            "practices_b12_multi",
            "  of which multi-component",
            sum(p.components == "multi" for p in b12),
            7,
            "3.3.4",
        ),
    ]
    for absence, total, single, multi, section in (
        ("physical", 35, 14, 21, "3.3.1"),
        ("mental", 13, 2, 11, "3.3.2"),
        ("general", 28, 5, 23, "3.3.3"),
    ):
        rows += [
            (absence, f"Absence type {absence}", _by_type(kb, absence), total, section),
            (
                f"{absence}_single",
                "  single-component",
                _by_type(kb, absence, "single"),
                single,
                section,
            ),
            (
                f"{absence}_multi",
                "  multi-component",
                _by_type(kb, absence, "multi"),
                multi,
                section,
            ),
        ]
    rows += [
        (
            "worker_practical",
            "Aimed at practically educated workers",
            _b11(kb, lambda p: p.worker_type == "practical"),
            52,
            "3.4",
        ),
        (
            "worker_theoretical",
            "Aimed at theoretically educated workers",
            _b11(kb, lambda p: p.worker_type == "theoretical"),
            14,
            "3.4",
        ),
        (
            "worker_both",
            "Aimed at both (76 - 52 - 14)",
            _b11(kb, lambda p: p.worker_type == "both"),
            10,
            "3.4, Table B1.1",
        ),
        (
            "theoretical_physical",
            "Theoretically educated, physical complaints",
            _b11(kb, lambda p: p.worker_type == "theoretical" and p.absence_type == "physical"),
            2,
            "3.4",
        ),
        (
            "physical_single_practical",
            "Physical single-component, practically educated",
            _b11(
                kb,
                lambda p: (
                    p.absence_type == "physical"
                    and p.components == "single"
                    and p.worker_type == "practical"
                ),
            ),
            14,
            "3.3.1.1",
        ),
    ]
    for group in kb.vocab.report_groups:
        counted = sum(
            1 for p in kb.practices if p.report_group == group.code and p.table == group.table
        )
        rows.append(
            (f"group_{group.code}", f"  {group.label.en}", counted, group.count, group.section)
        )
    return [Stat(*row) for row in rows]


def _evidence_stats(kb: KnowledgeBase) -> list[Stat]:
    groups: dict[str, ReviewGroup] = {g.absence_type: g for g in kb.review_groups}
    rows: list[Stat] = [
        Stat(
            "reviews",
            "Reviews in the scoping review",
            sum(g.reviews for g in groups.values()),
            28,
            "2.3",
        )
    ]
    stated = {
        "physical": (8, 3, 5, 3, 5, 0, 5, 3),
        "mental": (10, 6, 4, 5, 5, 4, 2, 4),
        "general": (10, 10, 0, 4, 6, 3, 3, 4),
    }
    names = (
        "reviews",
        "general working population",
        "(also) workers with health problems",
        "single-component",
        "multi-component",
        "concluded effective",
        "concluded partly effective",
        "concluded not effective",
    )
    for absence, figures in stated.items():
        g = groups.get(absence)
        counted = (
            (
                g.reviews,
                g.population_general,
                g.population_health_problems,
                g.single_component,
                g.multi_component,
                g.conclusions.get("effective", 0),
                g.conclusions.get("partly_effective", 0),
                g.conclusions.get("not_effective", 0),
            )
            if g
            else (0,) * 8
        )
        section = {"physical": "2.3.1", "mental": "2.3.2", "general": "2.3.3"}[absence]
        for name, have, want in zip(names, counted, figures, strict=True):
            label = f"Reviews {absence}: {name}" if name == "reviews" else f"  {name}"
            rows.append(Stat(f"reviews_{absence}_{name[:12]}", label, have, want, section))
    rows.append(Stat("statements", "Conclusions of section 2.4", len(kb.statements), 3, "2.4"))
    return rows


def _actor_stats(kb: KnowledgeBase) -> list[Stat]:
    scored = [a for a in kb.actors if a.relevance is not None]
    return [
        Stat("actors", "Actors in Bijlage 2", len(kb.actors), 24, "Table B2.1"),
        Stat("actors_scored", "Actors scored in Table 1", len(scored), 21, "Table 1"),
        Stat(
            "core_experts",
            "Kerndeskundigen (Arbowet)",
            sum(a.core_expert for a in kb.actors),
            4,
            "5.1",
        ),
        Stat(
            "actors_primary",
            "Scored very relevant by more than half of the 9 experts",
            sum(1 for a in scored if a.relevance and a.relevance.very_relevant > 4.5),
            6,
            "Table 1",
        ),
    ]


def compute(kb: KnowledgeBase) -> list[Stat]:
    """Every count the report states in chapters 2, 3 and 5 and Table 1, counted from records."""
    return _practice_stats(kb) + _evidence_stats(kb) + _actor_stats(kb)
