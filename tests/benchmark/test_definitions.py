"""The benchmark reuses the analytics definitions: every statement translates to Spark, the
single-organisation SQL is untouched by the pooled option, and no field can hold health data."""

from __future__ import annotations

from pydantic import BaseModel

from tests.analytics.test_privacy import FORBIDDEN
from verzuim.analytics import sql
from verzuim.benchmark import models, output, queries
from verzuim.benchmark.engines import translate
from verzuim.benchmark.inputs import COLUMNS


def test_every_statement_translates_to_spark() -> None:
    statements = [body for _, body, _ in sql.parts(sql.DUCKDB, False, pooled=True, returns=True)]
    statements += [sql.spell_table(pooled=True), queries.org_rows(), queries.cells(["sector"])]
    statements += [queries.typed(t, {c: "varchar" for c in COLUMNS[t]}) for t in COLUMNS]
    for table in COLUMNS:
        statements.append(queries.check_query(table, queries.checks(table)))
    for statement in statements:
        spark = translate(statement)
        assert "q_org" not in spark
        assert "TRY_CAST" in spark or "TRY_CAST" not in statement


def test_pooled_is_an_option_not_a_change() -> None:
    one = sql.parts(sql.DUCKDB, detail=True, bradford=True)
    assert one == sql.parts(sql.DUCKDB, detail=True, bradford=True, pooled=False)
    rows = {name: body for name, body, _ in one}
    assert "(SELECT org_id FROM q_org)" in rows["emp"]
    pooled = {name: body for name, body, _ in sql.parts(sql.DUCKDB, pooled=True)}
    assert "q_org" not in " ".join(pooled.values())
    assert "e.org_id AS unit" in pooled["emp"]
    assert "?" in sql.spell_table() and "?" not in sql.spell_table(pooled=True)


def test_no_field_can_hold_health_data() -> None:
    names = [c for table in COLUMNS.values() for c in table]
    for obj in vars(models).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj is not BaseModel:
            names += list(obj.model_fields)
    names += list(output.columns(models.BY_COLUMNS))
    assert len(names) > 30
    assert not [n for n in names if FORBIDDEN.search(n)]
