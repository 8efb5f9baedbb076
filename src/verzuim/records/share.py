"""From a completed evaluation to the record's anonymised effect part, and the export checks.

Unit names never enter the record: the groups become counts (how many units, at which level
of the tree), warnings that name units are replaced by their generic version, and
``anonymity_problems`` scans every text for the organisation's unit names before export.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from verzuim.analytics.models import SUPPRESSION_THRESHOLD
from verzuim.evaluation.result import Evaluation, GroupSummary
from verzuim.records.model import EffectEvaluation, GoodPracticeRecord, GroupFigures, Words
from verzuim.records.validate import Reason, RecordRefused, check_record

# Warnings whose text names units get a text without them.
_GENERIC = {
    "comparison_suggested": Words(
        nl="De vergelijkingsgroep is voorgesteld (zelfde niveau in de organisatie, vergelijkbare "
        "grootte) en door de organisatie nagekeken.",
        en="The comparison group was suggested (same level of the organisation, similar size) "
        "and checked by the organisation.",
    ),
}


def _figures(group: GroupSummary | None) -> GroupFigures | None:
    if group is None or group.suppressed or group.employees < SUPPRESSION_THRESHOLD:
        return None
    return GroupFigures(
        units=len(group.units),
        employees=group.employees,
        average_employees=round(group.average_employees, 1),
        months_before=group.months_before,
        months_after=group.months_after,
        zvp_before=group.zvp_before,
        zvp_after=group.zvp_after,
    )


def effect_part(evaluation: Evaluation) -> EffectEvaluation:
    """The evaluation as the record carries it: no unit names, no group under 5."""
    e = evaluation.effect
    return EffectEvaluation(
        design=evaluation.design,
        label=Words(nl=evaluation.label.nl, en=evaluation.label.en),
        summary=Words(nl=evaluation.summary.nl, en=evaluation.summary.en),
        start_month=f"{evaluation.start.year}-{evaluation.start.month:02d}",
        unit_level=min(len(u.split("/")) for u in evaluation.treated.units),
        estimate=e.estimate,
        ci_low=e.ci_low,
        ci_high=e.ci_high,
        level=e.level,
        resamples=e.resamples,
        pre_trend_warning=evaluation.pre_trend_warning,
        placebo_ran=evaluation.placebo.ran,
        too_small=evaluation.too_small,
        warnings=[
            _GENERIC.get(n.code, Words(nl=n.text.nl, en=n.text.en)) for n in evaluation.warnings
        ],
        treated=_figures(evaluation.treated),
        comparison=_figures(evaluation.comparison),
    )


def _texts(value: object, where: str = "") -> Iterable[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, f"{where}[{i}]")


def unit_names(paths: Iterable[str]) -> set[str]:
    """Every name below the organisation: each part of each unit path (``Productie``, ``Hal 2``)."""
    return {part.strip() for path in paths for part in path.split("/") if part.strip()}


def anonymity_problems(record: GoodPracticeRecord, units: Iterable[str]) -> list[Reason]:
    """Texts of the record that name one of the organisation's units."""
    names = sorted(unit_names(units), key=len, reverse=True)
    canonical = {n.casefold(): n for n in names}
    if not names:
        return []
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE
    )
    found = []
    for where, text in _texts(record.model_dump(mode="json")):
        if where in ("id", "created", "licence", "schema_version"):
            continue
        hit = pattern.search(text)
        if hit:
            name = canonical.get(hit.group(1).casefold(), hit.group(1))
            found.append(
                Reason.make(
                    "unit_name",
                    where,
                    f"de tekst noemt de eenheid '{name}'; een gedeeld record noemt geen "
                    "eenheden binnen de organisatie. Herschrijf zonder die naam.",
                    f"the text names the unit '{name}'; a shared record names no units "
                    "inside the organisation. Rewrite it without that name.",
                )
            )
    return found


def export_record(
    record: GoodPracticeRecord, units: Iterable[str], category_codes: set[str] | None = None
) -> GoodPracticeRecord:
    """The record checked for sharing: the import rules plus no unit names; else refused."""
    outcome = check_record(record.model_dump(mode="json"), category_codes)
    reasons = outcome.reasons + anonymity_problems(record, units)
    if reasons:
        raise RecordRefused(reasons)
    return record
