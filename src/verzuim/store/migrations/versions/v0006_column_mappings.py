"""Column mappings picked in the upload page, remembered per organisation (issue 12).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from verzuim.store import rls

ORG_TABLES = ("column_mappings",)

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "column_mappings",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("file_kind", sa.String(length=10), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("source_column", sa.String(length=200), nullable=False),
        sa.Column("updated_by", sa.String(length=254), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_column_mappings_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("org_id", "file_kind", "field", name=op.f("pk_column_mappings")),
    )
    if op.get_bind().dialect.name == "postgresql":
        rls.enable(op.execute, ORG_TABLES)


def downgrade() -> None:
    op.drop_table("column_mappings")
