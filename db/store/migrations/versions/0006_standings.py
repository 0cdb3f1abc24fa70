"""standings: NASCAR's published points tables and the live points of the race on track

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "standings_tables",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("season", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("lap", sa.Integer(), nullable=True),
        sa.Column("laps_in_race", sa.Integer(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('drivers', 'owners', 'manufacturers', 'live')",
            name=op.f("ck_standings_tables_known_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_standings_tables_event_id_events"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["series_id"], ["series.id"], name=op.f("fk_standings_tables_series_id_series")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standings_tables")),
        sa.UniqueConstraint(
            "series_id", "season", "kind", name=op.f("uq_standings_tables_series_id_season_kind")
        ),
    )
    op.create_table(
        "standings_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=True),
        sa.Column("car_number", sa.String(length=8), nullable=True),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("to_cut", sa.Integer(), nullable=True),
        sa.Column("wins", sa.Integer(), nullable=True),
        sa.Column("stage_wins", sa.Integer(), nullable=True),
        sa.Column("top5", sa.Integer(), nullable=True),
        sa.Column("top10", sa.Integer(), nullable=True),
        sa.Column("earned_this_race", sa.Integer(), nullable=True),
        sa.Column("clinched", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["driver_id"],
            ["drivers.id"],
            name=op.f("fk_standings_rows_driver_id_drivers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["table_id"],
            ["standings_tables.id"],
            name=op.f("fk_standings_rows_table_id_standings_tables"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standings_rows")),
        sa.UniqueConstraint("table_id", "line", name=op.f("uq_standings_rows_table_id_line")),
    )


def downgrade() -> None:
    op.drop_table("standings_rows")
    op.drop_table("standings_tables")
