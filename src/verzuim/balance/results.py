"""A round's results: one typed result that the page, JSON twin, CLI and exports render.

Per unit and dimension a 0..100 score (scoring.py), hidden for units under 5 responses with
complementary suppression (suppression.py), group scores for the load-against-capacity map,
the distribution per item over the shown units, the trend over the organisation's rounds,
and signals in plain words. Managers see their own units only; suppression is decided over
all units first, so what a manager sees is never less protected.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session

from verzuim.accounts import audit
from verzuim.balance.instrument import Group, Instrument, by_key
from verzuim.balance.scoring import Scorer, group_score
from verzuim.balance.suppression import THRESHOLD, Reason, suppress
from verzuim.store.database import Database
from verzuim.store.models import BalanceResponse, BalanceRound, Organisation
from verzuim.store.tenancy import Tenant

GROUPS: tuple[Group, ...] = ("load", "capacity", "binding")
TREND_ROUNDS = 6


@dataclass(frozen=True)
class UnitResult:
    unit: str
    responses: int
    suppressed: Reason | None
    scores: dict[str, float | None]  # empty when suppressed
    groups: dict[str, float | None]  # load, capacity, binding; empty when suppressed


@dataclass(frozen=True)
class ItemDistribution:
    question: str
    dimension: str
    text_nl: str
    text_en: str
    reversed: bool
    counts: dict[int, int]  # value -> respondents, over the shown units the reader sees
    skipped: int


@dataclass(frozen=True)
class TrendPoint:
    round: int
    name: str
    opens: dt.date
    groups: dict[str, dict[str, float | None]]  # unit -> group -> score (shown units only)


@dataclass(frozen=True)
class Signal:
    unit: str
    kind: str
    text_nl: str
    text_en: str
    advice_url: str
    absence_url: str


@dataclass(frozen=True)
class DimensionInfo:
    id: str
    group: str
    name_nl: str
    name_en: str


@dataclass(frozen=True)
class RoundResult:
    round: int
    name: str
    instrument: str
    instrument_status_nl: str
    instrument_status_en: str
    validated: bool
    opens: dt.date
    closes: dt.date
    threshold: int
    dimensions: list[DimensionInfo]
    units: list[UnitResult]
    total: UnitResult | None  # the whole round; None for managers or under the threshold
    items: list[ItemDistribution] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)


def _round_units(
    instrument: Instrument, units: list[str], rows: list[tuple[str, dict[str, Any]]]
) -> tuple[list[UnitResult], UnitResult]:
    """Every unit's result (suppression applied) and the total, before any reader's scope."""
    scorer = Scorer(instrument)
    by_unit: dict[str, list[dict[str, Any]]] = {u: [] for u in units}
    for unit, answers in rows:
        by_unit.setdefault(unit, []).append(answers)
    hidden = suppress({u: len(a) for u, a in by_unit.items()})
    members = {g: instrument.dimensions_in(g) for g in GROUPS}

    def result(unit: str, answers: list[dict[str, Any]], reason: Reason | None) -> UnitResult:
        if reason is not None:
            return UnitResult(unit, len(answers), reason, {}, {})
        scores = scorer.unit(answers)
        groups: dict[str, float | None] = {g: group_score(scores, members[g]) for g in GROUPS}
        return UnitResult(unit, len(answers), None, scores, groups)

    results = [result(u, a, hidden.get(u)) for u, a in by_unit.items()]
    everyone = [a for _u, a in rows]
    total = result("", everyone, "small" if len(everyone) < THRESHOLD else None)
    return results, total


def _rows(session: Session, org_id: int, round_id: int) -> list[tuple[str, dict[str, Any]]]:
    return [
        (u, a)
        for u, a in session.execute(
            select(BalanceResponse.unit, BalanceResponse.answers).where(
                BalanceResponse.org_id == org_id, BalanceResponse.round_id == round_id
            )
        ).all()
    ]


def _distribution(
    instrument: Instrument, rows: list[tuple[str, dict[str, Any]]], shown: set[str]
) -> list[ItemDistribution]:
    picked = [a for u, a in rows if u in shown]
    found: list[ItemDistribution] = []
    for q in instrument.questions:
        scale = instrument.scale_of(q)
        counts = dict.fromkeys(range(scale.min, scale.max + 1), 0)
        skipped = 0
        for answers in picked:
            value = answers.get(q.id)
            if value is None:
                skipped += 1
            else:
                counts[int(value)] = counts.get(int(value), 0) + 1
        found.append(
            ItemDistribution(q.id, q.dimension, q.text.nl, q.text.en, q.reversed, counts, skipped)
        )
    return found


def _advice_url(org: Organisation, risks: list[str]) -> str:
    params: list[tuple[str, str]] = []
    if org.sbi_section:
        params.append(("sector", org.sbi_section))
    if org.size_class:
        params.append(("size_class", org.size_class))
    params.append(("concern", "general"))
    params += [("risks", r) for r in dict.fromkeys(risks)]
    return "/advies?" + urlencode(params)


def _signals(
    instrument: Instrument,
    org: Organisation,
    units: list[UnitResult],
    trend: list[TrendPoint],
) -> list[Signal]:
    """Plain-word signals per shown unit (rules in docs/balance.md, "Signals")."""
    shown = [u for u in units if u.suppressed is None]
    found: list[Signal] = []

    def median(group: str) -> float | None:
        values = [v for u in shown if (v := u.groups.get(group)) is not None]
        return statistics.median(values) if len(values) >= 2 else None

    load_median, capacity_median = median("load"), median("capacity")
    history = [p.groups for p in trend]  # oldest first, this round last

    def risks_of(unit: UnitResult, group: Group) -> list[str]:
        dims = sorted(
            (d for d in instrument.dimensions_in(group) if unit.scores.get(d) is not None),
            key=lambda d: -(unit.scores[d] or 0.0) if group == "load" else (unit.scores[d] or 0.0),
        )
        return [r for d in dims[:2] for r in instrument.dimension(d).risks]

    for u in shown:
        absence = f"/o/{org.slug}/analyse?unit={u.unit}"
        load, capacity, binding = (
            u.groups.get("load"),
            u.groups.get("capacity"),
            u.groups.get("binding"),
        )
        past = [h[u.unit].get("capacity") for h in history if u.unit in h]
        if (
            capacity is not None
            and capacity_median is not None
            and capacity < capacity_median
            and len(past) >= 3
            and None not in past[-3:]
            and past[-3] > past[-2] > past[-1]  # type: ignore[operator]
        ):
            found.append(
                Signal(
                    u.unit,
                    "capacity_falling",
                    f"Belastbaarheid onder de mediaan van de organisatie en twee rondes op rij "
                    f"gedaald in {u.unit}.",
                    f"Capacity below the organisation's median and falling for two rounds in "
                    f"{u.unit}.",
                    _advice_url(org, risks_of(u, "capacity") or ["psychosocial_load"]),
                    absence,
                )
            )
        if load is not None and load_median is not None and load >= load_median + 10:
            found.append(
                Signal(
                    u.unit,
                    "load_high",
                    f"Belasting in {u.unit} ligt {load - load_median:.0f} punten boven de "
                    "mediaan van de organisatie.",
                    f"Load in {u.unit} is {load - load_median:.0f} points above the "
                    "organisation's median.",
                    _advice_url(org, risks_of(u, "load")),
                    absence,
                )
            )
        if load is not None and capacity is not None and load - capacity >= 15:
            found.append(
                Signal(
                    u.unit,
                    "balance_tips",
                    f"In {u.unit} weegt de belasting zwaarder dan de belastbaarheid "
                    f"({load:.0f} tegen {capacity:.0f}).",
                    f"In {u.unit} load outweighs capacity ({load:.0f} against {capacity:.0f}).",
                    _advice_url(org, risks_of(u, "load")),
                    absence,
                )
            )
        if binding is not None and binding < 50:
            found.append(
                Signal(
                    u.unit,
                    "binding_low",
                    f"Binding en ruimte om vroeg iets te melden zijn laag in {u.unit} "
                    f"({binding:.0f} van 100).",
                    f"Binding and room to raise things early are low in {u.unit} "
                    f"({binding:.0f} of 100).",
                    _advice_url(org, risks_of(u, "binding") or ["conflict_culture"]),
                    absence,
                )
            )
    return found


def _scope(tenant: Tenant, units: list[UnitResult]) -> list[UnitResult]:
    return [u for u in units if tenant.sees_unit(u.unit)]


def round_result(
    database: Database, tenant: Tenant, round_id: int, *, action: audit.Action = "read"
) -> RoundResult | None:
    """The results of one round as ``tenant`` may see them; None for an unknown round."""
    with database.tenant(tenant) as session:
        found = session.scalars(
            select(BalanceRound).where(
                BalanceRound.org_id == tenant.org_id, BalanceRound.id == round_id
            )
        ).first()
        if found is None:
            return None
        org = session.get(Organisation, tenant.org_id)
        assert org is not None
        instrument = by_key(found.instrument)
        rows = _rows(session, tenant.org_id, round_id)
        units, total = _round_units(instrument, list(found.units), rows)
        visible = _scope(tenant, units)
        shown = {u.unit for u in visible if u.suppressed is None}
        earlier = session.scalars(
            select(BalanceRound)
            .where(
                BalanceRound.org_id == tenant.org_id,
                BalanceRound.instrument == found.instrument,
                BalanceRound.opens < found.opens,
            )
            .order_by(BalanceRound.opens.desc())
            .limit(TREND_ROUNDS - 1)
        ).all()
        trend: list[TrendPoint] = []
        for past in reversed(earlier):
            past_units, _ = _round_units(
                instrument, list(past.units), _rows(session, tenant.org_id, past.id)
            )
            trend.append(_point(past, _scope(tenant, past_units)))
        trend.append(_point(found, visible))
        audit.record(
            session,
            tenant,
            action,
            f"balance-round/{round_id}/results",
            ",".join(tenant.units) if tenant.unit_limited else "",
        )
        return RoundResult(
            round=found.id,
            name=found.name,
            instrument=found.instrument,
            instrument_status_nl=instrument.status.nl,
            instrument_status_en=instrument.status.en,
            validated=instrument.validated,
            opens=found.opens,
            closes=found.closes,
            threshold=THRESHOLD,
            dimensions=[
                DimensionInfo(d.id, d.group, d.name.nl, d.name.en) for d in instrument.dimensions
            ],
            units=visible,
            total=None if tenant.unit_limited or total.suppressed else total,
            items=_distribution(instrument, rows, shown) if len(shown) else [],
            trend=trend,
            signals=_signals(instrument, org, visible, trend),
        )


def _point(found: BalanceRound, units: list[UnitResult]) -> TrendPoint:
    return TrendPoint(
        found.id,
        found.name,
        found.opens,
        {u.unit: dict(u.groups) for u in units if u.suppressed is None},
    )
