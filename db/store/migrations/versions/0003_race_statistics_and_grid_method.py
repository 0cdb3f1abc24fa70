"""race statistics and grid method

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENT_COLUMNS = (
    "grid_method",
    "margin_of_victory_s",
    "finished_under_caution",
    "cautions",
    "caution_laps",
    "lead_changes",
    "leaders",
)


def upgrade() -> None:
    op.create_table(
        "stage_winners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("stage > 0", name=op.f("ck_stage_winners_positive_stage")),
        sa.ForeignKeyConstraint(
            ["driver_id"], ["drivers.id"], name=op.f("fk_stage_winners_driver_id_drivers")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_stage_winners_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_winners")),
        sa.UniqueConstraint("event_id", "stage", name=op.f("uq_stage_winners_event_id_stage")),
    )
    with op.batch_alter_table("stage_winners", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stage_winners_driver_id"), ["driver_id"], unique=False)

    # Only added columns, so SQLite alters `events` in place rather than copying it.
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("grid_method", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("margin_of_victory_s", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("finished_under_caution", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("cautions", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("caution_laps", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("lead_changes", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("leaders", sa.Integer(), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+), not batch mode: batch would copy `events` and drop the original,
    # and with foreign keys on that drop cascades into every session and result.
    for column in reversed(EVENT_COLUMNS):
        op.drop_column("events", column)

    with op.batch_alter_table("stage_winners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stage_winners_driver_id"))

    op.drop_table("stage_winners")
