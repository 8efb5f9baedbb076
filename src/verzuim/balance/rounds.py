"""Rounds and their invitation codes: create, list, response rates (analysts, prevention).

A round covers chosen units of the organisation's unit tree (the distinct unit paths of its
employees; typed units when no employees are imported yet). Each unit gets one open code
(anyone with the link answers, any number of times) or N single-use codes to hand out.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from verzuim.accounts import audit
from verzuim.balance.instrument import Instrument, default
from verzuim.store.database import Database
from verzuim.store.models import BalanceCode, BalanceResponse, BalanceRound, EmployeeRow
from verzuim.store.tenancy import Tenant

# No 0/o, 1/l/i: codes are read off paper and typed on a phone.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 10
CODE_PATTERN = rf"^[{ALPHABET}]{{{CODE_LENGTH}}}$"
MAX_CODES_PER_UNIT = 2000
MAX_UNITS = 500


class RoundError(ValueError):
    """Input for a round that cannot be used; the message says what and how to fix it."""


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


@dataclass(frozen=True)
class Invitation:
    unit: str
    code: str
    single_use: bool
    used: bool


@dataclass(frozen=True)
class UnitRate:
    unit: str
    invited: int | None  # single-use codes handed out; None for an open link
    responses: int

    @property
    def rate(self) -> float | None:
        return self.responses / self.invited if self.invited else None


@dataclass(frozen=True)
class RoundInfo:
    id: int
    name: str
    instrument: str
    opens: dt.date
    closes: dt.date
    units: list[str]
    single_use: bool
    rates: list[UnitRate]

    def is_open(self, today: dt.date) -> bool:
        return self.opens <= today <= self.closes


def unit_tree(session: Session, tenant: Tenant) -> list[str]:
    """The organisation's units: the distinct unit paths of its employees."""
    rows = session.scalars(
        select(EmployeeRow.unit).where(EmployeeRow.org_id == tenant.org_id).distinct()
    )
    return sorted(set(rows))


def _clean_units(units: list[str], known: list[str]) -> list[str]:
    cleaned: list[str] = []
    for raw in units:
        unit = "/".join(part.strip() for part in raw.strip().strip("/").split("/"))
        if not unit or any(not part for part in unit.split("/")):
            raise RoundError(f"Unit '{raw}' is empty or has an empty part; write e.g. Zorg/Team A.")
        if len(unit) > 500:
            raise RoundError(f"Unit '{unit[:40]}...' is longer than 500 characters.")
        if unit not in cleaned:
            cleaned.append(unit)
    if not cleaned:
        raise RoundError("Choose at least one unit (--unit PATH, or tick one on the page).")
    if len(cleaned) > MAX_UNITS:
        raise RoundError(f"At most {MAX_UNITS} units per round; {len(cleaned)} were given.")
    if known:
        unknown = [u for u in cleaned if u not in known]
        if unknown:
            raise RoundError(
                f"Unknown unit(s) {', '.join(unknown)}: the organisation's units are "
                f"{', '.join(known[:20])}{' ...' if len(known) > 20 else ''}."
            )
    return cleaned


def create_round(
    database: Database,
    tenant: Tenant,
    name: str,
    units: list[str],
    codes_per_unit: int | None = None,
    opens: dt.date | None = None,
    closes: dt.date | None = None,
    instrument: Instrument | None = None,
) -> tuple[int, list[Invitation]]:
    """A new round with its codes; nothing is stored when the input is refused."""
    name = name.strip()
    if not name or len(name) > 200:
        raise RoundError("Give the round a name of 1 to 200 characters.")
    if codes_per_unit is not None and not 1 <= codes_per_unit <= MAX_CODES_PER_UNIT:
        raise RoundError(f"Codes per unit must be between 1 and {MAX_CODES_PER_UNIT}.")
    opens = opens or dt.date.today()
    closes = closes or opens + dt.timedelta(days=21)
    if closes < opens:
        raise RoundError(f"The round closes ({closes}) before it opens ({opens}).")
    chosen = instrument or default()
    with database.tenant(tenant) as session:
        cleaned = _clean_units(units, unit_tree(session, tenant))
        found = BalanceRound(
            org_id=tenant.org_id,
            name=name,
            instrument=chosen.key,
            opens=opens,
            closes=closes,
            units=cleaned,
            single_use=codes_per_unit is not None,
            created_by=tenant.actor,
        )
        session.add(found)
        session.flush()
        invitations: list[Invitation] = []
        for unit in cleaned:
            for _ in range(codes_per_unit or 1):
                invitations.append(Invitation(unit, new_code(), codes_per_unit is not None, False))
        session.add_all(
            BalanceCode(
                code=i.code,
                org_id=tenant.org_id,
                round_id=found.id,
                unit=i.unit,
                single_use=i.single_use,
                used=False,
            )
            for i in invitations
        )
        audit.record(
            session, tenant, "change", f"balance-round/{found.id}", f"{len(cleaned)} units"
        )
        return found.id, invitations


def _info(session: Session, found: BalanceRound) -> RoundInfo:
    counts = dict(
        session.execute(
            select(BalanceResponse.unit, func.count())
            .where(BalanceResponse.org_id == found.org_id, BalanceResponse.round_id == found.id)
            .group_by(BalanceResponse.unit)
        ).all()
    )
    invited: dict[str, int] = {}
    if found.single_use:
        invited = dict(
            session.execute(
                select(BalanceCode.unit, func.count())
                .where(BalanceCode.org_id == found.org_id, BalanceCode.round_id == found.id)
                .group_by(BalanceCode.unit)
            ).all()
        )
    rates = [
        UnitRate(u, invited.get(u) if found.single_use else None, int(counts.get(u, 0)))
        for u in found.units
    ]
    return RoundInfo(
        found.id,
        found.name,
        found.instrument,
        found.opens,
        found.closes,
        list(found.units),
        found.single_use,
        rates,
    )


def get_round(session: Session, tenant: Tenant, round_id: int) -> BalanceRound | None:
    return session.scalars(
        select(BalanceRound).where(
            BalanceRound.org_id == tenant.org_id, BalanceRound.id == round_id
        )
    ).first()


def rounds(database: Database, tenant: Tenant) -> list[RoundInfo]:
    """The organisation's rounds, newest first, with responses per unit (managers: theirs)."""
    with database.tenant(tenant) as session:
        found = session.scalars(
            select(BalanceRound)
            .where(BalanceRound.org_id == tenant.org_id)
            .order_by(BalanceRound.opens.desc(), BalanceRound.id.desc())
        ).all()
        audit.record(session, tenant, "read", "balance-rounds")
        infos = [_info(session, r) for r in found]
    return [_only_visible(i, tenant) for i in infos]


def round_info(database: Database, tenant: Tenant, round_id: int) -> RoundInfo | None:
    with database.tenant(tenant) as session:
        found = get_round(session, tenant, round_id)
        if found is None:
            return None
        audit.record(session, tenant, "read", f"balance-round/{round_id}")
        return _only_visible(_info(session, found), tenant)


def _only_visible(info: RoundInfo, tenant: Tenant) -> RoundInfo:
    if not tenant.unit_limited:
        return info
    units = [u for u in info.units if tenant.sees_unit(u)]
    rates = [r for r in info.rates if tenant.sees_unit(r.unit)]
    return RoundInfo(
        info.id, info.name, info.instrument, info.opens, info.closes, units, info.single_use, rates
    )


def invitations(database: Database, tenant: Tenant, round_id: int) -> list[Invitation] | None:
    """A round's codes, for the printable list and the mail-merge CSV (audited as export)."""
    with database.tenant(tenant) as session:
        if get_round(session, tenant, round_id) is None:
            return None
        rows = session.scalars(
            select(BalanceCode)
            .where(BalanceCode.org_id == tenant.org_id, BalanceCode.round_id == round_id)
            .order_by(BalanceCode.unit, BalanceCode.code)
        ).all()
        audit.record(session, tenant, "export", f"balance-round/{round_id}/codes")
        return [Invitation(r.unit, r.code, r.single_use, r.used) for r in rows]
