"""DuckDB and Spark give the same cells, to 1e-9, from the same definitions.

One Spark session serves the module (tests/benchmark/conftest.py); the two builds per data
set are the whole Spark workload: golden CSV files by year, and the generated Parquet set by
quarter and by region as well.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmark.conftest import GOLDEN
from verzuim.benchmark import build
from verzuim.benchmark.engines import DuckDBEngine, Engine, SparkEngine
from verzuim.benchmark.models import FIGURES, Benchmark, ByColumn, OrganisationSums, PeriodKind

pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]

SUMS = ("employees", "ptf_days", "employed_days", "sick_weighted", "new_spells", "ended_days")


def _run(
    engine: Engine, folder: Path, by: list[ByColumn], kind: PeriodKind
) -> tuple[Benchmark, list[OrganisationSums]]:
    try:
        return build.build(engine, folder, by, kind), build.organisation_sums(engine)
    finally:
        engine.close()


def _assert_same(folder: Path, by: list[ByColumn], kind: PeriodKind, spark: object) -> Benchmark:
    duck, duck_orgs = _run(DuckDBEngine(), folder, by, kind)
    sparked, spark_orgs = _run(SparkEngine(spark), folder, by, kind)  # type: ignore[arg-type]
    assert sparked.engine == "spark"
    key = [*by, "period"]
    mine = {tuple(getattr(c, k) for k in key): c for c in duck.cells}
    theirs = {tuple(getattr(c, k) for k in key): c for c in sparked.cells}
    assert mine.keys() == theirs.keys()
    for k, cell in mine.items():
        other = theirs[k]
        assert (cell.organisations, cell.suppressed, cell.suppression) == (
            other.organisations,
            other.suppressed,
            other.suppression,
        ), k
        for figure in FIGURES:
            a, b = getattr(cell, figure), getattr(other, figure)
            assert (a is None) == (b is None), (k, figure)
            if a is not None:
                assert abs(a - b) <= 1e-9, (k, figure, a, b)
    per_org = {(s.org_id, s.period_no): s for s in duck_orgs}
    assert per_org.keys() == {(s.org_id, s.period_no) for s in spark_orgs}
    for s in spark_orgs:
        for column in SUMS:
            assert getattr(s, column) == pytest.approx(
                getattr(per_org[s.org_id, s.period_no], column)
            )
    return duck


def test_golden_cells_are_equal(spark: object) -> None:
    duck = _assert_same(GOLDEN, ["sector", "size_class"], "year", spark)
    assert {c.suppression for c in duck.cells} == {None, "organisations", "dominance"}


def test_generated_cells_are_equal(generated: Path, spark: object) -> None:
    duck = _assert_same(generated, ["sector", "size_class", "region"], "quarter", spark)
    published = [c for c in duck.cells if not c.suppressed]
    assert len(published) >= 20 and len(published) < len(duck.cells)
