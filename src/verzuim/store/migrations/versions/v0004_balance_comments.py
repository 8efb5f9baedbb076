"""Balance check: answers to open questions, reviewed before they are shown (issue 9).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from verzuim.store import rls

ORG_TABLES = ("balance_comments",)

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "balance_comments",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=500), nullable=False),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_balance_comments_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["balance_rounds.id"],
            name=op.f("fk_balance_comments_round_id_balance_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_balance_comments")),
        # No rowid: the physical order is the random id's, never the order of arrival.
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("balance_comments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_balance_comments_round", ["org_id", "round_id", "unit"], unique=False
        )

    if op.get_bind().dialect.name == "postgresql":
        rls.enable(op.execute, ORG_TABLES)


def downgrade() -> None:
    op.drop_table("balance_comments")
