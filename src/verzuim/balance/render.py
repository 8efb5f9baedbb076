"""Renderers of a :class:`RoundResult`: the JSON twin's models, CSV and XLSX exports.

They only reshape; every figure comes from results.py. Exported cells that a spreadsheet
would run as a formula (starting with = + - @, tab or carriage return) get a leading '.
"""

from __future__ import annotations

import csv
import io
from typing import Literal

from pydantic import BaseModel, Field

from verzuim.balance.absence import UnitAbsence
from verzuim.balance.results import RoundResult, UnitResult
from verzuim.balance.texts import bt
from verzuim.i18n import Lang
from verzuim.i18n import format as fmt

Cell = str | int | float | None


class UnitOut(BaseModel):
    unit: str
    responses: int
    suppressed: bool
    suppression: Literal["small", "complementary"] | None = Field(
        description="Why the unit is hidden: under 5 responses, or to protect a hidden sibling"
    )
    scores: dict[str, float] = Field(description="dimension -> 0..100, one decimal")
    groups: dict[str, float] = Field(description="load, capacity, binding -> 0..100")


class AbsenceOut(BaseModel):
    """The signal's unit in the absence figures (12 months up to the round's close)."""

    employees: int
    suppressed: bool
    suppression: Literal["small", "complementary"] | None
    zvp: float | None = Field(description="sickness absence percentage, two decimals")
    zmf: float | None = Field(description="new sick spells per employee per year, two decimals")
    recurrence: float | None = Field(description="% of spells followed within 28 days, one decimal")


class SignalOut(BaseModel):
    unit: str
    kind: str
    text: dict[str, str]
    advice_url: str
    absence_url: str
    absence: AbsenceOut | None = Field(
        description="null without absence data, or when no employee carries the unit's path"
    )


class ItemOut(BaseModel):
    question: str
    dimension: str
    reversed: bool
    counts: dict[str, int]
    skipped: int


class TrendOut(BaseModel):
    round: int
    name: str
    opens: str
    groups: dict[str, dict[str, float]]


class CommentsOut(BaseModel):
    unit: str
    question: str
    text: dict[str, str] = Field(description="the open question, nl and en")
    answers: list[str] = Field(description="released answers, in no meaningful order")


class RoundOut(BaseModel):
    round: int
    name: str
    instrument: str
    validated: bool
    status: dict[str, str]
    opens: str
    closes: str
    threshold: int
    dimensions: dict[str, str] = Field(description="dimension -> group (load, capacity, binding)")
    units: list[UnitOut]
    total: UnitOut | None
    items: list[ItemOut]
    trend: list[TrendOut]
    signals: list[SignalOut]
    absence_period: dict[str, str] | None = Field(
        description="from, to of the absence figures beside the signals; null without data"
    )
    comments: list[CommentsOut] = Field(
        description="answers to open questions: units with 10+ responses, after review only"
    )


def absence_line(a: UnitAbsence | None, lang: Lang) -> str:
    """The absence figures beside a signal in words, for the page and the PDF alike."""
    if a is None:
        return bt("absence_none", lang)
    if a.suppressed is not None:
        return bt("absence_hidden", lang)
    return bt("absence_figures", lang).format(
        zvp=fmt.percent(a.zvp, lang, 1),
        zmf=fmt.number(a.zmf, lang, 2),
        recurrence=fmt.percent(a.recurrence, lang, 0),
    )


def absence_period_line(r: RoundResult, lang: Lang) -> str | None:
    if r.absence_period is None:
        return None
    return bt("absence_period", lang).format(
        start=fmt.date(r.absence_period.start, lang), end=fmt.date(r.absence_period.end, lang)
    )


def _opt(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def absence_out(a: UnitAbsence | None) -> AbsenceOut | None:
    if a is None:
        return None
    return AbsenceOut(
        employees=a.employees,
        suppressed=a.suppressed is not None,
        suppression=a.suppressed,
        zvp=_opt(a.zvp, 2),
        zmf=_opt(a.zmf, 2),
        recurrence=_opt(a.recurrence, 1),
    )


def _round1(values: dict[str, float | None]) -> dict[str, float]:
    return {k: round(v, 1) for k, v in values.items() if v is not None}


def unit_out(u: UnitResult) -> UnitOut:
    return UnitOut(
        unit=u.unit,
        responses=u.responses,
        suppressed=u.suppressed is not None,
        suppression=u.suppressed,
        scores=_round1(u.scores),
        groups=_round1(u.groups),
    )


def api_result(r: RoundResult) -> RoundOut:
    return RoundOut(
        round=r.round,
        name=r.name,
        instrument=r.instrument,
        validated=r.validated,
        status={"nl": r.instrument_status_nl, "en": r.instrument_status_en},
        opens=r.opens.isoformat(),
        closes=r.closes.isoformat(),
        threshold=r.threshold,
        dimensions={d.id: d.group for d in r.dimensions},
        units=[unit_out(u) for u in r.units],
        total=unit_out(r.total) if r.total else None,
        items=[
            ItemOut(
                question=i.question,
                dimension=i.dimension,
                reversed=i.reversed,
                counts={str(k): v for k, v in i.counts.items()},
                skipped=i.skipped,
            )
            for i in r.items
        ],
        trend=[
            TrendOut(
                round=p.round,
                name=p.name,
                opens=p.opens.isoformat(),
                groups={u: _round1(g) for u, g in p.groups.items()},
            )
            for p in r.trend
        ],
        signals=[
            SignalOut(
                unit=s.unit,
                kind=s.kind,
                text={"nl": s.text_nl, "en": s.text_en},
                advice_url=s.advice_url,
                absence_url=s.absence_url,
                absence=absence_out(s.absence),
            )
            for s in r.signals
        ],
        absence_period=(
            {"from": r.absence_period.start.isoformat(), "to": r.absence_period.end.isoformat()}
            if r.absence_period
            else None
        ),
        comments=[
            CommentsOut(
                unit=c.unit,
                question=c.question,
                text={"nl": c.question_nl, "en": c.question_en},
                answers=list(c.texts),
            )
            for c in r.comments
        ],
    )


def export_rows(r: RoundResult) -> tuple[list[str], list[list[Cell]]]:
    """One row per unit and dimension: what CSV and XLSX both hold."""
    header = ["round", "unit", "responses", "suppressed", "dimension", "group", "score"]
    rows: list[list[Cell]] = []
    units = list(r.units) + ([r.total] if r.total else [])
    for u in units:
        name = u.unit or "(total)"
        for d in r.dimensions:
            score = u.scores.get(d.id)
            rows.append(
                [
                    r.round,
                    name,
                    u.responses,
                    u.suppressed or "",
                    d.id,
                    d.group,
                    None if score is None else round(score, 1),
                ]
            )
    return header, rows


def neutral(value: Cell) -> Cell:
    """A text cell a spreadsheet would read as a formula, made inert (OWASP CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(r: RoundResult) -> str:
    header, rows = export_rows(r)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else neutral(v) for v in row])
    return out.getvalue()


def to_xlsx(r: RoundResult) -> bytes:
    from openpyxl import Workbook

    header, rows = export_rows(r)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("balans")
    sheet.append(header)
    for row in rows:
        sheet.append([neutral(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def codes_csv(invitations: list[tuple[str, str, str]]) -> str:
    """unit, code, link per invitation, for a mail merge in the organisation's own mail."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["unit", "code", "link"])
    for row in invitations:
        writer.writerow([neutral(v) for v in row])
    return out.getvalue()
