"""announcements: per-server settings, followed series and channels, channel health, the post log

Nothing was ever announced before this revision, so the two placeholder tables are replaced, not altered.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("announcement_log")
    op.drop_table("guild_settings")
    op.create_table(
        "guild_settings",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("minutes_before", sa.Integer(), nullable=True),
        sa.Column("role_id", sa.BigInteger(), nullable=True),
        sa.Column("results", sa.String(length=8), nullable=False),
        sa.Column("threads", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("mode IN ('lineup', 'before')", name=op.f("ck_guild_settings_known_mode")),
        sa.CheckConstraint(
            "minutes_before IS NULL OR minutes_before BETWEEN 5 AND 1440",
            name=op.f("ck_guild_settings_minutes_range"),
        ),
        sa.CheckConstraint(
            "results IN ('off', 'on', 'spoiler')", name=op.f("ck_guild_settings_known_results")
        ),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_guild_settings")),
    )
    op.create_table(
        "announce_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("series_code", sa.String(length=16), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["guild_id"],
            ["guild_settings.guild_id"],
            name=op.f("fk_announce_channels_guild_id_guild_settings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announce_channels")),
        sa.UniqueConstraint(
            "guild_id", "series_code", name=op.f("uq_announce_channels_guild_id_series_code")
        ),
    )
    op.create_index(op.f("ix_announce_channels_channel_id"), "announce_channels", ["channel_id"])
    op.create_index(op.f("ix_announce_channels_guild_id"), "announce_channels", ["guild_id"])
    op.create_table(
        "channel_health",
        sa.Column("channel_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("channel_id", name=op.f("pk_channel_health")),
    )
    op.create_index(op.f("ix_channel_health_guild_id"), "channel_health", ["guild_id"])
    op.create_table(
        "announcement_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("nonce", sa.String(length=25), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("content_digest", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.String(length=300), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('grid', 'results')", name=op.f("ck_announcement_log_known_kind")),
        sa.CheckConstraint(
            "state IN ('claimed', 'sent', 'held', 'skipped', 'failed')",
            name=op.f("ck_announcement_log_known_state"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_announcement_log_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcement_log")),
        sa.UniqueConstraint(
            "guild_id",
            "channel_id",
            "event_id",
            "kind",
            name=op.f("uq_announcement_log_guild_id_channel_id_event_id_kind"),
        ),
    )
    op.create_index(op.f("ix_announcement_log_event_id"), "announcement_log", ["event_id"])
    op.create_index(op.f("ix_announcement_log_guild_id"), "announcement_log", ["guild_id"])


def downgrade() -> None:
    for table in ("announcement_log", "channel_health", "announce_channels", "guild_settings"):
        op.drop_table(table)
    op.create_table(
        "guild_settings",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("announce_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("announce_series", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("guild_id", name=op.f("pk_guild_settings")),
    )
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
    op.create_index(op.f("ix_announcement_log_event_id"), "announcement_log", ["event_id"])
