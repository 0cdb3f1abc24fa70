"""shards: who holds an announcement claim, and the REST budget every process draws from

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("announcement_log") as batch:
        batch.add_column(sa.Column("claimed_by", sa.Integer(), nullable=True))
    op.create_table(
        "rest_budget",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rest_budget")),
    )


def downgrade() -> None:
    op.drop_table("rest_budget")
    with op.batch_alter_table("announcement_log") as batch:
        batch.drop_column("claimed_by")
