"""What the CLI and the plan's effect page (``plans.effect``) call: data in, an ``Evaluation`` out.

The months come from the data (the full months from the earliest first day to the latest
last day of absence), optionally bounded by ``first_day``/``last_day``; the ZVP sums come
from ``analytics.metrics``, never from a formula of our own.
"""

from __future__ import annotations

import datetime as dt

from verzuim.analytics import metrics
from verzuim.analytics import service as analytics_service
from verzuim.analytics.ingest import Progress
from verzuim.analytics.models import Period
from verzuim.analytics.service import InputError, Upload
from verzuim.analytics.store import Store
from verzuim.evaluation import months as months_mod
from verzuim.evaluation.engine import EvaluationInputError, Request, evaluate
from verzuim.evaluation.result import Evaluation

__all__ = ["EvaluationInputError", "InputError", "Request", "evaluate_files", "evaluate_store"]


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def evaluation_months(
    covered: tuple[object, object], first_day: dt.date | None, last_day: dt.date | None
) -> list[Period]:
    """Full months of the data, bounded by ``first_day``/``last_day`` when given."""
    first, last = covered
    if not isinstance(first, dt.date) or not isinstance(last, dt.date):
        raise EvaluationInputError(
            "the spell file holds no absence at all, so there is nothing to evaluate"
        )
    if first_day and last_day and last_day < first_day:
        raise EvaluationInputError(f"--to {last_day} lies before --from {first_day}")
    lo = max(first, first_day) if first_day else first
    hi = min(last, last_day) if last_day else last
    found = months_mod.full_months(lo, hi) if lo <= hi else []
    if not found:
        raise EvaluationInputError(
            f"no full calendar month lies in {lo} .. {hi}: the files cover {first} .. {last}"
            + (" and --from/--to bound that" if first_day or last_day else "")
        )
    return found


def evaluate_store(
    store: Store,
    request: Request,
    first_day: dt.date | None,
    last_day: dt.date | None,
    org_id: str,
) -> Evaluation:
    """An evaluation on a DuckDB workspace holding the organisation's rows under ``org_id``."""
    months = evaluation_months(store.date_range(org_id), first_day, last_day)
    panel = metrics.zvp_by_employee(store.cursor(), months, org_id)
    return evaluate(panel, months, request)


def evaluate_files(
    employees: Upload,
    spells: Upload,
    request: Request,
    first_day: dt.date | None = None,
    last_day: dt.date | None = None,
    mapping: Upload | None = None,
    progress: Progress = _no_progress,
) -> Evaluation:
    """The CLI's ``verzuim evaluate``: files in, an evaluation out, nothing stored on disk."""
    store = Store(None)
    try:
        summary = analytics_service.import_uploads(
            store, employees, spells, mapping, "replace", progress=progress
        )
        if not summary.accepted:
            raise InputError(f"{len(summary.problems)} problem(s) in the input files", summary)
        return evaluate_store(store, request, first_day, last_day, analytics_service.FILE_ANALYSIS)
    finally:
        store.close()
