"""Balance check: rounds, invitation codes and anonymous responses (issue 9).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from verzuim.store import rls

ORG_TABLES = ("balance_rounds", "balance_codes", "balance_responses")

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "balance_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("instrument", sa.String(length=80), nullable=False),
        sa.Column("opens", sa.Date(), nullable=False),
        sa.Column("closes", sa.Date(), nullable=False),
        sa.Column("units", sa.JSON(), nullable=False),
        sa.Column("single_use", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_balance_rounds_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_balance_rounds")),
    )
    with op.batch_alter_table("balance_rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_balance_rounds_org_id"), ["org_id"], unique=False)

    op.create_table(
        "balance_codes",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=500), nullable=False),
        sa.Column("single_use", sa.Boolean(), nullable=False),
        sa.Column("used", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_balance_codes_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["balance_rounds.id"],
            name=op.f("fk_balance_codes_round_id_balance_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_balance_codes")),
    )
    with op.batch_alter_table("balance_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_balance_codes_round_id"), ["round_id"], unique=False)

    op.create_table(
        "balance_responses",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=500), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_balance_responses_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["balance_rounds.id"],
            name=op.f("fk_balance_responses_round_id_balance_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_balance_responses")),
    )
    with op.batch_alter_table("balance_responses", schema=None) as batch_op:
        batch_op.create_index("ix_balance_responses_round", ["org_id", "round_id"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        rls.enable(op.execute, ORG_TABLES)


def downgrade() -> None:
    op.drop_table("balance_responses")
    op.drop_table("balance_codes")
    op.drop_table("balance_rounds")
