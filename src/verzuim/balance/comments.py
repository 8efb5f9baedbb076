"""Answers to open questions: checked on arrival, reviewed by an analyst, then shown.

Stored apart from the scored answers (``balance_comments``): a random id, the unit, the
question and the text; no response id, code, day or order, so a comment cannot be joined
to a code or to the scored answers it came with. Shown only for units with at least
:data:`THRESHOLD` responses, and only once an analyst has read them: the review lists a
unit's new answers (units under the threshold show a count only, never a text); the analyst
hides any that identifies someone (its text is emptied in the store, not kept) and releases
the rest. Answers arriving after a release wait for the next review.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from verzuim.accounts import audit
from verzuim.balance.instrument import Instrument, by_key
from verzuim.store.database import Database
from verzuim.store.models import BalanceComment, BalanceResponse, BalanceRound
from verzuim.store.tenancy import Tenant

THRESHOLD = 10  # responses a unit needs before any of its comments is shown or reviewed
State = Literal["new", "released", "hidden"]
# Control characters other than tab and newline: nothing a person types on purpose.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class ReviewError(ValueError):
    """A review step that cannot be taken; the message says why and what to do."""


def check_comments(instrument: Instrument, raw: Any) -> tuple[dict[str, str], list[str]]:
    """The answered open questions as {id: text} (empty ones left out), and the problems."""
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        return {}, ["comments: expected an object {open_question_id: text}"]
    kept: dict[str, str] = {}
    problems: list[str] = []
    for qid, value in raw.items():
        question = instrument.open_question(str(qid))
        if question is None:
            problems.append(f"comments.{qid}: no such open question in this round")
            continue
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(f"comments.{qid}: expected text")
            continue
        cleaned = _CONTROL.sub("", value).strip()
        if len(cleaned) > question.max_length:
            problems.append(
                f"comments.{qid}: {len(cleaned)} characters, at most {question.max_length}"
            )
        elif cleaned:
            kept[question.id] = cleaned
    return kept, problems


def store(session: Session, org_id: int, round_id: int, unit: str, kept: dict[str, str]) -> None:
    for qid, body in kept.items():
        session.add(
            BalanceComment(
                id=secrets.token_hex(16),
                org_id=org_id,
                round_id=round_id,
                unit=unit,
                question=qid,
                text=body,
                state="new",
            )
        )


@dataclass(frozen=True)
class Comment:
    id: str
    question: str
    text: str
    state: State


@dataclass(frozen=True)
class UnitReview:
    unit: str
    responses: int
    reviewable: bool  # at least THRESHOLD responses: texts are listed
    new: list[Comment]  # empty unless reviewable
    released: int
    hidden: int
    waiting: int  # new comments of a unit under the threshold (count only)


@dataclass(frozen=True)
class QuestionText:
    id: str
    nl: str
    en: str


@dataclass(frozen=True)
class Review:
    round: int
    name: str
    threshold: int
    questions: list[QuestionText]
    units: list[UnitReview]


@dataclass(frozen=True)
class UnitComments:
    """Released answers of one unit to one open question, in random-id order."""

    unit: str
    question: str
    question_nl: str
    question_en: str
    texts: list[str]


def _round(session: Session, tenant: Tenant, round_id: int) -> BalanceRound | None:
    return session.scalars(
        select(BalanceRound).where(
            BalanceRound.org_id == tenant.org_id, BalanceRound.id == round_id
        )
    ).first()


def _sizes(session: Session, org_id: int, round_id: int) -> dict[str, int]:
    return {
        unit: int(n)
        for unit, n in session.execute(
            select(BalanceResponse.unit, func.count())
            .where(BalanceResponse.org_id == org_id, BalanceResponse.round_id == round_id)
            .group_by(BalanceResponse.unit)
        ).all()
    }


def _questions(instrument: Instrument) -> list[QuestionText]:
    return [QuestionText(q.id, q.text.nl, q.text.en) for q in instrument.open_questions]


def review(database: Database, tenant: Tenant, round_id: int) -> Review | None:
    """What the analyst reviews: per unit its new answers (from THRESHOLD responses)."""
    with database.tenant(tenant) as session:
        found = _round(session, tenant, round_id)
        if found is None:
            return None
        sizes = _sizes(session, tenant.org_id, round_id)
        rows = session.scalars(
            select(BalanceComment)
            .where(BalanceComment.org_id == tenant.org_id, BalanceComment.round_id == round_id)
            .order_by(BalanceComment.unit, BalanceComment.question, BalanceComment.id)
        ).all()
        audit.record(session, tenant, "read", f"balance-round/{round_id}/comments", "review")
        units: list[UnitReview] = []
        for unit in found.units:
            if not tenant.sees_unit(unit):
                continue
            mine = [r for r in rows if r.unit == unit]
            size = sizes.get(unit, 0)
            reviewable = size >= THRESHOLD
            new = [r for r in mine if r.state == "new"]
            units.append(
                UnitReview(
                    unit,
                    size,
                    reviewable,
                    [Comment(r.id, r.question, r.text, "new") for r in new] if reviewable else [],
                    sum(r.state == "released" for r in mine),
                    sum(r.state == "hidden" for r in mine),
                    0 if reviewable else len(new),
                )
            )
        return Review(found.id, found.name, THRESHOLD, _questions(by_key(found.instrument)), units)


def hide(database: Database, tenant: Tenant, round_id: int, comment_id: str) -> bool:
    """Hide one answer for good: its text is emptied. False when there is no such answer."""
    with database.tenant(tenant) as session:
        found = session.scalars(
            select(BalanceComment).where(
                BalanceComment.org_id == tenant.org_id,
                BalanceComment.round_id == round_id,
                BalanceComment.id == comment_id,
            )
        ).first()
        if found is None or not tenant.sees_unit(found.unit):
            return False
        found.state, found.text = "hidden", ""
        audit.record(
            session,
            tenant,
            "change",
            f"balance-round/{round_id}/comments",
            f"hid one in {found.unit}",
        )
        return True


def release(database: Database, tenant: Tenant, round_id: int, unit: str) -> int:
    """Release the unit's reviewed new answers; how many. ReviewError when the round or unit
    is unknown or the unit has fewer than THRESHOLD responses."""
    with database.tenant(tenant) as session:
        found = _round(session, tenant, round_id)
        if found is None or unit not in found.units or not tenant.sees_unit(unit):
            raise ReviewError(f"Unit '{unit}' is not part of round {round_id}.")
        size = _sizes(session, tenant.org_id, round_id).get(unit, 0)
        if size < THRESHOLD:
            raise ReviewError(
                f"Unit '{unit}' has {size} responses; answers to open questions are shown "
                f"from {THRESHOLD} responses, so they cannot be released yet."
            )
        done = session.execute(
            update(BalanceComment)
            .where(
                BalanceComment.org_id == tenant.org_id,
                BalanceComment.round_id == round_id,
                BalanceComment.unit == unit,
                BalanceComment.state == "new",
            )
            .values(state="released")
        )
        count = int(getattr(done, "rowcount", 0) or 0)
        audit.record(
            session,
            tenant,
            "change",
            f"balance-round/{round_id}/comments",
            f"released {count} in {unit}",
        )
        return count


def released(
    session: Session, tenant: Tenant, found: BalanceRound, sizes: dict[str, int]
) -> list[UnitComments]:
    """Released answers of the units ``tenant`` sees that have THRESHOLD responses."""
    instrument = by_key(found.instrument)
    if not instrument.open_questions:
        return []
    rows = session.execute(
        select(BalanceComment.unit, BalanceComment.question, BalanceComment.text)
        .where(
            BalanceComment.org_id == found.org_id,
            BalanceComment.round_id == found.id,
            BalanceComment.state == "released",
        )
        .order_by(BalanceComment.unit, BalanceComment.question, BalanceComment.id)
    ).all()
    shown: list[UnitComments] = []
    for unit in found.units:
        if sizes.get(unit, 0) < THRESHOLD or not tenant.sees_unit(unit):
            continue
        for q in instrument.open_questions:
            texts = [t for u, qid, t in rows if u == unit and qid == q.id]
            if texts:
                shown.append(UnitComments(unit, q.id, q.text.nl, q.text.en, texts))
    return shown


def released_for_export(session: Session, tenant: Tenant) -> list[dict[str, Any]]:
    """Every released answer of the organisation (the full export): no new or hidden ones."""
    rounds = session.scalars(
        select(BalanceRound).where(BalanceRound.org_id == tenant.org_id).order_by(BalanceRound.id)
    ).all()
    out: list[dict[str, Any]] = []
    for found in rounds:
        sizes = _sizes(session, tenant.org_id, found.id)
        for c in released(session, tenant, found, sizes):
            out += [
                {"round_id": found.id, "unit": c.unit, "question": c.question, "text": t}
                for t in c.texts
            ]
    return out
