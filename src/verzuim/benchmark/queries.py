"""The benchmark's own SQL around the metric definitions, in the portable DuckDB dialect.

Every statement here and every part of ``verzuim.analytics.sql`` reaches Spark through the
same SQLGlot translation (``engines.translate``): one text per rule, whatever the engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from verzuim.analytics import sql
from verzuim.analytics.models import Period
from verzuim.analytics.periods import rolling_year_start, year_days
from verzuim.benchmark.inputs import COLUMNS
from verzuim.benchmark.models import ORGANISATION_COLUMN, ByColumn

_EPOCH_ORDINAL = 719163  # date(1970, 1, 1).toordinal()
KINDS_SQL = "('sick', 'pregnancy')"


_NUMBERS = {"double", "float", "real", "bigint", "integer", "int", "smallint", "tinyint"}


def typed(table: str, present: Mapping[str, str]) -> str:
    """Raw rows (text from CSV, typed from Parquet) as the reference's types.

    Text goes through TRY_CAST, which leaves a bad value empty; ``checks`` then counts it, so
    the message can say which column of which file holds values that are not what they
    should be. A Parquet column of the right type (or a number for a number) is taken as it
    is: no round trip through text for tens of millions of rows.
    """
    have = {c.lower(): (c, kind) for c, kind in present.items()}
    columns = []
    for name, kind in COLUMNS[table].items():
        if name not in have:
            columns.append(f"CAST(NULL AS {kind}) AS {name}")
            columns.append(f"CAST(NULL AS VARCHAR) AS raw_{name}")
            continue
        source, source_kind = have[name]
        if source_kind == kind.lower() or (kind == "DOUBLE" and source_kind in _NUMBERS):
            columns.append(f"CAST(r.{source} AS {kind}) AS {name}")
            columns.append(f"CAST(NULL AS VARCHAR) AS raw_{name}")  # nothing to convert
            continue
        value = f"NULLIF(TRIM(CAST(r.{source} AS VARCHAR)), '')"
        columns.append(f"TRY_CAST({value} AS {kind}) AS {name}")
        columns.append(f"{value} AS raw_{name}")
    return f"SELECT {', '.join(columns)} FROM raw_{table} r"


def clean(table: str) -> str:
    """The typed table without its ``raw_`` columns: what the metric definitions read."""
    return f"SELECT {', '.join(COLUMNS[table])} FROM typed_{table}"


def _not_a(column: str) -> str:
    """Rows with a value that did not convert to the column's type."""
    return f"sum(CASE WHEN raw_{column} IS NOT NULL AND {column} IS NULL THEN 1 ELSE 0 END)"


def _missing(column: str) -> str:
    return f"sum(CASE WHEN {column} IS NULL THEN 1 ELSE 0 END)"


# name -> (SQL counting offending rows, what is wrong, how to fix it)
Check = tuple[str, str, str]


def checks(table: str) -> dict[str, Check]:
    """Per table, each rule a row must meet, as a count of the rows that do not."""
    found: dict[str, Check] = {}
    required = [c for c in COLUMNS[table] if c not in ("region", "employment_end", "last_day")]
    for column in COLUMNS[table]:
        kind = COLUMNS[table][column]
        if kind != "VARCHAR":
            what = "a date (YYYY-MM-DD)" if kind == "DATE" else "a number (decimal point)"
            found[f"{column}_type"] = (_not_a(column), f"{column} is not {what}", "Correct them.")
    for column in required:
        if column in ("sbi_section", "size_class"):
            continue  # an organisation without them is in no cell, and counted as such
        # a value that did not convert is reported as such, not also as missing
        not_converted = _not_a(column) if COLUMNS[table][column] != "VARCHAR" else "0"
        found[f"{column}_missing"] = (
            f"{_missing(column)} - {not_converted}",
            f"{column} is empty",
            f"Every row needs {column}.",
        )
    if table == "organisations":
        found["org_id_duplicate"] = (
            "count(org_id) - count(DISTINCT org_id)",
            "org_id occurs more than once",
            "Give each organisation one row.",
        )
    if table == "employees":
        found["employee_duplicate"] = (
            "count(*) - (SELECT count(*) FROM (SELECT DISTINCT org_id, employee_id "
            "FROM typed_employees) AS d)",
            "an employee_id occurs more than once within one organisation",
            "Give each employee of an organisation one row.",
        )
        found["part_time_factor_range"] = (
            "sum(CASE WHEN part_time_factor <= 0 OR part_time_factor > 1.5 THEN 1 ELSE 0 END)",
            "part_time_factor is not above 0 and at most 1.5",
            "Use contract hours / full-time hours.",
        )
        found["employment_order"] = (
            "sum(CASE WHEN employment_end < employment_start THEN 1 ELSE 0 END)",
            "employment_end lies before employment_start",
            "Correct the dates.",
        )
        found["org_unknown"] = (
            "sum(CASE WHEN org_id NOT IN (SELECT org_id FROM organisations) THEN 1 ELSE 0 END)",
            "org_id is not in the organisations file",
            "Add the organisation or remove its rows.",
        )
    if table == "spells":
        found["kind_value"] = (
            f"sum(CASE WHEN kind NOT IN {KINDS_SQL} THEN 1 ELSE 0 END)",
            "kind is neither 'sick' nor 'pregnancy'",
            "Use sick or pregnancy.",
        )
        found["unfit_pct_range"] = (
            "sum(CASE WHEN unfit_pct < 1 OR unfit_pct > 100 THEN 1 ELSE 0 END)",
            "unfit_pct is not between 1 and 100",
            "Give the unfitness percentage (100 = fully unfit).",
        )
        found["day_order"] = (
            "sum(CASE WHEN last_day < first_day THEN 1 ELSE 0 END)",
            "last_day lies before first_day",
            "Correct the dates.",
        )
        found["employee_unknown"] = (
            "count(*) - (SELECT count(*) FROM typed_spells s JOIN employees e "
            "ON e.org_id = s.org_id AND e.employee_id = s.employee_id)",
            "(org_id, employee_id) is not in the employees file",
            "Add the employee or remove the rows.",
        )
    return found


def check_query(table: str, found: dict[str, Check]) -> str:
    counts = ", ".join(f"{expr} AS {name}" for name, (expr, _, _) in found.items())
    return f"SELECT {counts} FROM typed_{table}"


def day_number(day: object) -> int:
    return int(day.toordinal()) - _EPOCH_ORDINAL  # type: ignore[attr-defined]


def periods_select(periods: Sequence[Period]) -> str:
    """``q_periods`` of the metric definitions as a literal table."""
    rows = ", ".join(
        f"({i}, {day_number(p.start)}, {day_number(p.end)}, {p.days}, {year_days(p)}, "
        f"{day_number(rolling_year_start(p.end))})"
        for i, p in enumerate(periods)
    )
    return (
        "SELECT CAST(period_no AS INTEGER) AS period_no, CAST(ps AS INTEGER) AS ps, "
        "CAST(pe AS INTEGER) AS pe, CAST(p_days AS INTEGER) AS p_days, "
        "CAST(y_days AS DOUBLE) AS y_days, CAST(rs AS INTEGER) AS rs "
        f"FROM (VALUES {rows}) AS q(period_no, ps, pe, p_days, y_days, rs)"
    )


DATE_RANGE = "SELECT min(first_day), max(coalesce(last_day, first_day)) FROM episodes"

SUM_COLUMNS = sql.result_columns(detail=False, bradford=False, returns=True)[2:]


def org_rows() -> str:
    """Per organisation and period, the additive sums of the definitions (pooled)."""
    return sql.unit_select(detail=False, bradford=False, returns=True)


def cells(by: Sequence[ByColumn]) -> str:
    """Organisations employing anyone in a period, summed per cell; the largest's share too."""
    keys = [f"o.{ORGANISATION_COLUMN[b]}" for b in by]
    key_columns = ", ".join(f"{k} AS {b}" for k, b in zip(keys, by, strict=True))
    sums = ", ".join(f"sum(r.{c}) AS {c}" for c in SUM_COLUMNS)
    present = " AND ".join(f"{k} IS NOT NULL" for k in keys)
    return f"""SELECT {key_columns}, r.period_no, count(*) AS organisations, {sums},
    max(r.employed_days) AS largest_days
FROM org_rows r JOIN organisations o ON o.org_id = r.unit
WHERE r.employees > 0 AND {present}
GROUP BY {", ".join(keys)}, r.period_no"""


def without_cell(by: Sequence[ByColumn]) -> str:
    absent = " OR ".join(f"{ORGANISATION_COLUMN[b]} IS NULL" for b in by)
    return f"SELECT count(*), sum(CASE WHEN {absent} THEN 1 ELSE 0 END) FROM organisations"
