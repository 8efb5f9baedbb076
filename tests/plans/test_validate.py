"""The plan's checks and views as plain functions: every problem located, dates in order,
the timeline from actual or planned dates, owners grouped."""

from __future__ import annotations

import datetime as dt

from verzuim.plans.model import MeasureIn, PlanItem, PlanList, ProcessFields, StatusEntry
from verzuim.plans.service import by_owner, timeline
from verzuim.plans.validate import check_measure, check_status, unit_prefixes

KNOWN = unit_prefixes(["Zorg/Team A", "Zorg/Team B", "Kantoor"])


def test_unit_prefixes_cover_every_level() -> None:
    assert {"Zorg", "Zorg/Team A", "Zorg/Team B", "Kantoor"} == KNOWN


def test_every_problem_at_once_with_its_field() -> None:
    data = MeasureIn(
        title="  Werkdruk  ",
        units=[" Zorg / Team A ", "Zorg/Team A", "Productie", "Zorg//B"],
        actors=["bedrijfsarts", "astroloog"],
        owner_id=7,
        planned_start=dt.date(2025, 3, 1),
        planned_end=dt.date(2025, 2, 1),
    )
    cleaned, problems = check_measure(data, KNOWN, {1, 2}, {"bedrijfsarts"})
    assert cleaned.title == "Werkdruk"
    assert cleaned.units == ["Zorg/Team A"]  # trimmed, once
    assert [p.field for p in problems] == [
        "units[2]",
        "units[3]",
        "actors[1]",
        "owner_id",
        "planned_end",
    ]
    assert all(p.nl and p.en for p in problems)


def test_any_unit_is_accepted_before_data_is_imported() -> None:
    _cleaned, problems = check_measure(
        MeasureIn(title="x", units=["Nieuw/Team"]), set(), set(), set()
    )
    assert problems == []


def test_status_rules() -> None:
    today = dt.date(2025, 6, 1)
    first = [StatusEntry(status="planned", day=today, by="a")]
    # A measure recorded today may have started before.
    assert check_status("planned", "running", dt.date(2025, 1, 1), first, today) == []
    later = [*first, StatusEntry(status="running", day=dt.date(2025, 5, 1), by="a")]
    assert [
        p.field for p in check_status("running", "done", dt.date(2025, 4, 1), later, today)
    ] == ["day"]
    assert [p.field for p in check_status("running", "running", today, later, today)] == ["status"]
    assert [
        p.field for p in check_status("running", "done", dt.date(2025, 6, 2), later, today)
    ] == ["day"]


def _item(i: int, start: dt.date | None, end: dt.date | None, owner: int | None = None) -> PlanItem:
    from verzuim.plans.model import OwnerRef

    return PlanItem(
        id=i, title=f"m{i}", origin="free", origin_ref="", risk="", units=[], actors=[],
        owner=OwnerRef(user_id=owner, email=f"u{owner}@x.nl") if owner else None,
        budget_eur=100.0, planned_start=start, planned_end=end, status="planned",
        status_since=dt.date(2025, 1, 1), started=None, finished=None, notes="",
        process=ProcessFields(), history=[],
    )  # fmt: skip


def test_timeline_and_owners() -> None:
    today = dt.date(2025, 6, 15)
    plan = PlanList(
        organisation="x",
        filters={},  # type: ignore[arg-type]
        items=[
            _item(1, dt.date(2025, 9, 1), dt.date(2025, 12, 31), owner=2),
            _item(2, dt.date(2025, 1, 10), dt.date(2025, 3, 31), owner=2),
            _item(3, None, None),
        ],
        counts={},
        budget_total_eur=300,
    )
    t = timeline(plan, today)
    assert [b.id for b in t.bars] == [2, 3, 1]  # by start; the undated one from today
    assert t.first == dt.date(2025, 1, 1) and t.last == dt.date(2025, 12, 31)
    assert len(t.months) == 12
    undated = t.bars[1]
    assert not undated.dated and undated.start == today and undated.end == today + dt.timedelta(30)
    groups = by_owner(plan).groups
    assert [g.owner.user_id if g.owner else None for g in groups] == [2, None]
    assert groups[0].budget_eur == 200
