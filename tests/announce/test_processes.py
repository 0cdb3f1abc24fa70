"""Two bot processes on one PostgreSQL store (two clients in this process, each with its own pool and
coordination connection): a live process's claims are left to it, a dead one's are sent again once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from db.store.queries import announce_log as log_store
from kernel.announcing import PostKey
from tests.announce.running import CHANNEL, GUILD, announced, filled, is_post, posts, racebot
from tests.announce.world import SAMPLE_GREEN_FLAG, follow, sample_event_id
from tests.conftest import _reset_postgres as reset_postgres
from tests.fakediscord.clock import FakeClock
from tests.fakediscord.fixtures import start_bot
from tests.fakediscord.server import FakeDiscord

pytestmark = pytest.mark.postgres

FIVE_HOURS_BEFORE = SAMPLE_GREEN_FLAG - timedelta(hours=5)
CRASHED = 999  # a process token no connection holds


async def test_a_process_starting_while_another_posts_leaves_its_claims_alone(
    fake_discord: FakeDiscord, postgres_database: str
) -> None:
    """The first bot's post is under way (Discord has not answered) when a second bot starts: the claim
    predates the second's start, but its claimer is alive, so the second sends nothing for it."""
    await reset_postgres(postgres_database)
    clock = FakeClock(FIVE_HOURS_BEFORE)
    channels = [CHANNEL + n for n in range(4)]
    async with filled(postgres_database) as store:
        for n, channel in enumerate(channels):
            await follow(store, GUILD + n, channel)
    hold = fake_discord.hold(rf"/channels/{CHANNEL}/messages", method="POST")
    first = racebot(fake_discord, postgres_database, clock)
    async with start_bot(fake_discord, first):
        await asyncio.wait_for(hold.reached.wait(), 10)
        clock.advance(20)  # the second starts after the claim, well inside STALE_CLAIM
        async with start_bot(fake_discord, racebot(fake_discord, postgres_database, clock)) as second:
            # A resend would wait on the hold too: the second's pass would not end.
            await asyncio.wait_for(announced(second), 10)
            assert len(fake_discord.requests.matching(is_post(CHANNEL))) == 1
            hold.release()
            await announced(first)
    assert all(len(fake_discord.channel_messages(channel)) == 1 for channel in channels)
    assert len(posts(fake_discord)) == len(channels)


async def test_a_dead_processs_claim_is_sent_again_by_one_of_two_processes(
    fake_discord: FakeDiscord, postgres_database: str
) -> None:
    """A claim left by a crashed process, seen by two live ones at once: one takes it over and resends
    (same nonce), the other does not; the log ends sent."""
    await reset_postgres(postgres_database)
    clock = FakeClock(FIVE_HOURS_BEFORE)
    async with filled(postgres_database) as store:
        await follow(store, GUILD, CHANNEL)
        key = PostKey(GUILD, CHANNEL, await sample_event_id(store), "grid")
        assert await log_store.claim(store.sessions, key, digest="d", now=clock.now(), by=CRASHED)
    first = racebot(fake_discord, postgres_database, clock)
    second = racebot(fake_discord, postgres_database, clock)
    async with start_bot(fake_discord, first), start_bot(fake_discord, second):
        await asyncio.gather(announced(first), announced(second))
        await asyncio.gather(announced(first), announced(second))
    resends = fake_discord.requests.matching(is_post(CHANNEL))
    assert [request.json["nonce"] for request in resends] == [key.nonce]
    async with filled(postgres_database) as store:
        entry = await log_store.log_entry(store.sessions, key)
    assert entry is not None and entry.state == "sent"
