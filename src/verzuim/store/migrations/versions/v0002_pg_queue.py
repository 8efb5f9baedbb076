"""PostgreSQL: install procrastinate's job queue (its tables and functions).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

from verzuim.store.pg_queue import schema_sql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(schema_sql())


def downgrade() -> None:
    pass
