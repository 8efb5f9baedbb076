"""No model, table or CSV column may hold a diagnosis, a medical detail or a reason for absence."""

from __future__ import annotations

import re

from pydantic import BaseModel

from verzuim.analytics import columns, export, models
from verzuim.analytics.store import EMPLOYEE_COLUMNS, EPISODE_COLUMNS, Store

FORBIDDEN = re.compile(r"diagnos|medical|medisch|reden|reason", re.IGNORECASE)


def _model_fields() -> list[str]:
    names: list[str] = []
    for obj in vars(models).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj is not BaseModel:
            names += list(obj.model_fields)
        fields = getattr(obj, "__dataclass_fields__", None)
        if isinstance(obj, type) and fields:
            names += list(fields)
    return names


def test_no_forbidden_column_names_anywhere() -> None:
    store = Store(None)
    tables = (
        store.cursor()
        .execute("SELECT table_name, column_name FROM information_schema.columns")
        .fetchall()
    )
    store.close()
    names = [f"{t}.{c}" for t, c in tables]
    names += _model_fields()
    names += list(EMPLOYEE_COLUMNS) + list(EPISODE_COLUMNS)
    names += list(export.CSV_HEADER)
    names += list(columns.EMPLOYEE_FIELDS) + list(columns.SPELL_FIELDS)
    names += list(columns.SYNONYMS) + list(columns.SYNONYMS.values())
    assert len(names) > 40
    offending = [n for n in names if FORBIDDEN.search(n)]
    assert offending == []


def test_a_diagnosis_column_in_an_upload_is_never_stored() -> None:
    from verzuim.analytics import service

    emp = b"employee_id,unit,part_time_factor,employment_start\n" + b"".join(
        b"e%d,A,1,2020-01-01\n" % i for i in range(5)
    )
    sp = b"employee_id,first_day,last_day,diagnose,reden\ne1,2024-01-01,2024-01-02,griep,ziek\n"
    store = Store(None)
    summary = service.import_uploads(
        store, service.Upload("e.csv", emp), service.Upload("s.csv", sp)
    )
    assert summary.accepted
    stored = store.cursor().execute("SELECT * FROM episodes").fetchall()
    assert "griep" not in repr(stored)
    store.close()
