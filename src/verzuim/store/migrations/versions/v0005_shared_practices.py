"""Shared practices: the installation-wide collection of imported good-practice records.

Not organisation-owned (no org_id, hence no row-level-security policy): the records are
anonymised and licensed for sharing; the audit log says who imported each, for which
organisation.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shared_practices",
        sa.Column("id", sa.String(length=81), nullable=False),
        sa.Column("created", sa.Date(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shared_practices")),
    )
    with op.batch_alter_table("shared_practices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shared_practices_imported_at"), ["imported_at"], unique=False
        )


def downgrade() -> None:
    op.drop_table("shared_practices")
