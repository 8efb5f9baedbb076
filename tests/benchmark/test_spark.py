"""DuckDB and Spark give the same cells, to 1e-9, from the same definitions.

Starting Spark and running a job are the slow parts, so the module makes one Spark build:
the golden fixtures and the generated 200-organisation set together (their sectors differ,
so their cells stay apart), by quarter, read from CSV and Parquet files. The tests then hold
each part of it to the DuckDB build of the same folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.benchmark.conftest import GENERATED_SECTORS
from verzuim.benchmark import build
from verzuim.benchmark.engines import DuckDBEngine, Engine, SparkEngine
from verzuim.benchmark.models import FIGURES, Benchmark, BenchmarkCell, OrganisationSums

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]

SUMS = ("employees", "ptf_days", "employed_days", "sick_weighted", "new_spells", "ended_days")
Built = tuple[Benchmark, list[OrganisationSums]]


def _run(engine: Engine, folder: Path) -> Built:
    try:
        built = build.build(engine, folder, ["sector", "size_class"], "quarter")
        return built, build.organisation_sums(engine)
    finally:
        engine.close()


@pytest.fixture(scope="module")
def both(combined: Path, spark: SparkSession) -> tuple[Built, Built]:
    return _run(DuckDBEngine(), combined), _run(SparkEngine(spark), combined)


def _key(cell: BenchmarkCell) -> tuple[str | None, str | None, str]:
    return (cell.sector, cell.size_class, cell.period)


def _assert_same_cells(duck: list[BenchmarkCell], sparked: list[BenchmarkCell]) -> None:
    mine = {_key(c): c for c in duck}
    theirs = {_key(c): c for c in sparked}
    assert mine.keys() == theirs.keys()
    for key, cell in mine.items():
        other = theirs[key]
        assert (cell.organisations, cell.suppressed, cell.suppression) == (
            other.organisations,
            other.suppressed,
            other.suppression,
        ), key
        for figure in FIGURES:
            a, b = getattr(cell, figure), getattr(other, figure)
            assert (a is None) == (b is None), (key, figure)
            if a is not None:
                assert abs(a - b) <= 1e-9, (key, figure, a, b)


def test_golden_cells_are_equal(both: tuple[Built, Built]) -> None:
    (duck, _), (sparked, _) = both
    assert sparked.engine == "spark"
    golden = [c for c in duck.cells if c.sector not in GENERATED_SECTORS]
    assert {c.suppression for c in golden} == {None, "organisations", "dominance"}
    _assert_same_cells(golden, [c for c in sparked.cells if c.sector not in GENERATED_SECTORS])


def test_generated_cells_are_equal(both: tuple[Built, Built]) -> None:
    (duck, _), (sparked, _) = both
    generated = [c for c in duck.cells if c.sector in GENERATED_SECTORS]
    published = [c for c in generated if not c.suppressed]
    assert len(published) >= 20 and len(published) < len(generated)
    assert any(c.recurrence for c in published)
    _assert_same_cells(generated, [c for c in sparked.cells if c.sector in GENERATED_SECTORS])


def test_every_organisation_has_the_same_sums(both: tuple[Built, Built]) -> None:
    (_, duck_orgs), (_, spark_orgs) = both
    mine = {(s.org_id, s.period_no): s for s in duck_orgs}
    assert mine.keys() == {(s.org_id, s.period_no) for s in spark_orgs}
    assert len({org for org, _ in mine}) == 216
    for s in spark_orgs:
        other = mine[s.org_id, s.period_no]
        for column in SUMS:
            assert getattr(s, column) == pytest.approx(getattr(other, column), abs=1e-9)
