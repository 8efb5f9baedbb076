"""Anonymous answering with a code: the questions, and storing one response.

What is stored with an answer: a random id, the organisation, round, unit, the day and the
values. Not the code, no address, user agent, time of day or sequence number. Using a
single-use code only flips its ``used`` flag, in a different table with no key, time or
order shared with the response, so the code cannot be joined to the answers (tests prove it).
No audit entry is written for an answer: its time would be the very link we avoid.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from verzuim.balance import comments as open_answers
from verzuim.balance.instrument import Instrument, by_key
from verzuim.balance.rounds import CODE_PATTERN
from verzuim.store.database import Database
from verzuim.store.models import BalanceCode, BalanceResponse, BalanceRound


@dataclass(frozen=True)
class Invite:
    """What a code opens: the round's instrument and whether it takes answers today."""

    round_name: str
    unit: str
    instrument: Instrument
    opens: dt.date
    closes: dt.date
    single_use: bool
    used: bool

    def state(self, today: dt.date) -> str:
        if today < self.opens:
            return "not_yet"
        if today > self.closes:
            return "closed"
        if self.single_use and self.used:
            return "used"
        return "open"


class AnswerError(ValueError):
    """A refused answer; ``problems`` name each bad question and why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class CodeUsed(Exception):
    """The single-use code was used already."""


class RoundNotOpen(Exception):
    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


def _valid(code: str) -> bool:
    return re.fullmatch(CODE_PATTERN, code) is not None


def _with_code(session: Session, code: str) -> BalanceCode | None:
    """The code's row; on PostgreSQL row-level security lets this one row through."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT set_config('verzuim.balance_code', :code, true)"), {"code": code}
        )
    found = session.scalars(select(BalanceCode).where(BalanceCode.code == code)).first()
    if found is not None and session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT set_config('verzuim.org_id', :org, true)"), {"org": str(found.org_id)}
        )
    return found


def _invite(session: Session, found: BalanceCode) -> Invite:
    round_ = session.scalars(
        select(BalanceRound).where(
            BalanceRound.org_id == found.org_id, BalanceRound.id == found.round_id
        )
    ).one()
    return Invite(
        round_.name,
        found.unit,
        by_key(round_.instrument),
        round_.opens,
        round_.closes,
        found.single_use,
        found.used,
    )


def lookup(database: Database, code: str) -> Invite | None:
    """The round behind ``code``, or None for an unknown code."""
    if not _valid(code):
        return None
    with database.public() as session:
        found = _with_code(session, code)
        return _invite(session, found) if found is not None else None


def check_answers(instrument: Instrument, raw: Any) -> dict[str, int]:
    """The answers as {question id: value}, skipped ones left out; every problem named."""
    if not isinstance(raw, dict):
        raise AnswerError(["answers: expected an object {question_id: value}"])
    problems: list[str] = []
    kept: dict[str, int] = {}
    for qid, value in raw.items():
        question = instrument.question(str(qid))
        if question is None:
            problems.append(f"answers.{qid}: no such question in this round")
            continue
        if value is None or value == "":
            continue  # explicitly skipped
        scale = instrument.scale_of(question)
        number = value
        if isinstance(value, str) and re.fullmatch(r"-?\d{1,3}", value.strip()):
            number = int(value.strip())
        if isinstance(number, bool) or not isinstance(number, int):
            problems.append(
                f"answers.{qid}: {value!r} is not a whole number from {scale.min} to {scale.max}"
            )
        elif not scale.min <= number <= scale.max:
            problems.append(f"answers.{qid}: {number} is outside {scale.min}..{scale.max}")
        else:
            kept[question.id] = number
    if problems:
        raise AnswerError(problems)
    return kept


def submit(
    database: Database,
    code: str,
    raw: Any,
    today: dt.date | None = None,
    comments: Any = None,
) -> None:
    """Store one response for ``code``, and its answers to open questions (``comments``,
    {open_question_id: text}) apart from it. Raises LookupError (unknown code),
    RoundNotOpen, AnswerError (nothing stored) or CodeUsed (single-use code used already)."""
    today = today or dt.date.today()
    if not _valid(code):
        raise LookupError(code)
    with database.public() as session:
        found = _with_code(session, code)
        if found is None:
            raise LookupError(code)
        invite = _invite(session, found)
        state = invite.state(today)
        if state == "used":
            raise CodeUsed()
        if state != "open":
            raise RoundNotOpen(state)
        try:
            answers = check_answers(invite.instrument, raw)
            problems: list[str] = []
        except AnswerError as exc:
            answers, problems = {}, exc.problems
        texts, text_problems = open_answers.check_comments(invite.instrument, comments)
        if problems or text_problems:
            raise AnswerError(problems + text_problems)
        if found.single_use:
            # One atomic step: of two concurrent uses, exactly one flips the flag.
            flipped = session.execute(
                update(BalanceCode)
                .where(BalanceCode.code == code, BalanceCode.used.is_(False))
                .values(used=True)
            )
            if getattr(flipped, "rowcount", 0) != 1:
                raise CodeUsed()
        session.add(
            BalanceResponse(
                id=secrets.token_hex(16),
                org_id=found.org_id,
                round_id=found.round_id,
                unit=found.unit,
                day=today,
                answers=answers,
            )
        )
        # Separate rows with their own random ids: nothing joins them to the response.
        open_answers.store(session, found.org_id, found.round_id, found.unit, texts)
