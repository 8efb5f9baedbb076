"""Pooled in one pass, each organisation's sums are those of the single-organisation metrics."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmark.conftest import GOLDEN
from tests.benchmark.helpers import single_org_results
from verzuim.analytics import metrics
from verzuim.benchmark import build
from verzuim.benchmark.engines import DuckDBEngine
from verzuim.benchmark.models import PeriodKind

EXACT = (
    "employees", "new_spells", "ended_spells", "ended_days",
    "recurrence_eligible", "recurrence_recurring", "partial_return_spells",
)  # fmt: skip
CLOSE = ("ptf_days", "employed_days", "sick_weighted", "all_weighted")


@pytest.mark.parametrize(("folder_name", "kind"), [("golden", "quarter"), ("generated", "year")])
def test_each_organisation_equals_its_own_metrics(
    folder_name: str, kind: PeriodKind, request: pytest.FixtureRequest
) -> None:
    folder: Path = GOLDEN if folder_name == "golden" else request.getfixturevalue("generated")
    engine = DuckDBEngine()
    try:
        build.build(engine, folder, ["sector"], kind)
        pooled = {(s.org_id, s.period_no): s for s in build.organisation_sums(engine)}
        chosen = build.data_periods(engine, kind)
    finally:
        engine.close()
    # every organisation of the golden set; every 5th of the generated one (40 of 200: the
    # single-organisation run costs about a second each on a loaded machine)
    every = 1 if folder_name == "golden" else 5
    single = single_org_results(folder, chosen, every)
    orgs = {org for org, _ in single}
    pooled = {key: sums for key, sums in pooled.items() if key[0] in orgs}
    # The single-organisation run also made the detail parts (for its typed totals), which
    # can list a period in which an organisation has none of the pooled sums: zeros there.
    assert pooled.keys() <= single.keys()
    for key in single.keys() - pooled.keys():
        assert not any(single[key][0][c] for c in (*EXACT, *CLOSE)), key
    assert len({org for org, _ in pooled}) == (16 if folder_name == "golden" else 40)
    shown = 0
    for key, sums in pooled.items():
        record, total = single[key]
        for column in EXACT:
            assert getattr(sums, column) == record[column], (key, column)
        for column in CLOSE:
            assert getattr(sums, column) == pytest.approx(record[column], rel=1e-12, abs=1e-9)
        if total.suppressed:
            continue
        shown += 1
        mine = metrics.group_metrics(sums.model_dump(), chosen[sums.period_no])
        for figure in ("zvp", "zmf", "gzvd", "recurrence", "partial_return"):
            expected = getattr(total, figure)
            assert getattr(mine, figure) == pytest.approx(expected, abs=1e-9), (key, figure)
    assert shown > len(pooled) // 2
