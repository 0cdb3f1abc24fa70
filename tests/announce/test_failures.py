"""Posts Discord refuses: a 429 run is retried after Discord's retry_after, a 5xx counts against the channel."""

from __future__ import annotations

from datetime import timedelta

from db.store.queries import announce_log as log_store
from kernel.announce_reports import ChannelTrouble
from kernel.announcing import PostKey
from tests.announce.running import CHANNEL, GUILD, announced, filled, is_post, racebot
from tests.announce.world import SAMPLE_GREEN_FLAG, follow, sample_event_id
from tests.fakediscord.clock import FakeClock
from tests.fakediscord.faults import rate_limited, server_error
from tests.fakediscord.fixtures import start_bot
from tests.fakediscord.server import FakeDiscord

FIVE_HOURS_BEFORE = SAMPLE_GREEN_FLAG - timedelta(hours=5)


async def test_six_429s_in_a_row_wait_retry_after_not_five_minutes(
    fake_discord: FakeDiscord, store_url: str
) -> None:
    """discord.py gives up after five 429s; the post is sent again once Discord's Retry-After (1 s) has
    passed, in the same pass with the clock standing still, and the channel is not counted as failing."""
    clock = FakeClock(FIVE_HOURS_BEFORE)
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL)
        key = PostKey(GUILD, CHANNEL, await sample_event_id(store), "grid")
    fake_discord.plan(rf"/channels/{CHANNEL}/messages", [rate_limited(0.05) for _ in range(6)], method="POST")
    async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)) as bot:
        await fake_discord.wait_for(is_post(CHANNEL), timeout=10)
        await announced(bot)
    tries = fake_discord.requests.matching(lambda r: r.path == f"/channels/{CHANNEL}/messages")
    assert [r.status for r in tries] == [429] * 6 + [200]
    assert tries[5].at - tries[4].at >= 1.0  # the Retry-After the fifth 429 carried
    async with filled(store_url) as store:
        entry = await log_store.log_entry(store.sessions, key)
        assert entry is not None and entry.state == "sent"
        assert await log_store.channel_health(store.sessions, CHANNEL) is None


async def test_a_channel_failing_with_5xx_is_shown_then_paused_after_an_hour(
    fake_discord: FakeDiscord, store_url: str
) -> None:
    """503 on every try (a 500 takes the same path once discord.py's own five tries, 25 s, are spent):
    counted as a failure and shown in /announce status from the first; paused only at the twelfth, an
    hour of five-minute retries, so a short outage of Discord's own pauses nobody's channel."""
    clock = FakeClock(FIVE_HOURS_BEFORE)
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL)
    fake_discord.plan(rf"/channels/{CHANNEL}/messages", [server_error(503) for _ in range(14)], method="POST")
    async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)) as bot:
        await announced(bot)
        first = await bot.announcements.status(GUILD)
        statuses = []
        for _ in range(12):
            clock.advance(6 * 60)
            await announced(bot)
            statuses.append(await bot.announcements.status(GUILD))
    tries = fake_discord.requests.matching(lambda r: r.path == f"/channels/{CHANNEL}/messages")
    assert [r.status for r in tries] == [503] * 12
    assert first.trouble == (ChannelTrouble(CHANNEL, 1, False, "503 Internal Server Error"),)
    assert statuses[1].trouble == (ChannelTrouble(CHANNEL, 3, False, "503 Internal Server Error"),)
    assert statuses[-1].trouble == (ChannelTrouble(CHANNEL, 12, True, "503 Internal Server Error"),)
