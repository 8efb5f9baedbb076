"""Run the one set of metric definitions (``analytics/sql.py``, written for DuckDB) on
PostgreSQL: each statement is translated by SQLGlot, never rewritten by hand.

``PostgresCursor`` offers the small part of DuckDB's cursor interface that
``metrics.compute`` uses (``execute(sql, params)``, ``fetchall``, ``fetchone``), over a
SQLAlchemy session that already carries the tenant's row-level-security context.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import sqlglot
from sqlalchemy import text
from sqlalchemy.orm import Session

_CREATE = re.compile(r"^\s*CREATE\s+OR\s+REPLACE\s+TEMP\s+(TABLE|VIEW)\s+(\w+)\s", re.I)


@lru_cache(maxsize=512)
def to_postgres(statement: str) -> str:
    """DuckDB SQL to PostgreSQL SQL; ``?`` placeholders become numbered bind names."""
    translated = sqlglot.transpile(statement, read="duckdb", write="postgres")
    if len(translated) != 1:
        raise ValueError("one statement at a time")
    return _number_placeholders(translated[0])


def _number_placeholders(statement: str) -> str:
    count = 0

    def name(_match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f":p{count}"

    # SQLGlot writes DuckDB's "?" as "%s" for PostgreSQL; no string literal here holds one.
    return re.sub(r"%s|\?", name, statement)


class PostgresCursor:
    """Enough of a DuckDB cursor for ``metrics.compute``, running on PostgreSQL."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._rows: list[tuple[Any, ...]] = []

    def execute(self, statement: str, params: Sequence[Any] | None = None) -> PostgresCursor:
        values = {f"p{i + 1}": v for i, v in enumerate(params or ())}
        created = _CREATE.match(statement)
        if created:
            # PostgreSQL has no CREATE OR REPLACE TEMP TABLE: drop, then create.
            kind, name = created.group(1).upper(), created.group(2)
            self._session.execute(text(f"DROP {kind} IF EXISTS {name} CASCADE"))
            statement = _CREATE.sub(f"CREATE TEMP {kind} {name} ", statement, count=1)
        result = self._session.execute(text(to_postgres(statement)), values)
        self._rows = (
            [tuple(r) for r in result.fetchall()] if getattr(result, "returns_rows", False) else []
        )
        return self

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._rows

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._rows[0] if self._rows else None
