"""Each announcement once: restarts, crashes, 429s, failing channels, two bots on one store, edits."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from db.store.queries import announce_log as log_store
from kernel.announcing import PostKey
from tests.announce.running import CHANNEL, GUILD, announced, filled, is_post, posts, racebot
from tests.announce.world import SAMPLE_GREEN_FLAG, change_grid, follow, sample_event_id
from tests.conftest import _reset_postgres as reset_postgres
from tests.fakediscord.clock import FakeClock
from tests.fakediscord.faults import forbidden, not_found, rate_limited
from tests.fakediscord.fixtures import start_bot
from tests.fakediscord.ratelimits import RateLimits
from tests.fakediscord.server import FakeDiscord

FIVE_HOURS_BEFORE = SAMPLE_GREEN_FLAG - timedelta(hours=5)


async def _killed(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("process killed between send and mark")


async def test_no_second_post_after_a_restart(fake_discord: FakeDiscord, store_url: str) -> None:
    """A restarted bot finds the post in the log and sends nothing."""
    clock = FakeClock(FIVE_HOURS_BEFORE)
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL)
    async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)) as bot:
        await fake_discord.wait_for(is_post(CHANNEL))
        await announced(bot)
    clock.advance(30)
    async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)) as bot:
        await announced(bot)
    assert len(posts(fake_discord)) == 1


async def test_no_double_post_after_a_crash_between_send_and_mark(
    fake_discord: FakeDiscord, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cut off after the send, before the mark: the restart resends with the same nonce, Discord answers
    with the first message, and the log is marked with it; the channel holds one post."""
    clock = FakeClock(FIVE_HOURS_BEFORE)
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL)
        key = PostKey(GUILD, CHANNEL, await sample_event_id(store), "grid")
    with monkeypatch.context() as patch:
        patch.setattr(log_store, "mark_sent", _killed)
        async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)) as bot:
            first = await fake_discord.wait_for(is_post(CHANNEL))
            await announced(bot)
    async with filled(store_url) as store:
        entry = await log_store.log_entry(store.sessions, key)
        assert entry is not None and entry.state == "claimed"
    clock.advance(20)
    since = len(fake_discord.requests)
    async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)) as bot:
        again = await fake_discord.wait_for(is_post(CHANNEL), since=since)
        await announced(bot)
    assert again.json["nonce"] == first.json["nonce"] == key.nonce
    assert len(fake_discord.channel_messages(CHANNEL)) == 1
    async with filled(store_url) as store:
        entry = await log_store.log_entry(store.sessions, key)
    assert entry is not None and entry.state == "sent"
    assert entry.message_id == int(fake_discord.channel_messages(CHANNEL)[0]["id"])


async def test_a_long_outage_after_the_send_finds_the_post_instead_of_resending(
    fake_discord: FakeDiscord, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cut off between send and mark, back ten minutes later (Discord no longer drops the nonce): the bot
    finds its post in the channel and marks it, sending nothing again."""
    clock = FakeClock(FIVE_HOURS_BEFORE)
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL)
        key = PostKey(GUILD, CHANNEL, await sample_event_id(store), "grid")
    with monkeypatch.context() as patch:
        patch.setattr(log_store, "mark_sent", _killed)
        async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)) as bot:
            await fake_discord.wait_for(is_post(CHANNEL))
            await announced(bot)
    fake_discord.rest.nonce_window_s = 0
    clock.advance(10 * 60)
    async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)) as bot:
        await announced(bot)
    assert len(posts(fake_discord)) == 1 and len(fake_discord.channel_messages(CHANNEL)) == 1
    assert fake_discord.requests.matching(
        lambda r: r.method == "GET" and r.path == f"/channels/{CHANNEL}/messages"
    )
    async with filled(store_url) as store:
        entry = await log_store.log_entry(store.sessions, key)
    assert entry is not None and entry.state == "sent"
    assert entry.message_id == int(fake_discord.channel_messages(CHANNEL)[0]["id"])


async def test_a_changed_grid_edits_the_post(fake_discord: FakeDiscord, store_url: str) -> None:
    """A penalty swaps the front row after posting: the store watch sees it and the message is edited."""
    clock = FakeClock(FIVE_HOURS_BEFORE)
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL)
        event_id = await sample_event_id(store)
    bot = racebot(fake_discord, store_url, clock, store_poll_seconds=0.05)
    async with start_bot(fake_discord, bot):
        sent = await fake_discord.wait_for(is_post(CHANNEL))
        before = sent.json["embeds"][0]["fields"][0]["value"]
        async with filled(store_url) as store:
            await change_grid(store, event_id, {1: 2, 2: 1})
        message_id = fake_discord.channel_messages(CHANNEL)[0]["id"]
        edit = await fake_discord.wait_for(
            lambda r: r.method == "PATCH" and r.path == f"/channels/{CHANNEL}/messages/{message_id}"
        )
        await announced(bot)
    after = edit.json["embeds"][0]["fields"][0]["value"]
    # The grid block's first car (after the fence and its header) changed, and is still on the grid.
    first, second = before.splitlines()[2], after.splitlines()[2]
    assert first != second and first.split(maxsplit=1)[1] in after
    assert len(posts(fake_discord)) == 1


async def test_a_429_storm_still_delivers_every_post_once(fake_discord: FakeDiscord, store_url: str) -> None:
    """Twenty channels and forty 429s: every channel gets its grid, each nonce is accepted once."""
    clock = FakeClock(FIVE_HOURS_BEFORE)
    channels = [CHANNEL + n for n in range(20)]
    async with filled(store_url) as store:
        for n, channel in enumerate(channels):
            await follow(store, GUILD + n, channel)
    fake_discord.plan(r"/channels/\d+/messages", [rate_limited(0.05) for _ in range(40)], method="POST")
    async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)) as bot:
        for channel in channels:
            await fake_discord.wait_for(is_post(channel), timeout=30)
        await announced(bot)
    assert sum(1 for r in fake_discord.requests if r.status == 429) == 40
    assert all(len(fake_discord.channel_messages(channel)) == 1 for channel in channels)
    nonces = [r.json["nonce"] for r in posts(fake_discord)]
    assert len(nonces) == len(set(nonces)) == 20


async def test_fan_out_keeps_to_discords_rate_limits(fake_discord: FakeDiscord, store_url: str) -> None:
    """Forty channels against a global limit of 20 requests a second: paced by 429s, each posted once."""
    clock = FakeClock(FIVE_HOURS_BEFORE)
    channels = [CHANNEL + n for n in range(40)]
    async with filled(store_url) as store:
        for n, channel in enumerate(channels):
            await follow(store, GUILD + n, channel)
    fake_discord.rate_limits = RateLimits(per_channel=5, window_s=5.0, global_per_s=20)
    async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)) as bot:
        await announced(bot)
    assert fake_discord.rate_limits.limited > 0
    assert all(len(fake_discord.channel_messages(channel)) == 1 for channel in channels)
    nonces = [r.json["nonce"] for r in posts(fake_discord)]
    assert len(nonces) == len(set(nonces)) == len(channels)


async def test_a_deleted_channel_does_not_stop_the_others(fake_discord: FakeDiscord, store_url: str) -> None:
    """A 404 from one channel is recorded on it; the other channels get their posts."""
    clock = FakeClock(FIVE_HOURS_BEFORE)
    channels = [CHANNEL + n for n in range(4)]
    gone = channels[1]
    async with filled(store_url) as store:
        for n, channel in enumerate(channels):
            await follow(store, GUILD + n, channel)
        event_id = await sample_event_id(store)
    fake_discord.plan(rf"/channels/{gone}/messages", [not_found()], method="POST")
    async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)) as bot:
        await announced(bot)
    assert [len(fake_discord.channel_messages(c)) for c in channels] == [1, 0, 1, 1]
    async with filled(store_url) as store:
        health = await log_store.channel_health(store.sessions, gone)
        entry = await log_store.log_entry(store.sessions, PostKey(GUILD + 1, gone, event_id, "grid"))
    assert health == log_store.Health(1, False)
    assert entry is not None and entry.state == "failed" and "404" in (entry.detail or "")


async def test_a_failing_channel_is_paused_after_three_tries(
    fake_discord: FakeDiscord, store_url: str
) -> None:
    """403 on every try: retried after five minutes, paused at the third failure, then left alone."""
    clock = FakeClock(FIVE_HOURS_BEFORE)
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL)
    fake_discord.plan(rf"/channels/{CHANNEL}/messages", [forbidden() for _ in range(5)], method="POST")
    async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)) as bot:
        for _ in range(4):
            await announced(bot)
            clock.advance(6 * 60)
    tries = fake_discord.requests.matching(lambda r: r.path == f"/channels/{CHANNEL}/messages")
    assert [r.status for r in tries] == [403, 403, 403]
    async with filled(store_url) as store:
        assert await log_store.channel_health(store.sessions, CHANNEL) == log_store.Health(3, True)


@pytest.mark.postgres
async def test_two_bots_on_one_postgres_store_post_each_once(
    fake_discord: FakeDiscord, postgres_database: str
) -> None:
    """Two bot processes (separate clients) sharing one PostgreSQL store: every channel's grid is sent once."""
    await reset_postgres(postgres_database)
    clock = FakeClock(FIVE_HOURS_BEFORE)
    channels = [CHANNEL + n for n in range(30)]
    async with filled(postgres_database) as store:
        for n, channel in enumerate(channels):
            await follow(store, GUILD + n, channel)
    first = racebot(fake_discord, postgres_database, clock)
    second = racebot(fake_discord, postgres_database, clock)
    async with start_bot(fake_discord, first), start_bot(fake_discord, second):
        await asyncio.gather(announced(first), announced(second))
        await asyncio.gather(announced(first), announced(second))
    nonces = [r.json["nonce"] for r in posts(fake_discord)]
    assert len(nonces) == len(set(nonces)) == len(channels)
    assert all(len(fake_discord.channel_messages(channel)) == 1 for channel in channels)
