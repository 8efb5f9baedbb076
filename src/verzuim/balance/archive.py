"""The balance check's part of the organisation's full export (``verzuim org export``).

As stored: the rounds and the anonymous responses (a random id, unit, day, answers). Of the
invitations only how many codes each unit got and how many were used: the codes themselves
still open a round, and nothing joins a used code to its answers, so nothing here can
either. The aggregated results per round, unit and dimension follow the suppression rules
of the pages (a hidden unit has no scores). Of the answers to open questions only the
released ones (units with 10+ responses, reviewed): never one before its release. The
organisation delete needs nothing from here: every balance table has ``org_id`` and
``delete_whole`` empties them all.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from verzuim.balance import comments
from verzuim.balance.results import all_units
from verzuim.store.models import BalanceCode, BalanceResponse, BalanceRound
from verzuim.store.tenancy import Tenant


def _round_row(r: BalanceRound) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "instrument": r.instrument,
        "opens": r.opens,
        "closes": r.closes,
        "units": list(r.units),
        "single_use": r.single_use,
        "created_by": r.created_by,
        "created_at": r.created_at,
    }


def export_rows(session: Session, tenant: Tenant) -> dict[str, list[dict[str, Any]]]:
    """``balance_rounds``, ``balance_comments`` (released ones only), ``balance_invitations``,
    ``balance_responses``, ``balance_results``."""
    found = session.scalars(
        select(BalanceRound).where(BalanceRound.org_id == tenant.org_id).order_by(BalanceRound.id)
    ).all()
    invitations = [
        {"round_id": round_id, "unit": unit, "single_use": single, "codes": n, "used": int(used)}
        for round_id, unit, single, n, used in session.execute(
            select(
                BalanceCode.round_id,
                BalanceCode.unit,
                BalanceCode.single_use,
                func.count(),
                func.sum(case((BalanceCode.used, 1), else_=0)),
            )
            .where(BalanceCode.org_id == tenant.org_id)
            .group_by(BalanceCode.round_id, BalanceCode.unit, BalanceCode.single_use)
            .order_by(BalanceCode.round_id, BalanceCode.unit)
        ).all()
    ]
    responses = [
        {"id": r.id, "round_id": r.round_id, "unit": r.unit, "day": r.day, "answers": r.answers}
        for r in session.scalars(
            select(BalanceResponse)
            .where(BalanceResponse.org_id == tenant.org_id)
            .order_by(BalanceResponse.round_id, BalanceResponse.unit, BalanceResponse.id)
        )
    ]
    results: list[dict[str, Any]] = []
    for r in found:
        units, total = all_units(session, r)
        for u in [*units, total]:
            base = {
                "round_id": r.id,
                "unit": u.unit or None,  # None: the whole round
                "responses": u.responses,
                "suppressed": u.suppressed,
            }
            if u.suppressed is not None:
                results.append({**base, "dimension": None, "score": None})
            for dimension, score in u.scores.items():
                results.append({**base, "dimension": dimension, "score": score})
    return {
        "balance_rounds": [_round_row(r) for r in found],
        "balance_comments": comments.released_for_export(session, tenant),
        "balance_invitations": invitations,
        "balance_responses": responses,
        "balance_results": results,
    }
