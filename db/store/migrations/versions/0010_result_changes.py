"""results changed after a race: what changed, when and why (issue 21, item 3)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "official_results",
        sa.Column("event_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=False),
        sa.Column("infractions", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_official_results_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_official_results")),
    )
    op.create_table(
        "result_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("car_number", sa.String(length=8), nullable=True),
        sa.Column("finish_before", sa.Integer(), nullable=True),
        sa.Column("finish_after", sa.Integer(), nullable=True),
        sa.Column("points_before", sa.Integer(), nullable=True),
        sa.Column("points_after", sa.Integer(), nullable=True),
        sa.Column("status_before", sa.String(length=40), nullable=True),
        sa.Column("status_after", sa.String(length=40), nullable=True),
        sa.Column("disqualified", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["driver_id"], ["drivers.id"], name=op.f("fk_result_changes_driver_id_drivers")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_result_changes_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_changes")),
    )
    with op.batch_alter_table("result_changes") as batch:
        batch.create_index(batch.f("ix_result_changes_event_id"), ["event_id"], unique=False)


def downgrade() -> None:
    op.drop_table("result_changes")  # its index goes with it
    op.drop_table("official_results")
