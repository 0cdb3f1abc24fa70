"""A server's announcement setup in the store (SQLite and PostgreSQL): settings, followed series, health."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from db.store import Store
from db.store.models import AnnounceChannel, AnnouncementLog, ChannelHealth, Event, GuildSettings
from db.store.queries import announce_settings as stored
from db.store.state import data_version
from kernel.announce_reports import AnnounceSettings, ChannelTrouble, FollowedSeries

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
GUILD, OTHER_GUILD = 111, 222
RACES, CUP_ONLY = 1001, 1002


async def _add_health(store: Store, guild_id: int, channel_id: int, *, failures: int, paused: bool) -> None:
    async with store.sessions.begin() as session:
        session.add(
            ChannelHealth(
                channel_id=channel_id,
                guild_id=guild_id,
                failures=failures,
                paused=paused,
                last_error="403 Forbidden",
            )
        )


async def test_a_new_server_has_no_settings(empty_store: Store) -> None:
    """Nothing is stored for a server that never set anything up."""
    assert await stored.guild_settings(empty_store.sessions, GUILD) is None


async def test_settings_start_from_the_defaults_and_change(empty_store: Store) -> None:
    """The first change stores the defaults with it; later changes keep the rest."""
    first = await stored.save_settings(empty_store.sessions, GUILD, now=NOW, role_id=555)
    assert first == AnnounceSettings(GUILD, role_id=555)
    second = await stored.save_settings(
        empty_store.sessions, GUILD, now=NOW, mode="before", minutes_before=90
    )
    assert second == AnnounceSettings(GUILD, mode="before", minutes_before=90, role_id=555)
    assert await stored.guild_settings(empty_store.sessions, GUILD) == second


async def test_an_unknown_setting_is_refused(empty_store: Store) -> None:
    """Only the five settings can be written."""
    with pytest.raises(ValueError, match="not an announcement setting: channel_id"):
        await stored.save_settings(empty_store.sessions, GUILD, now=NOW, channel_id=5)


async def test_follow_upserts_one_channel_per_series(empty_store: Store) -> None:
    """All three series in one channel, then Cup moved to its own: each series has one channel."""
    await stored.follow(empty_store.sessions, GUILD, RACES, ("cup", "xfinity", "truck"), now=NOW)
    settings = await stored.follow(empty_store.sessions, GUILD, CUP_ONLY, ("cup",), now=NOW)
    assert settings.followed == (
        FollowedSeries("cup", CUP_ONLY),
        FollowedSeries("truck", RACES),
        FollowedSeries("xfinity", RACES),
    )
    async with empty_store.sessions() as session:
        assert len((await session.scalars(select(AnnounceChannel))).all()) == 3


async def test_setting_a_channel_again_clears_its_failures(empty_store: Store) -> None:
    """A paused channel is un-paused by setting it again; other channels' health stays."""
    await stored.follow(empty_store.sessions, GUILD, RACES, ("cup",), now=NOW)
    await _add_health(empty_store, GUILD, RACES, failures=5, paused=True)
    await _add_health(empty_store, GUILD, CUP_ONLY, failures=1, paused=False)
    await stored.follow(empty_store.sessions, GUILD, RACES, ("cup",), now=NOW)
    assert await stored.channel_trouble(empty_store.sessions, GUILD) == (
        ChannelTrouble(CUP_ONLY, 1, False, "403 Forbidden"),
    )


async def test_channel_trouble_lists_failing_and_paused_channels_of_the_server(empty_store: Store) -> None:
    """Paused first; a healthy channel and another server's channel are left out."""
    await _add_health(empty_store, GUILD, RACES, failures=1, paused=False)
    await _add_health(empty_store, GUILD, CUP_ONLY, failures=5, paused=True)
    await _add_health(empty_store, GUILD, 1003, failures=0, paused=False)
    await _add_health(empty_store, OTHER_GUILD, 2001, failures=2, paused=False)
    trouble = await stored.channel_trouble(empty_store.sessions, GUILD)
    assert [(t.channel_id, t.paused) for t in trouble] == [(CUP_ONLY, True), (RACES, False)]


async def test_unfollow_one_channel_keeps_the_others(empty_store: Store) -> None:
    """Stopping a channel removes its series (and its health) and nothing else."""
    await stored.follow(empty_store.sessions, GUILD, RACES, ("xfinity", "truck"), now=NOW)
    await stored.follow(empty_store.sessions, GUILD, CUP_ONLY, ("cup",), now=NOW)
    await _add_health(empty_store, GUILD, RACES, failures=2, paused=False)
    assert await stored.unfollow(empty_store.sessions, GUILD, RACES) == ("truck", "xfinity")
    settings = await stored.guild_settings(empty_store.sessions, GUILD)
    assert settings is not None and settings.followed == (FollowedSeries("cup", CUP_ONLY),)
    assert await stored.channel_trouble(empty_store.sessions, GUILD) == ()


async def test_unfollow_everything_keeps_the_settings(empty_store: Store) -> None:
    """Stopping every channel leaves mode and role for the next channel set."""
    await stored.save_settings(empty_store.sessions, GUILD, now=NOW, role_id=555)
    await stored.follow(empty_store.sessions, GUILD, RACES, ("cup", "truck"), now=NOW)
    assert await stored.unfollow(empty_store.sessions, GUILD) == ("cup", "truck")
    assert await stored.unfollow(empty_store.sessions, GUILD) == ()
    assert await stored.guild_settings(empty_store.sessions, GUILD) == AnnounceSettings(GUILD, role_id=555)


async def test_forgetting_a_server_deletes_its_setup_only(empty_store: Store) -> None:
    """Settings, followed series and health of the server go; another server's stay."""
    for guild, channel in ((GUILD, RACES), (OTHER_GUILD, 2001)):
        await stored.follow(empty_store.sessions, guild, channel, ("cup",), now=NOW)
        await _add_health(empty_store, guild, channel, failures=1, paused=False)
    assert await stored.forget_guild(empty_store.sessions, GUILD) is True
    assert await stored.forget_guild(empty_store.sessions, GUILD) is False
    async with empty_store.sessions() as session:
        assert (await session.scalars(select(GuildSettings.guild_id))).all() == [OTHER_GUILD]
        assert (await session.scalars(select(AnnounceChannel.guild_id))).all() == [OTHER_GUILD]
        assert (await session.scalars(select(ChannelHealth.guild_id))).all() == [OTHER_GUILD]


async def test_setup_changes_leave_the_data_version_alone(empty_store: Store) -> None:
    """Settings are not race data: the running bot must not rebuild its answers for them."""
    before = await data_version(empty_store.sessions)
    await stored.save_settings(empty_store.sessions, GUILD, now=NOW, threads=True)
    await stored.follow(empty_store.sessions, GUILD, RACES, ("cup",), now=NOW)
    await stored.unfollow(empty_store.sessions, GUILD)
    await stored.forget_guild(empty_store.sessions, GUILD)
    assert await data_version(empty_store.sessions) == before


async def test_grid_log_reads_the_servers_grid_posts(store: Store) -> None:
    """Each grid post's state and detail by (channel, event); results posts and other servers are left out."""
    async with store.sessions.begin() as session:
        event_id = await session.scalar(select(Event.id))
        assert event_id is not None
        for guild, channel, kind, state in (
            (GUILD, RACES, "grid", "held"),
            (GUILD, RACES, "results", "sent"),
            (OTHER_GUILD, 2001, "grid", "sent"),
        ):
            session.add(
                AnnouncementLog(
                    guild_id=guild,
                    channel_id=channel,
                    event_id=event_id,
                    kind=kind,
                    state=state,
                    nonce="n",
                    detail="position 3 repeats" if state == "held" else None,
                    claimed_at=NOW,
                )
            )
    found = await stored.grid_log(store.sessions, GUILD, [event_id])
    assert found == {(RACES, event_id): ("held", "position 3 repeats")}
    assert await stored.grid_log(store.sessions, GUILD, []) == {}
