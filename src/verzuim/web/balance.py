"""The balance check on the web: rounds and codes (analysts, prevention), results (also
managers, for their own units), and anonymous answering with a code (no account).

Routes checks rely on (issue 9): ``GET/POST /api/r/{code}`` and
``GET /api/o/{org}/balans/{round}``. Every page has a JSON twin built from the same result.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from verzuim.accounts.permissions import Permission, allows
from verzuim.balance import answering, comments, rounds
from verzuim.balance.instrument import by_key
from verzuim.balance.render import (
    RoundOut,
    absence_line,
    absence_period_line,
    api_result,
    codes_csv,
    to_csv,
    to_xlsx,
)
from verzuim.balance.results import RoundResult, round_result
from verzuim.balance.texts import bt
from verzuim.web.balance_svg import scatter
from verzuim.web.context import AUTH_ERRORS, OrgContext, database, org_context
from verzuim.web.rendering import render, request_lang

router = APIRouter()
TAG = "balans"

Manager = Annotated[OrgContext, Depends(org_context(Permission.MANAGE_BALANCE))]
Reader = Annotated[OrgContext, Depends(org_context(Permission.VIEW_BALANCE))]
Code = Annotated[str, Path(min_length=1, max_length=40)]
RoundId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class _Message(BaseModel):
    detail: Any


# ---------------------------------------------------------------- anonymous answering


class ScaleOut(BaseModel):
    min: int
    max: int
    labels: dict[str, list[str]]


class QuestionOut(BaseModel):
    id: str
    dimension: str
    text: dict[str, str]
    scale: ScaleOut
    reversed: bool


class OpenQuestionOut(BaseModel):
    id: str
    text: dict[str, str]
    max_length: int


class QuestionsOut(BaseModel):
    round: str
    unit: str
    instrument: str
    validated: bool
    status: dict[str, str]
    questions: list[QuestionOut]
    open_questions: list[OpenQuestionOut] = Field(
        description="optional free-text questions (answers shown after review, 10+ responses)"
    )


class AnswersIn(BaseModel):
    answers: dict[str, int | None] = Field(
        description="question id -> value on its scale; null or left out = skipped"
    )
    comments: dict[str, str | None] | None = Field(
        default=None,
        description="open question id -> text; optional, nothing identifying please",
    )


def _questions(invite: answering.Invite) -> QuestionsOut:
    instrument = invite.instrument
    return QuestionsOut(
        round=invite.round_name,
        unit=invite.unit,
        instrument=instrument.key,
        validated=instrument.validated,
        status={"nl": instrument.status.nl, "en": instrument.status.en},
        questions=[
            QuestionOut(
                id=q.id,
                dimension=q.dimension,
                text={"nl": q.text.nl, "en": q.text.en},
                scale=ScaleOut(
                    min=instrument.scale_of(q).min,
                    max=instrument.scale_of(q).max,
                    labels={
                        "nl": instrument.scale_of(q).labels.nl,
                        "en": instrument.scale_of(q).labels.en,
                    },
                ),
                reversed=q.reversed,
            )
            for q in instrument.questions
        ],
        open_questions=[
            OpenQuestionOut(
                id=q.id, text={"nl": q.text.nl, "en": q.text.en}, max_length=q.max_length
            )
            for q in instrument.open_questions
        ],
    )


_UNKNOWN = "Onbekende code. / Unknown code."
_STATE = {
    "closed": (410, "Deze ronde is gesloten. / This round is closed."),
    "not_yet": (409, "Deze ronde is nog niet geopend. / This round is not open yet."),
    "used": (409, "Deze code is al gebruikt. / This code has been used already."),
}


@router.get(
    "/api/r/{code}",
    tags=[TAG],
    response_model=QuestionsOut,
    responses={404: {"model": _Message}, 409: {"model": _Message}, 410: {"model": _Message}},
)
def api_questions(request: Request, code: Code) -> QuestionsOut:
    """The questions behind an invitation code (no account needed)."""
    invite = answering.lookup(database(request), code)
    if invite is None:
        raise HTTPException(404, _UNKNOWN)
    state = invite.state(dt.date.today())
    if state != "open":
        raise HTTPException(*_STATE[state])
    return _questions(invite)


def _submit(
    request: Request, code: str, raw: Any, comments: Any = None
) -> tuple[int, str, list[str]]:
    """(status, state, problems) of one submission."""
    try:
        answering.submit(database(request), code, raw, comments=comments)
    except LookupError:
        return 404, "unknown", []
    except answering.CodeUsed:
        return 409, "used", []
    except answering.RoundNotOpen as exc:
        return _STATE[exc.state][0], exc.state, []
    except answering.AnswerError as exc:
        return 422, "invalid", exc.problems
    return 201, "saved", []


@router.post(
    "/api/r/{code}",
    tags=[TAG],
    status_code=201,
    responses={
        404: {"model": _Message},
        409: {"model": _Message, "description": "Single-use code used already"},
        410: {"model": _Message},
        422: {"model": _Message, "description": "Names each bad answer"},
    },
)
async def api_answer(request: Request, code: Code, data: AnswersIn) -> JSONResponse:
    """Store one anonymous response: ``{"answers": {question_id: value}}``, optionally with
    ``"comments": {open_question_id: text}``."""
    status, state, problems = await run_in_threadpool(
        _submit, request, code, data.answers, data.comments
    )
    if status == 201:
        return JSONResponse({"saved": True}, 201)
    if status == 422:
        return JSONResponse({"detail": problems}, 422)
    return JSONResponse({"detail": _UNKNOWN if state == "unknown" else _STATE[state][1]}, status)


def _answer_page(
    request: Request, code: str, invite: answering.Invite | None, state: str, **extra: Any
) -> HTMLResponse:
    lang = request_lang(request)
    status = {"unknown": 404, "used": 409, "not_yet": 409, "closed": 410, "invalid": 422}.get(
        state, 200
    )
    questions = []
    if invite is not None:
        for q in invite.instrument.questions:
            scale = invite.instrument.scale_of(q)
            labels = scale.labels.en if lang == "en" else scale.labels.nl
            values = list(range(scale.min, scale.max + 1))
            named = len(labels) == len(values)
            questions.append(
                {
                    "id": q.id,
                    "text": q.text.pick(lang),
                    "options": [(v, labels[i] if named else str(v)) for i, v in enumerate(values)],
                    "anchors": [] if named else labels,
                }
            )
    return render(
        request,
        "balans_answer.html",
        {
            "bt": lambda key: bt(key, lang),
            "code": code,
            "invite": invite,
            "state": state,
            "questions": questions,
            "open_questions": [
                {"id": q.id, "text": q.text.pick(lang), "max_length": q.max_length}
                for q in (invite.instrument.open_questions if invite else ())
            ],
            "status_text": invite.instrument.status.pick(lang) if invite else "",
            **extra,
        },
        status_code=status,
        api_url=f"/api/r/{code}" if state == "open" else None,
    )


@router.get("/r/{code}", response_class=HTMLResponse, include_in_schema=False)
def answer_page(request: Request, code: Code) -> HTMLResponse:
    invite = answering.lookup(database(request), code)
    state = "unknown" if invite is None else invite.state(dt.date.today())
    return _answer_page(
        request, code, invite, state, previous={}, previous_comments={}, problems=[]
    )


@router.post("/r/{code}", response_class=HTMLResponse, include_in_schema=False)
async def answer_form(request: Request, code: Code) -> HTMLResponse:
    form = await request.form()
    raw = {
        str(k)[2:]: (str(v) if str(v) != "skip" else None)
        for k, v in form.multi_items()
        if str(k).startswith("q_")
    }
    comments = {
        str(k)[2:]: str(v) for k, v in form.multi_items() if str(k).startswith("c_") and str(v)
    }
    status, state, problems = await run_in_threadpool(_submit, request, code, raw, comments)
    invite = answering.lookup(database(request), code) if status in (201, 422) else None
    if status == 201:
        state, comments = "thanks", {}
    return _answer_page(
        request,
        code,
        invite,
        state,
        previous=raw,
        previous_comments=comments,
        problems=problems,
    )


# ---------------------------------------------------------------- rounds


class RoundIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    units: list[str] = Field(min_length=1, max_length=rounds.MAX_UNITS)
    codes: int | None = Field(default=None, ge=1, le=rounds.MAX_CODES_PER_UNIT)
    opens: dt.date | None = None
    closes: dt.date | None = None


class CodeOut(BaseModel):
    unit: str
    code: str


class CreatedOut(BaseModel):
    round: int
    codes: list[CodeOut]


class RateOut(BaseModel):
    unit: str
    invited: int | None
    responses: int
    rate: float | None


class RoundInfoOut(BaseModel):
    id: int
    name: str
    instrument: str
    opens: dt.date
    closes: dt.date
    single_use: bool
    units: list[RateOut]


def _info_out(info: rounds.RoundInfo) -> RoundInfoOut:
    return RoundInfoOut(
        id=info.id,
        name=info.name,
        instrument=info.instrument,
        opens=info.opens,
        closes=info.closes,
        single_use=info.single_use,
        units=[
            RateOut(
                unit=r.unit,
                invited=r.invited,
                responses=r.responses,
                rate=None if r.rate is None else round(r.rate, 3),
            )
            for r in info.rates
        ],
    )


def _create(ctx: OrgContext, data: RoundIn) -> CreatedOut:
    try:
        round_id, invitations = rounds.create_round(
            ctx.database, ctx.tenant, data.name, data.units, data.codes, data.opens, data.closes
        )
    except rounds.RoundError as exc:
        raise HTTPException(422, str(exc)) from None
    return CreatedOut(
        round=round_id, codes=[CodeOut(unit=i.unit, code=i.code) for i in invitations]
    )


@router.get(
    "/api/o/{org}/balans", tags=[TAG], response_model=list[RoundInfoOut], responses=AUTH_ERRORS
)
def api_rounds(ctx: Reader) -> list[RoundInfoOut]:
    """The organisation's rounds with responses per unit (managers: their own units)."""
    return [_info_out(i) for i in rounds.rounds(ctx.database, ctx.tenant)]


@router.post(
    "/api/o/{org}/balans",
    tags=[TAG],
    status_code=201,
    response_model=CreatedOut,
    responses=AUTH_ERRORS,
)
def api_create(ctx: Manager, data: RoundIn) -> CreatedOut:
    """Create a round for chosen units: one open code per unit, or ``codes`` single-use ones."""
    return _create(ctx, data)


@router.get("/o/{org}/balans", response_class=HTMLResponse, include_in_schema=False)
def rounds_page(request: Request, ctx: Reader) -> HTMLResponse:
    lang = request_lang(request)
    infos = rounds.rounds(ctx.database, ctx.tenant)
    with ctx.database.tenant(ctx.tenant) as session:
        tree = rounds.unit_tree(session, ctx.tenant)
    today = dt.date.today()
    return render(
        request,
        "balans_rounds.html",
        {
            "bt": lambda key: bt(key, lang),
            "org": ctx.tenant.org_slug,
            "rounds": infos,
            "tree": tree,
            "can_manage": allows(ctx.tenant.role, Permission.MANAGE_BALANCE),
            "today": today.isoformat(),
            "closes": (today + dt.timedelta(days=21)).isoformat(),
        },
        api_url=f"/api/o/{ctx.tenant.org_slug}/balans",
    )


@router.post("/o/{org}/balans", include_in_schema=False)
async def create_form(request: Request, ctx: Manager) -> Response:
    form = await request.form()

    def text(name: str) -> str:
        value = form.get(name)
        return value if isinstance(value, str) else ""

    units = [u for u in text("units").splitlines() if u.strip()]
    units += [str(v) for k, v in form.multi_items() if k == "unit"]
    try:
        codes = int(text("codes")) if text("codes").strip() else None
        opens = dt.date.fromisoformat(text("opens")) if text("opens") else None
        closes = dt.date.fromisoformat(text("closes")) if text("closes") else None
    except ValueError:
        raise HTTPException(
            422,
            "Codes moet een getal zijn, data als JJJJ-MM-DD. / Codes must be a number, dates "
            "as YYYY-MM-DD.",
        ) from None
    try:
        data = RoundIn(name=text("name"), units=units, codes=codes, opens=opens, closes=closes)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    created = await run_in_threadpool(_create, ctx, data)
    return RedirectResponse(f"/o/{ctx.tenant.org_slug}/balans/{created.round}/codes", 303)


def _invitations(ctx: OrgContext, round_id: int) -> list[rounds.Invitation]:
    found = rounds.invitations(ctx.database, ctx.tenant, round_id)
    if found is None:
        raise HTTPException(404, f"Geen ronde {round_id}. / No round {round_id}.")
    return found


@router.get(
    "/api/o/{org}/balans/{round}/codes",
    tags=[TAG],
    response_model=list[CodeOut],
    responses=AUTH_ERRORS,
)
def api_codes(ctx: Manager, round: RoundId) -> list[CodeOut]:
    """A round's invitation codes per unit (audited as an export)."""
    return [CodeOut(unit=i.unit, code=i.code) for i in _invitations(ctx, round)]


@router.get("/o/{org}/balans/{round}/codes", response_class=HTMLResponse, include_in_schema=False)
def codes_page(request: Request, ctx: Manager, round: RoundId) -> HTMLResponse:
    lang = request_lang(request)
    found = _invitations(ctx, round)
    info = rounds.round_info(ctx.database, ctx.tenant, round)
    base = str(request.base_url).rstrip("/")
    return render(
        request,
        "balans_codes.html",
        {
            "bt": lambda key: bt(key, lang),
            "org": ctx.tenant.org_slug,
            "info": info,
            "invitations": found,
            "base": base,
        },
        api_url=f"/api/o/{ctx.tenant.org_slug}/balans/{round}/codes",
    )


@router.get("/o/{org}/balans/{round}/codes.csv", include_in_schema=False)
def codes_download(request: Request, ctx: Manager, round: RoundId) -> Response:
    base = str(request.base_url).rstrip("/")
    rows = [(i.unit, i.code, f"{base}/r/{i.code}") for i in _invitations(ctx, round)]
    return Response(
        "\ufeff" + codes_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="balans-{round}-codes.csv"'},
    )


# ---------------------------------------------------------------- results


def _result(ctx: OrgContext, round_id: int, action: str = "read") -> RoundResult:
    found = round_result(
        ctx.database, ctx.tenant, round_id, action="export" if action == "export" else "read"
    )
    if found is None:
        raise HTTPException(404, f"Geen ronde {round_id}. / No round {round_id}.")
    return found


@router.get(
    "/api/o/{org}/balans/{round}", tags=[TAG], response_model=RoundOut, responses=AUTH_ERRORS
)
def api_results(ctx: Reader, round: RoundId) -> RoundOut:
    """A round's scores per unit and dimension (0..100); units under 5 responses hidden."""
    return api_result(_result(ctx, round))


def _heat(score: float | None, group: str) -> str:
    """A cell's class: a darker band (heat-0 .. heat-4) where the score is less favourable
    (a class, not a style attribute: the CSP allows no inline styles)."""
    if score is None:
        return ""
    bad = score if group == "load" else 100 - score
    return f"heat-{min(4, int(bad // 20))}"


@router.get("/o/{org}/balans/{round}", response_class=HTMLResponse, include_in_schema=False)
def results_page(request: Request, ctx: Reader, round: RoundId) -> HTMLResponse:
    lang = request_lang(request)
    found = _result(ctx, round)
    shown = [u for u in found.units if u.suppressed is None]
    points = [
        (u.unit, load, capacity)
        for u in shown
        if (load := u.groups.get("load")) is not None
        and (capacity := u.groups.get("capacity")) is not None
    ]
    info = rounds.round_info(ctx.database, ctx.tenant, round)
    return render(
        request,
        "balans_results.html",
        {
            "bt": lambda key: bt(key, lang),
            "org": ctx.tenant.org_slug,
            "r": found,
            "info": info,
            "heat": _heat,
            "period_line": absence_period_line(found, lang),
            "has_open": bool(by_key(found.instrument).open_questions),
            "absence_line": lambda a: absence_line(a, lang),
            "svg": scatter(points, bt("load", lang), bt("capacity", lang), bt("map", lang)),
            "points": points,
            "can_manage": allows(ctx.tenant.role, Permission.MANAGE_BALANCE),
            "can_plan": allows(ctx.tenant.role, Permission.EDIT_PLAN),
        },
        api_url=f"/api/o/{ctx.tenant.org_slug}/balans/{round}",
    )


@router.get("/o/{org}/balans/{round}/export.csv", include_in_schema=False)
def export_csv(ctx: Reader, round: RoundId) -> Response:
    return Response(
        "\ufeff" + to_csv(_result(ctx, round, "export")),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="balans-{round}.csv"'},
    )


@router.get("/o/{org}/balans/{round}/export.xlsx", include_in_schema=False)
def export_xlsx(ctx: Reader, round: RoundId) -> Response:
    return Response(
        to_xlsx(_result(ctx, round, "export")),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="balans-{round}.xlsx"'},
    )


@router.get("/o/{org}/balans/{round}/summary.pdf", include_in_schema=False)
def summary_download(request: Request, ctx: Reader, round: RoundId) -> Response:
    from verzuim.balance.pdf import summary_pdf

    return Response(
        summary_pdf(_result(ctx, round, "export"), request_lang(request)),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="balans-{round}.pdf"'},
    )


# ---------------------------------------------------------------- review of open answers


class CommentOut(BaseModel):
    id: str
    question: str
    text: str


class UnitReviewOut(BaseModel):
    unit: str
    responses: int
    reviewable: bool = Field(description="10 or more responses: the new answers are listed")
    new: list[CommentOut]
    released: int
    hidden: int
    waiting: int = Field(description="new answers of a unit under 10 responses (count only)")


class ReviewOut(BaseModel):
    round: int
    name: str
    threshold: int
    questions: dict[str, dict[str, str]]
    units: list[UnitReviewOut]


class HideIn(BaseModel):
    comment: str = Field(min_length=1, max_length=32)


class ReleaseIn(BaseModel):
    unit: str = Field(min_length=1, max_length=500)


class ReleasedOut(BaseModel):
    unit: str
    released: int


def _review(ctx: OrgContext, round_id: int) -> comments.Review:
    found = comments.review(ctx.database, ctx.tenant, round_id)
    if found is None:
        raise HTTPException(404, f"Geen ronde {round_id}. / No round {round_id}.")
    return found


def _review_out(rv: comments.Review) -> ReviewOut:
    return ReviewOut(
        round=rv.round,
        name=rv.name,
        threshold=rv.threshold,
        questions={q.id: {"nl": q.nl, "en": q.en} for q in rv.questions},
        units=[
            UnitReviewOut(
                unit=u.unit,
                responses=u.responses,
                reviewable=u.reviewable,
                new=[CommentOut(id=c.id, question=c.question, text=c.text) for c in u.new],
                released=u.released,
                hidden=u.hidden,
                waiting=u.waiting,
            )
            for u in rv.units
        ],
    )


def _hide(ctx: OrgContext, round_id: int, comment: str) -> None:
    if not comments.hide(ctx.database, ctx.tenant, round_id, comment):
        raise HTTPException(404, "Dat antwoord is er niet. / No such answer in this round.")


def _release(ctx: OrgContext, round_id: int, unit: str) -> int:
    try:
        return comments.release(ctx.database, ctx.tenant, round_id, unit)
    except comments.ReviewError as exc:
        raise HTTPException(422, str(exc)) from None


@router.get(
    "/api/o/{org}/balans/{round}/comments",
    tags=[TAG],
    response_model=ReviewOut,
    responses=AUTH_ERRORS,
)
def api_review(ctx: Manager, round: RoundId) -> ReviewOut:
    """The new answers to open questions per unit, for review (units with 10+ responses)."""
    return _review_out(_review(ctx, round))


@router.post(
    "/api/o/{org}/balans/{round}/comments/hide",
    tags=[TAG],
    status_code=204,
    responses=AUTH_ERRORS,
)
def api_hide(ctx: Manager, round: RoundId, data: HideIn) -> Response:
    """Hide one answer for good (its text is erased): it identifies someone."""
    _hide(ctx, round, data.comment)
    return Response(status_code=204)


@router.post(
    "/api/o/{org}/balans/{round}/comments/release",
    tags=[TAG],
    response_model=ReleasedOut,
    responses=AUTH_ERRORS,
)
def api_release(ctx: Manager, round: RoundId, data: ReleaseIn) -> ReleasedOut:
    """Release a unit's reviewed new answers (422 under 10 responses)."""
    return ReleasedOut(unit=data.unit, released=_release(ctx, round, data.unit))


@router.get(
    "/o/{org}/balans/{round}/opmerkingen", response_class=HTMLResponse, include_in_schema=False
)
def review_page(request: Request, ctx: Manager, round: RoundId) -> HTMLResponse:
    lang = request_lang(request)
    rv = _review(ctx, round)
    return render(
        request,
        "balans_review.html",
        {
            "bt": lambda key: bt(key, lang),
            "org": ctx.tenant.org_slug,
            "rv": rv,
            "questions": {q.id: (q.en if lang == "en" else q.nl) for q in rv.questions},
        },
        api_url=f"/api/o/{ctx.tenant.org_slug}/balans/{round}/comments",
    )


async def _form_field(request: Request, name: str) -> str:
    value = (await request.form()).get(name)
    return value if isinstance(value, str) else ""


@router.post("/o/{org}/balans/{round}/opmerkingen/verbergen", include_in_schema=False)
async def hide_form(request: Request, ctx: Manager, round: RoundId) -> Response:
    await run_in_threadpool(_hide, ctx, round, await _form_field(request, "comment"))
    return RedirectResponse(f"/o/{ctx.tenant.org_slug}/balans/{round}/opmerkingen", 303)


@router.post("/o/{org}/balans/{round}/opmerkingen/vrijgeven", include_in_schema=False)
async def release_form(request: Request, ctx: Manager, round: RoundId) -> Response:
    await run_in_threadpool(_release, ctx, round, await _form_field(request, "unit"))
    return RedirectResponse(f"/o/{ctx.tenant.org_slug}/balans/{round}/opmerkingen", 303)
