"""The effect evaluation of one plan measure on the organisation's own absence data.

The measure gives the treated units and the start (the day it first became running, else
its planned start); the user may choose comparison units (else the engine suggests some, or
falls back to an interrupted time series). The estimate itself is ``verzuim.evaluation``'s:
nothing here computes a figure. Managers only compare within their own unit subtrees.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from verzuim.evaluation.engine import EvaluationInputError, Request
from verzuim.evaluation.result import Design, Evaluation
from verzuim.evaluation.service import evaluate_store
from verzuim.plans import service
from verzuim.plans.model import PlanItem, Problem
from verzuim.plans.validate import clean_unit, problem
from verzuim.store import absence
from verzuim.store.database import Database
from verzuim.store.tenancy import Tenant

RESAMPLES = 1000


class MeasureEffect(BaseModel):
    """The page's one result: the measure, what was asked, and the evaluation or why not."""

    measure: PlanItem
    start: dt.date | None
    comparison: list[str]
    design: Design | None
    evaluation: Evaluation | None
    problems: list[Problem]


def default_start(item: PlanItem) -> dt.date | None:
    return item.started or item.planned_start


def _problems(
    item: PlanItem, tenant: Tenant, start: dt.date | None, comparison: list[str]
) -> list[Problem]:
    found: list[Problem] = []
    if item.status not in ("running", "done"):
        found.append(
            problem(
                "status",
                "Een effectevaluatie kan pas als de maatregel loopt of klaar is; zet eerst de "
                "status op 'loopt'.",
                "An effect evaluation needs a measure that is running or done; set its status "
                "to 'running' first.",
            )
        )
    if not item.units:
        found.append(
            problem(
                "units",
                "De maatregel geldt voor de hele organisatie; kies doeleenheden om met de "
                "andere eenheden te kunnen vergelijken.",
                "The measure is organisation-wide; choose target units so they can be "
                "compared with the other units.",
            )
        )
    if start is None:
        found.append(
            problem(
                "start",
                "Er is geen startdatum: geef een geplande start of een startdatum op.",
                "There is no start date: give a planned start or a start date.",
            )
        )
    hidden = [u for u in comparison if not tenant.sees_unit(u)]
    if hidden:
        found.append(
            problem(
                "comparison",
                f"U ziet alleen uw eigen eenheden; {', '.join(hidden)} valt daarbuiten.",
                f"You only see your own units; {', '.join(hidden)} lies outside them.",
            )
        )
    return found


def evaluate_measure(
    database: Database,
    tenant: Tenant,
    measure_id: int,
    start: dt.date | None = None,
    comparison: list[str] | None = None,
    design: Design | None = None,
) -> MeasureEffect:
    item = service.item(database, tenant, measure_id)
    chosen = [u for u in (clean_unit(c) for c in comparison or []) if u]
    when = start or default_start(item)
    found = _problems(item, tenant, when, chosen)
    # A manager's suggested comparison could name units outside their subtrees.
    if tenant.unit_limited and not chosen and design is None:
        design = "its"
    result = MeasureEffect(
        measure=item, start=when, comparison=chosen, design=design, evaluation=None, problems=found
    )
    if found or when is None:
        return result
    request = Request(
        units=item.units, start=when, comparison=chosen, design=design, resamples=RESAMPLES
    )
    with absence.reading(database, tenant, f"plan/{measure_id}/effect") as source:
        org = source.org
        # A pure function of the data version and the request (the read is audited above).
        key = ("plan-effect", org.id, org.data_version, request.model_dump_json())

        def make() -> Evaluation:
            workspace = absence.WORKSPACES.get(database, source.session, org)
            return evaluate_store(workspace, request, None, None, str(org.id))

        try:
            evaluation = database.results.get_or_make(key, make)
        except EvaluationInputError as exc:
            return result.model_copy(
                update={
                    "problems": [
                        problem(
                            "evaluation",
                            f"Deze gegevens kunnen de vraag zo niet beantwoorden: {exc}",
                            f"These data cannot answer the question as asked: {exc}",
                        )
                    ]
                }
            )
    return result.model_copy(update={"evaluation": evaluation})
