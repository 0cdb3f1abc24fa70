"""lap times: each car's running position by lap, from the feed's lap-times payloads (issue 24, race chart)

Positions are packed one byte a lap in a row per car (`kernel.laps`): a 500-lap race of 39 cars is
39 rows of 501 bytes, where a row per car and lap would be 19,500 rows.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lap_times",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("laps", sa.Integer(), nullable=False),
        sa.Column("flags", sa.LargeBinary(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_lap_times_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_lap_times")),
    )
    op.create_table(
        "lap_positions",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("place", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=True),
        sa.Column("car_number", sa.String(length=8), nullable=False),
        sa.Column("driver_name", sa.String(length=120), nullable=False),
        sa.Column("positions", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["driver_id"],
            ["drivers.id"],
            name=op.f("fk_lap_positions_driver_id_drivers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["lap_times.event_id"],
            name=op.f("fk_lap_positions_event_id_lap_times"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "place", name=op.f("pk_lap_positions")),
    )


def downgrade() -> None:
    op.drop_table("lap_positions")
    op.drop_table("lap_times")
