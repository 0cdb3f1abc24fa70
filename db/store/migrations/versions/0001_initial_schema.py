"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "drivers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("name_key", sa.String(length=120), nullable=False),
        sa.Column("feed_driver_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drivers")),
        sa.UniqueConstraint("feed_driver_id", name=op.f("uq_drivers_feed_driver_id")),
        sa.UniqueConstraint("name", name=op.f("uq_drivers_name")),
    )
    with op.batch_alter_table("drivers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drivers_name_key"), ["name_key"], unique=False)

    op.create_table(
        "guild_settings",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("announce_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("announce_series", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_guild_settings")),
    )
    op.create_table(
        "manufacturers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manufacturers")),
        sa.UniqueConstraint("name", name=op.f("uq_manufacturers_name")),
    )
    op.create_table(
        "series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("feed_series_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_series")),
        sa.UniqueConstraint("code", name=op.f("uq_series_code")),
        sa.UniqueConstraint("feed_series_id", name=op.f("uq_series_feed_series_id")),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("name", name=op.f("uq_teams_name")),
    )
    op.create_table(
        "tracks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("name_key", sa.String(length=120), nullable=False),
        sa.Column("city", sa.String(length=80), nullable=True),
        sa.Column("state", sa.String(length=40), nullable=True),
        sa.Column("length_miles", sa.Float(), nullable=True),
        sa.Column("surface", sa.String(length=16), nullable=True),
        sa.Column("layout", sa.String(length=24), nullable=True),
        sa.Column("feed_track_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "length_miles IS NULL OR length_miles > 0", name=op.f("ck_tracks_positive_length")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracks")),
        sa.UniqueConstraint("feed_track_id", name=op.f("uq_tracks_feed_track_id")),
        sa.UniqueConstraint("name", name=op.f("uq_tracks_name")),
    )
    with op.batch_alter_table("tracks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tracks_name_key"), ["name_key"], unique=False)

    op.create_table(
        "driver_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=120), nullable=False),
        sa.Column("alias_key", sa.String(length=120), nullable=False),
        sa.Column("source", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(
            ["driver_id"],
            ["drivers.id"],
            name=op.f("fk_driver_aliases_driver_id_drivers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_driver_aliases")),
        sa.UniqueConstraint("alias_key", name=op.f("uq_driver_aliases_alias_key")),
    )
    with op.batch_alter_table("driver_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_driver_aliases_driver_id"), ["driver_id"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("season", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("track_id", sa.Integer(), nullable=False),
        sa.Column("start_time_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("scheduled_laps", sa.Integer(), nullable=True),
        sa.Column("scheduled_distance_miles", sa.Float(), nullable=True),
        sa.Column("stage_ends", sa.JSON(), nullable=True),
        sa.Column("purse_usd", sa.BigInteger(), nullable=True),
        sa.Column("tv_network", sa.String(length=40), nullable=True),
        sa.Column("radio_network", sa.String(length=40), nullable=True),
        sa.Column("feed_race_id", sa.Integer(), nullable=True),
        sa.Column("results_official", sa.Boolean(), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.CheckConstraint("round > 0", name=op.f("ck_events_positive_round")),
        sa.ForeignKeyConstraint(["series_id"], ["series.id"], name=op.f("fk_events_series_id_series")),
        sa.ForeignKeyConstraint(["track_id"], ["tracks.id"], name=op.f("fk_events_track_id_tracks")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("feed_race_id", name=op.f("uq_events_feed_race_id")),
        sa.UniqueConstraint("series_id", "season", "round", name=op.f("uq_events_series_id_season_round")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_season"), ["season"], unique=False)
        batch_op.create_index("ix_events_track_season", ["track_id", "season"], unique=False)

    op.create_table(
        "series_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=120), nullable=False),
        sa.Column("alias_key", sa.String(length=120), nullable=False),
        sa.Column("source", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(
            ["series_id"], ["series.id"], name=op.f("fk_series_aliases_series_id_series"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_series_aliases")),
        sa.UniqueConstraint("alias_key", name=op.f("uq_series_aliases_alias_key")),
    )
    with op.batch_alter_table("series_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_series_aliases_series_id"), ["series_id"], unique=False)

    op.create_table(
        "series_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("first_season", sa.Integer(), nullable=False),
        sa.Column("last_season", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["series_id"], ["series.id"], name=op.f("fk_series_names_series_id_series"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_series_names")),
        sa.UniqueConstraint(
            "series_id", "name", "first_season", name=op.f("uq_series_names_series_id_name_first_season")
        ),
    )
    op.create_table(
        "track_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("track_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=120), nullable=False),
        sa.Column("alias_key", sa.String(length=120), nullable=False),
        sa.Column("source", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(
            ["track_id"], ["tracks.id"], name=op.f("fk_track_aliases_track_id_tracks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_track_aliases")),
        sa.UniqueConstraint("alias_key", name=op.f("uq_track_aliases_alias_key")),
    )
    with op.batch_alter_table("track_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_track_aliases_track_id"), ["track_id"], unique=False)

    op.create_table(
        "announcement_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_announcement_log_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcement_log")),
        sa.UniqueConstraint(
            "guild_id", "event_id", "kind", name=op.f("uq_announcement_log_guild_id_event_id_kind")
        ),
    )
    with op.batch_alter_table("announcement_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_announcement_log_event_id"), ["event_id"], unique=False)

    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start_time_utc", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('practice', 'qualifying', 'race')", name=op.f("ck_sessions_known_kind")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_sessions_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
        sa.UniqueConstraint("event_id", "kind", "name", name=op.f("uq_sessions_event_id_kind_name")),
    )
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sessions_event_id"), ["event_id"], unique=False)

    op.create_table(
        "results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=False),
        sa.Column("car_number", sa.String(length=8), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("manufacturer_id", sa.Integer(), nullable=True),
        sa.Column("start_position", sa.Integer(), nullable=True),
        sa.Column("finish_position", sa.Integer(), nullable=True),
        sa.Column("laps_completed", sa.Integer(), nullable=True),
        sa.Column("laps_led", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=True),
        sa.Column("qualifying_time_s", sa.Float(), nullable=True),
        sa.Column("qualifying_speed_mph", sa.Float(), nullable=True),
        sa.Column("points", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "finish_position IS NULL OR finish_position > 0", name=op.f("ck_results_positive_finish")
        ),
        sa.CheckConstraint("laps_led IS NULL OR laps_led >= 0", name=op.f("ck_results_nonnegative_led")),
        sa.CheckConstraint(
            "start_position IS NULL OR start_position > 0", name=op.f("ck_results_positive_start")
        ),
        sa.ForeignKeyConstraint(["driver_id"], ["drivers.id"], name=op.f("fk_results_driver_id_drivers")),
        sa.ForeignKeyConstraint(
            ["manufacturer_id"], ["manufacturers.id"], name=op.f("fk_results_manufacturer_id_manufacturers")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_results_session_id_sessions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_results_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_results")),
        sa.UniqueConstraint("session_id", "driver_id", name=op.f("uq_results_session_id_driver_id")),
    )
    with op.batch_alter_table("results", schema=None) as batch_op:
        batch_op.create_index("ix_results_driver_session", ["driver_id", "session_id"], unique=False)
        batch_op.create_index("ix_results_session_start", ["session_id", "start_position"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("results", schema=None) as batch_op:
        batch_op.drop_index("ix_results_session_start")
        batch_op.drop_index("ix_results_driver_session")

    op.drop_table("results")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sessions_event_id"))

    op.drop_table("sessions")
    with op.batch_alter_table("announcement_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_announcement_log_event_id"))

    op.drop_table("announcement_log")
    with op.batch_alter_table("track_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_track_aliases_track_id"))

    op.drop_table("track_aliases")
    op.drop_table("series_names")
    with op.batch_alter_table("series_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_series_aliases_series_id"))

    op.drop_table("series_aliases")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_track_season")
        batch_op.drop_index(batch_op.f("ix_events_season"))

    op.drop_table("events")
    with op.batch_alter_table("driver_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_driver_aliases_driver_id"))

    op.drop_table("driver_aliases")
    with op.batch_alter_table("tracks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tracks_name_key"))

    op.drop_table("tracks")
    op.drop_table("teams")
    op.drop_table("series")
    op.drop_table("manufacturers")
    op.drop_table("guild_settings")
    with op.batch_alter_table("drivers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drivers_name_key"))

    op.drop_table("drivers")
