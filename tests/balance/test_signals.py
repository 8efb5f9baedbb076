"""Signals in plain words, by hand: each rule fires where it should and links to the advice."""

from __future__ import annotations

import datetime as dt

from verzuim.balance.instrument import default
from verzuim.balance.results import TrendPoint, UnitResult, _signals
from verzuim.store.models import Organisation


def _unit(name: str, load: float, capacity: float, binding: float) -> UnitResult:
    scores: dict[str, float | None] = {d.id: 50.0 for d in default().dimensions}
    scores["pace"] = load + 5  # the most telling load dimension
    groups: dict[str, float | None] = {"load": load, "capacity": capacity, "binding": binding}
    return UnitResult(name, 8, None, scores, groups)


def _point(n: int, capacity: dict[str, float]) -> TrendPoint:
    return TrendPoint(
        n, f"R{n}", dt.date(2026, n, 1), {u: {"capacity": c} for u, c in capacity.items()}
    )


def test_each_rule_by_hand() -> None:
    org = Organisation(slug="acme", name="Acme", sbi_section="F", size_class=None)
    units = [_unit("A", 40, 60, 70), _unit("B", 45, 62, 70), _unit("C", 70, 40, 45)]
    hidden = UnitResult("D", 3, "small", {}, {})
    trend = [
        _point(1, {"A": 60, "C": 55}),
        _point(2, {"A": 61, "C": 48}),
        _point(3, {"A": 60, "B": 62, "C": 40}),
    ]
    found = _signals(default(), org, [*units, hidden], trend)
    kinds = sorted((s.unit, s.kind) for s in found)
    # Medians: load 45, capacity 60. C: load 25 above, load - capacity 30, binding 45,
    # capacity below the median and falling 55 > 48 > 40. A and B: nothing.
    assert kinds == [
        ("C", "balance_tips"),
        ("C", "binding_low"),
        ("C", "capacity_falling"),
        ("C", "load_high"),
    ]
    load_high = next(s for s in found if s.kind == "load_high")
    assert "25 punten boven de mediaan" in load_high.text_nl
    assert load_high.advice_url.startswith("/advies?sector=F&concern=general&risks=")
    assert "psychosocial_load" in load_high.advice_url
    assert load_high.absence_url == "/o/acme/analyse/dashboard?by=unit"


def test_no_median_from_a_single_unit() -> None:
    org = Organisation(slug="acme", name="Acme", sbi_section=None, size_class=None)
    found = _signals(default(), org, [_unit("A", 70, 60, 70)], [])
    assert [s.kind for s in found] == []
