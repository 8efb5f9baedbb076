"""The derived parts of the metric definitions, kept as tables in the embedded DuckDB store.

``sql.derived_parts`` are the steps that do not depend on the periods asked for and cost the
most (episodes joined to employments, the window functions over every spell). Recomputing
them for every dashboard, trend or CLI call made a 36-month trend of a million employees take
seconds; kept as tables they are made once per change of an organisation's rows.

The tables are made from the very same definitions other engines compute in their query, and
hold every organisation of the store (the column ``org_id``). ``derived_orgs`` lists the
organisations whose tables are up to date: every change of the rows (``mark_stale``, called
where the spells are rebuilt) removes the mark, and ``ensure`` rebuilds before metrics run.
"""

from __future__ import annotations

import duckdb

from verzuim.analytics import sql

_MARKS = "derived_orgs"


def create_tables(conn: duckdb.DuckDBPyConnection) -> None:
    """Empty tables with the columns the definitions give (so they are written only once)."""
    conn.execute(f"CREATE TABLE IF NOT EXISTS {_MARKS} (org_id VARCHAR PRIMARY KEY)")
    conn.execute("CREATE OR REPLACE TEMP TABLE q_org AS SELECT CAST(NULL AS VARCHAR) AS org_id")
    for name, body, materialise in sql.derived_parts(sql.DUCKDB):
        if materialise:
            conn.execute(
                f"CREATE TABLE IF NOT EXISTS main.{name} AS SELECT * FROM ({body}) AS b LIMIT 0"
            )
        else:
            conn.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {body}")
    _drop_temporary(conn)


def mark_stale(cur: duckdb.DuckDBPyConnection, org_id: str) -> None:
    """The organisation's rows changed: its derived tables must be rebuilt before use."""
    cur.execute(f"DELETE FROM {_MARKS} WHERE org_id = ?", [org_id])


def is_current(cur: duckdb.DuckDBPyConnection, org_id: str) -> bool:
    found = cur.execute(f"SELECT count(*) FROM {_MARKS} WHERE org_id = ?", [org_id]).fetchone()
    return bool(found and found[0])


def build(cur: duckdb.DuckDBPyConnection, org_id: str) -> None:
    """Rebuild the organisation's derived rows in one transaction, then mark them current."""
    cur.execute("BEGIN TRANSACTION")
    try:
        # A temporary table of the same name (the per-employee parts compute them in their
        # query) would shadow the stored one the definitions read.
        _drop_temporary(cur)
        cur.execute("CREATE TEMP TABLE q_org AS SELECT CAST(? AS VARCHAR) AS org_id", [org_id])
        for name, body, materialise in sql.derived_parts(sql.DUCKDB):
            if materialise:
                cur.execute(f"DELETE FROM main.{name} WHERE org_id = ?", [org_id])
                cur.execute(f"INSERT INTO main.{name} {body}")
            else:
                cur.execute(f"CREATE TEMP VIEW {name} AS {body}")
        cur.execute(f"INSERT INTO {_MARKS} VALUES (?) ON CONFLICT DO NOTHING", [org_id])
        _drop_temporary(cur)
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    cur.execute("COMMIT")


def ensure(cur: duckdb.DuckDBPyConnection, org_id: str) -> None:
    """Make sure the organisation's derived tables are current (rebuilt if not).

    Two threads finding them stale at once both rebuild; DuckDB lets one commit and refuses
    the other's conflicting write, after which the tables are current all the same."""
    if is_current(cur, org_id):
        return
    try:
        build(cur, org_id)
    except duckdb.TransactionException:
        if not is_current(cur, org_id):
            raise


def _drop_temporary(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute("DROP TABLE IF EXISTS temp.main.q_org")
    for name, _, materialise in sql.derived_parts(sql.DUCKDB):
        cur.execute(f"DROP {'TABLE' if materialise else 'VIEW'} IF EXISTS temp.main.{name}")
