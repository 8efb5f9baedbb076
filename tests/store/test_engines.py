"""One set of metric definitions, two engines: DuckDB (embedded) and PostgreSQL (hosted)
give the same results, on the fixtures and on a generated 50,000-employee organisation."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from fastapi.testclient import TestClient

from tests.analytics.helpers import employees_csv, spells_csv
from tests.conftest import app_database, new_org
from tests.dbsetup import using_postgres
from verzuim.analytics import metrics, periods, service
from verzuim.analytics.models import MetricsResult, Period
from verzuim.analytics.store import Store as DuckStore
from verzuim.store import absence, organisations
from verzuim.store.tenancy import Role, system_tenant

pytestmark = pytest.mark.skipif(not using_postgres(), reason="compares DuckDB with PostgreSQL")

YEAR = Period(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))


def _generated(n: int, seed: int) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    rng = random.Random(seed)
    units = [f"Divisie {d}/Team {t}" for d in range(8) for t in range(12)]
    emps: list[tuple[object, ...]] = []
    spells: list[tuple[object, ...]] = []
    for i in range(n):
        start = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3500))
        end = start + dt.timedelta(days=rng.randrange(200, 4000)) if rng.random() < 0.2 else None
        emps.append((f"e{i}", rng.choice(units), rng.choice((1.0, 0.8, 0.5)), start, end or ""))
        day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(60))
        for k in range(rng.choice((0, 0, 1, 1, 2, 3))):
            length = rng.choice((1, 3, 5, 10, 30, 120))
            last = day + dt.timedelta(days=length)
            kind = "pregnancy" if rng.random() < 0.02 else "sick"
            open_spell = rng.random() < 0.02
            pct = rng.choice((100, 100, 50))
            spells.append((f"e{i}", f"s{k}", day, "" if open_spell else last, pct, kind))
            if open_spell:
                break
            day = last + dt.timedelta(days=rng.randrange(5, 300))
    return emps, spells


def _both(
    app_client: TestClient, emps: list, spells: list, by_unit: bool
) -> tuple[list[MetricsResult], list[MetricsResult]]:
    files = (
        service.Upload("e.csv", employees_csv(emps)),  # type: ignore[arg-type]
        service.Upload("s.csv", spells_csv(spells)),  # type: ignore[arg-type]
    )
    parsed = service.parse_uploads(*files)
    assert not parsed.problems, parsed.problems[:3]
    db = app_database(app_client)
    slug, _ = new_org(app_client, Role.ADMIN)
    with db.public() as session:
        org = organisations.by_slug(session, slug)
        assert org is not None
        tenant = system_tenant(org.id, slug, "test")
    summary = absence.import_parsed(db, tenant, parsed, "replace")
    assert summary.accepted
    chosen = [YEAR, *periods.split(YEAR, "quarter")]
    with absence.reading(db, tenant, "test") as source:
        on_postgres = service.compute(source, chosen, "unit" if by_unit else None, True, True)
    duck = DuckStore(None)
    try:
        assert duck.import_parsed(
            service.parse_uploads(*files), org_id="x", mode="replace"
        ).accepted
        by = "unit" if by_unit else None
        on_duckdb = metrics.compute(duck.cursor(), chosen, by, True, True, "x")
    finally:
        duck.close()
    return on_duckdb, on_postgres


def _assert_equal(a: list[MetricsResult], b: list[MetricsResult]) -> None:
    left = [r.model_dump() for r in a]
    right = [r.model_dump() for r in b]
    assert len(left) == len(right)
    for x, y in zip(left, right, strict=True):
        _close(x, y, "")


def _close(x: object, y: object, where: str) -> None:
    if isinstance(x, dict) and isinstance(y, dict):
        assert x.keys() == y.keys(), where
        for key in x:
            _close(x[key], y[key], f"{where}.{key}")
    elif isinstance(x, list) and isinstance(y, list):
        assert len(x) == len(y), where
        for i, (p, q) in enumerate(zip(x, y, strict=True)):
            _close(p, q, f"{where}[{i}]")
    elif isinstance(x, float) and isinstance(y, float):
        assert x == pytest.approx(y, rel=1e-9, abs=1e-9), where
    else:
        assert x == y, where


def test_fixture_results_are_equal_on_both_engines(app_client: TestClient) -> None:
    emps, spells = _generated(300, seed=7)
    _assert_equal(*_both(app_client, emps, spells, by_unit=True))


def test_a_50000_employee_organisation_is_equal_on_both_engines(app_client: TestClient) -> None:
    emps, spells = _generated(50_000, seed=11)
    _assert_equal(*_both(app_client, emps, spells, by_unit=True))
