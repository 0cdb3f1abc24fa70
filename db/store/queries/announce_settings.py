"""A server's announcement setup: its settings, followed series and their channels, and channel health.

Each function is one transaction. Nothing here is race data, so the data version is never bumped.
Inserts are upserts (ON CONFLICT), so two bot processes sharing one store never collide on a row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.store.models import AnnounceChannel, AnnouncementLog, ChannelHealth, GuildSettings
from db.store.queries.upsert import upsert
from kernel.announce_reports import AnnounceSettings, ChannelTrouble, FollowedSeries

# The settings a command may change, with the column each writes.
SETTING_FIELDS = frozenset({"mode", "minutes_before", "role_id", "results", "threads", "cards", "standings"})


async def guild_settings(
    sessions: async_sessionmaker[AsyncSession], guild_id: int
) -> AnnounceSettings | None:
    """A server's setup, or None when it never set anything up (or was forgotten)."""
    async with sessions() as session:
        return await _read(session, guild_id)


async def save_settings(
    sessions: async_sessionmaker[AsyncSession], guild_id: int, *, now: datetime, **changes: Any
) -> AnnounceSettings:
    """Change some of mode, minutes_before, role_id, results, threads, cards and standings; a new server
    starts from the defaults (as soon as the lineup is known, no role, no results, no threads, grid cards
    on, no standings)."""
    unknown = set(changes) - SETTING_FIELDS
    if unknown:
        raise ValueError(f"not an announcement setting: {', '.join(sorted(unknown))}")
    async with sessions.begin() as session:
        await _ensure_settings(session, guild_id, now)
        await session.execute(
            update(GuildSettings).where(GuildSettings.guild_id == guild_id).values(**changes, updated_at=now)
        )
        settings = await _read(session, guild_id)
    assert settings is not None  # just written, in this transaction
    return settings


async def follow(
    sessions: async_sessionmaker[AsyncSession],
    guild_id: int,
    channel_id: int,
    series_codes: Sequence[str],
    *,
    now: datetime,
) -> AnnounceSettings:
    """Post these series' grids to `channel_id` (moving them from another channel if they were there),
    and clear the channel's failures: setting a channel again is how an admin un-pauses it."""
    async with sessions.begin() as session:
        await _ensure_settings(session, guild_id, now)
        for code in series_codes:
            values = {"guild_id": guild_id, "series_code": code, "channel_id": channel_id}
            statement = upsert(session, AnnounceChannel).values(**values)
            await session.execute(
                statement.on_conflict_do_update(
                    index_elements=["guild_id", "series_code"], set_={"channel_id": channel_id}
                )
            )
        await session.execute(
            update(GuildSettings).where(GuildSettings.guild_id == guild_id).values(updated_at=now)
        )
        await session.execute(delete(ChannelHealth).where(ChannelHealth.channel_id == channel_id))
        settings = await _read(session, guild_id)
    assert settings is not None
    return settings


async def unfollow(
    sessions: async_sessionmaker[AsyncSession], guild_id: int, channel_id: int | None = None
) -> tuple[str, ...]:
    """Stop posting to one channel (or, with None, to every channel of the server); the series that
    were posted there. The server's other settings stay for the next `/announce channel`."""
    where = [AnnounceChannel.guild_id == guild_id]
    health = [ChannelHealth.guild_id == guild_id]
    if channel_id is not None:
        where.append(AnnounceChannel.channel_id == channel_id)
        health.append(ChannelHealth.channel_id == channel_id)
    async with sessions.begin() as session:
        codes = (await session.scalars(select(AnnounceChannel.series_code).where(*where))).all()
        await session.execute(delete(AnnounceChannel).where(*where))
        await session.execute(delete(ChannelHealth).where(*health))
    return tuple(sorted(codes))


async def forget_guild(sessions: async_sessionmaker[AsyncSession], guild_id: int) -> bool:
    """The bot left the server: delete its settings, followed series and channel health. True if it had any."""
    async with sessions.begin() as session:
        # Deleted explicitly rather than by the foreign key's cascade, which SQLite applies only with
        # foreign keys on.
        await session.execute(delete(AnnounceChannel).where(AnnounceChannel.guild_id == guild_id))
        await session.execute(delete(ChannelHealth).where(ChannelHealth.guild_id == guild_id))
        deleted = await session.execute(delete(GuildSettings).where(GuildSettings.guild_id == guild_id))
    return bool(deleted.rowcount)  # type: ignore[attr-defined]


async def channel_trouble(
    sessions: async_sessionmaker[AsyncSession], guild_id: int
) -> tuple[ChannelTrouble, ...]:
    """The server's channels with failed posts or paused, paused first."""
    async with sessions() as session:
        rows = await session.execute(
            select(
                ChannelHealth.channel_id,
                ChannelHealth.failures,
                ChannelHealth.paused,
                ChannelHealth.last_error,
            )
            .where(ChannelHealth.guild_id == guild_id)
            .where((ChannelHealth.failures > 0) | ChannelHealth.paused)
            .order_by(ChannelHealth.paused.desc(), ChannelHealth.channel_id)
        )
        return tuple(
            ChannelTrouble(channel, failures, paused, error) for channel, failures, paused, error in rows
        )


async def grid_log(
    sessions: async_sessionmaker[AsyncSession], guild_id: int, event_ids: Iterable[int]
) -> dict[tuple[int, int], tuple[str, str | None]]:
    """(state, detail) of the server's grid posts for these events in the post log, by (channel id,
    event id): "sent", "held" (a lineup that failed its check), "skipped", "failed" or "claimed"."""
    ids = list(event_ids)
    if not ids:
        return {}
    async with sessions() as session:
        rows = await session.execute(
            select(
                AnnouncementLog.channel_id,
                AnnouncementLog.event_id,
                AnnouncementLog.state,
                AnnouncementLog.detail,
            ).where(
                AnnouncementLog.guild_id == guild_id,
                AnnouncementLog.kind == "grid",
                AnnouncementLog.event_id.in_(ids),
            )
        )
        return {(channel, event): (state, detail) for channel, event, state, detail in rows}


async def _ensure_settings(session: AsyncSession, guild_id: int, now: datetime) -> None:
    """The server's settings row with the defaults, unless it exists (another process may insert it too)."""
    defaults = {"guild_id": guild_id, "mode": "lineup", "results": "off", "threads": False, "updated_at": now}
    statement = upsert(session, GuildSettings).values(**defaults)
    await session.execute(statement.on_conflict_do_nothing(index_elements=["guild_id"]))


async def _read(session: AsyncSession, guild_id: int) -> AnnounceSettings | None:
    found = (
        await session.execute(
            select(
                GuildSettings.mode,
                GuildSettings.minutes_before,
                GuildSettings.role_id,
                GuildSettings.results,
                GuildSettings.threads,
                GuildSettings.cards,
                GuildSettings.standings,
            ).where(GuildSettings.guild_id == guild_id)
        )
    ).first()
    if found is None:
        return None
    mode, minutes, role, results, threads, cards, standings = found
    followed = await session.execute(
        select(AnnounceChannel.series_code, AnnounceChannel.channel_id)
        .where(AnnounceChannel.guild_id == guild_id)
        .order_by(AnnounceChannel.series_code)
    )
    return AnnounceSettings(
        guild_id=guild_id,
        mode=mode,
        minutes_before=minutes,
        role_id=role,
        results=results,
        threads=bool(threads),
        followed=tuple(FollowedSeries(code, channel) for code, channel in followed),
        cards=bool(cards),
        standings=bool(standings),
    )
