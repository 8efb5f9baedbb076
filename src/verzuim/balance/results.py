"""A round's results: one typed result that the page, JSON twin, CLI and exports render.

Per unit and dimension a 0..100 score (scoring.py), hidden for units under 5 responses with
complementary suppression (suppression.py), group scores for the load-against-capacity map,
the distribution per item over the shown units, the trend over the organisation's rounds,
and signals in plain words. Managers see their own units only; suppression is decided over
all units first, so what a manager sees is never less protected.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from verzuim.accounts import audit
from verzuim.analytics.models import Period
from verzuim.balance import absence
from verzuim.balance.absence import UnitAbsence
from verzuim.balance.comments import UnitComments, released
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
    # The same unit's ZVP, ZMF and recurrence (balance/absence.py); None when the
    # organisation has no absence data or no employee carries the unit's path.
    absence: UnitAbsence | None = None


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
    # The period of the absence figures beside the signals; None without absence data.
    absence_period: Period | None = None
    # Released answers to open questions, units with 10 or more responses only.
    comments: list[UnitComments] = field(default_factory=list)


def _round_units(
    instrument: Instrument,
    units: list[str],
    rows: list[tuple[str, dict[str, Any]]],
    distribution_of: Callable[[str], bool] | None = None,
) -> tuple[list[UnitResult], UnitResult, list[ItemDistribution]]:
    """Every unit's result (suppression applied), the total, and the distribution per item
    over the shown units that ``distribution_of`` accepts; numpy over one answer matrix."""
    scorer = Scorer(instrument)
    sizes: dict[str, int] = dict.fromkeys(units, 0)
    for unit, _answers in rows:
        sizes[unit] = sizes.get(unit, 0) + 1
    hidden = suppress(sizes)
    names = list(sizes)
    position = {u: i for i, u in enumerate(names)}
    unit_index = np.fromiter((position[u] for u, _a in rows), dtype=np.intp, count=len(rows))
    values = scorer.matrix([a for _u, a in rows])
    sums, counts = scorer.unit_sums(scorer.respondents(values), unit_index, len(names))
    members = {g: instrument.dimensions_in(g) for g in GROUPS}

    def result(unit: str, size: int, row: int | None, reason: Reason | None) -> UnitResult:
        if reason is not None:
            return UnitResult(unit, size, reason, {}, {})
        if row is None:  # the total: every unit's respondents together
            scores = scorer.scores(sums.sum(axis=0), counts.sum(axis=0))
        else:
            scores = scorer.scores(sums[row], counts[row])
        groups: dict[str, float | None] = {g: group_score(scores, members[g]) for g in GROUPS}
        return UnitResult(unit, size, None, scores, groups)

    results = [result(u, n, position[u], hidden.get(u)) for u, n in sizes.items()]
    total = result("", len(rows), None, "small" if len(rows) < THRESHOLD else None)
    counted = np.array([u not in hidden and (distribution_of or _no)(u) for u in names], dtype=bool)
    items: list[ItemDistribution] = []
    if counted.any():
        chosen = values[counted[unit_index]]
        for j, q in enumerate(instrument.questions):
            scale = instrument.scale_of(q)
            column = chosen[:, j]
            valid = (column >= scale.min) & (column <= scale.max)  # NaN (skipped) is neither
            found = np.bincount(
                (column[valid] - scale.min).astype(np.intp),
                minlength=scale.max - scale.min + 1,
            )
            per_value = {scale.min + k: int(n) for k, n in enumerate(found)}
            items.append(
                ItemDistribution(
                    q.id,
                    q.dimension,
                    q.text.nl,
                    q.text.en,
                    q.reversed,
                    per_value,
                    len(chosen) - int(valid.sum()),
                )
            )
    return results, total, items


def _no(_unit: str) -> bool:
    return False


def _rows(session: Session, org_id: int, round_id: int) -> list[tuple[str, dict[str, Any]]]:
    """The round's (unit, answers). Read on the driver's own cursor, inside the session's
    transaction (and its tenant setting), without SQLAlchemy's per-row work: 10,000 rows."""
    marker = "?" if session.get_bind().dialect.paramstyle == "qmark" else "%s"
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(
            "SELECT unit, answers FROM balance_responses "
            f"WHERE org_id = {marker} AND round_id = {marker}",
            (org_id, round_id),
        )
        found = cursor.fetchall()
    finally:
        cursor.close()
    if found and not isinstance(found[0][1], str):
        return [(u, a) for u, a in found]  # PostgreSQL's driver decodes JSON itself
    # One decoder call for all rows costs far less than one per row.
    decoded = json.loads("[" + ",".join(a for _u, a in found) + "]")
    return [(u, a) for (u, _a), a in zip(found, decoded, strict=True)]


def _count(session: Session, org_id: int, round_id: int) -> int:
    return int(
        session.scalar(
            select(func.count()).where(
                BalanceResponse.org_id == org_id, BalanceResponse.round_id == round_id
            )
        )
        or 0
    )


Computed = tuple[list[UnitResult], UnitResult, list[ItemDistribution]]


def _computed(
    database: Database,
    session: Session,
    tenant: Tenant,
    found: BalanceRound,
    instrument: Instrument,
    items_for: Callable[[str], bool] | None,
) -> Computed:
    """A round's results before the reader's scope, cached: responses are only ever added,
    so (round, number of responses, reader's units) identifies them."""
    scope = tenant.units if tenant.unit_limited else ("*",)
    key = (
        "balance",
        found.org_id,
        found.id,
        found.instrument,
        _count(session, found.org_id, found.id),
        scope if items_for is not None else None,
    )
    return database.results.get_or_make(
        key,
        lambda: _round_units(
            instrument, list(found.units), _rows(session, found.org_id, found.id), items_for
        ),
    )


def all_units(session: Session, found: BalanceRound) -> tuple[list[UnitResult], UnitResult]:
    """Every unit of a round and the total, suppression applied, for no reader in particular
    (the organisation's full export): no distribution per item, no cache."""
    units, total, _items = _round_units(
        by_key(found.instrument), list(found.units), _rows(session, found.org_id, found.id)
    )
    return units, total


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
        absence = f"/o/{org.slug}/analyse/dashboard?by=unit"
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
    database: Database,
    tenant: Tenant,
    round_id: int,
    *,
    action: audit.Action = "read",
    today: dt.date | None = None,
) -> RoundResult | None:
    """The results of one round as ``tenant`` may see them, each signal with its unit's
    absence figures when there are absence data; None for an unknown round."""
    found = _balance_result(database, tenant, round_id, action)
    if found is None or not found.signals:
        return found
    beside = absence.for_units(
        database, tenant, round_id, sorted({s.unit for s in found.signals}), found.closes, today
    )
    if beside is None:
        return found
    return dataclasses.replace(
        found,
        absence_period=beside.period,
        signals=[dataclasses.replace(s, absence=beside.units.get(s.unit)) for s in found.signals],
    )


def _balance_result(
    database: Database, tenant: Tenant, round_id: int, action: audit.Action
) -> RoundResult | None:
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
        units, total, items = _computed(
            database, session, tenant, found, instrument, tenant.sees_unit
        )
        visible = _scope(tenant, units)
        earlier = session.scalars(
            select(BalanceRound)
            .where(
                BalanceRound.org_id == tenant.org_id,
                # Versions of one instrument share its dimensions (1.1 only added open
                # questions); each round is scored with the version it recorded.
                BalanceRound.instrument.startswith(f"{instrument.id}@", autoescape=True),
                BalanceRound.opens < found.opens,
            )
            .order_by(BalanceRound.opens.desc())
            .limit(TREND_ROUNDS - 1)
        ).all()
        trend: list[TrendPoint] = []
        for past in reversed(earlier):
            past_units, _total, _items = _computed(
                database, session, tenant, past, by_key(past.instrument), None
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
            items=items,
            trend=trend,
            signals=_signals(instrument, org, visible, trend),
            comments=released(session, tenant, found, {u.unit: u.responses for u in units}),
        )


def _point(found: BalanceRound, units: list[UnitResult]) -> TrendPoint:
    return TrendPoint(
        found.id,
        found.name,
        found.opens,
        {u.unit: dict(u.groups) for u in units if u.suppressed is None},
    )
