"""The same unit's absence figures beside a balance signal: ZVP, ZMF and recurrence.

Read through the audited ``store.absence.reading`` and computed by ``analytics.metrics``,
so the absence figures' own small-group rules apply (a unit under 5 employees, or hidden to
protect a sibling, shows no figures). The period is the 12 months up to the round's closing
day, or up to today while the round is still open: the year the balance describes.

How the units match: a round's units are paths of the organisation's unit tree (the same
paths its employees carry, ``Zorg/Team A``). A unit's absence figures are those of the
dashboard's roll-up: the employees booked on that path and on every path below it. A typed
unit no employee carries has no figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from verzuim.analytics import metrics, periods
from verzuim.analytics.models import Period, Suppression
from verzuim.store import absence
from verzuim.store.database import Database
from verzuim.store.tenancy import Tenant


@dataclass(frozen=True)
class UnitAbsence:
    unit: str
    employees: int
    suppressed: Suppression | None  # hidden by the absence figures' small-group rule
    zvp: float | None  # percent of the working days lost to sickness
    zmf: float | None  # new sick spells per employee per year
    recurrence: float | None  # percent of spells followed by a new one within 28 days


@dataclass(frozen=True)
class AbsenceBeside:
    period: Period
    units: dict[str, UnitAbsence]  # only units employees carry


def absence_period(closes: dt.date, today: dt.date) -> Period:
    end = min(closes, today)
    return periods.period(periods.rolling_year_start(end), end)


def for_units(
    database: Database,
    tenant: Tenant,
    round_id: int,
    units: list[str],
    closes: dt.date,
    today: dt.date | None = None,
) -> AbsenceBeside | None:
    """The figures of ``units`` (as ``tenant`` may see them); None when the organisation has
    no absence data."""
    period = absence_period(closes, today or dt.date.today())
    scope = f"balance-round/{round_id} from={period.start} to={period.end} units={len(units)}"
    with absence.reading(database, tenant, "absence-data", scope) as source:
        employees, _episodes = source.counts()
        if not employees:
            return None
        org = source.org
        # The figures change only with the organisation's data (data_version); the audit
        # entry above is written for every view all the same.
        key = ("balance-absence", org.id, org.data_version, period, tenant.units)
        result = database.results.get_or_make(
            key,
            lambda: metrics.compute(
                source.cursor(),
                [period],
                "unit",
                rollup=True,
                bradford=False,
                org_id=source.org_key,
                visible=source.visible,
            )[0],
        )
    wanted = set(units)
    return AbsenceBeside(
        period,
        {
            g.group: UnitAbsence(
                g.group,
                g.employees,
                g.suppression if g.suppressed else None,
                g.zvp,
                g.zmf,
                g.recurrence,
            )
            for g in result.groups
            if g.group in wanted
        },
    )
