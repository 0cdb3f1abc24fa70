"""Grids on time and none late: a lineup after a restart, a burst meeting the green flag, a large following.

The last two run on a clock that moves with the event loop (`RunningClock`), against the fake's own
enforcement of Discord's global limit; the fake stamps each request, so its moment is read in the
bot's time.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from db.store.queries import announce_log as log_store
from kernel.announcing import RACE_STARTED, PostKey
from tests.announce.running import (
    CHANNEL,
    GUILD,
    RunningClock,
    announced,
    filled,
    is_post,
    nth_post,
    posts,
    racebot,
)
from tests.announce.world import SAMPLE_GREEN_FLAG, follow, follow_many, sample_event_id, set_grid
from tests.fakediscord.clock import FakeClock
from tests.fakediscord.fixtures import start_bot
from tests.fakediscord.ratelimits import RateLimits
from tests.fakediscord.server import FakeDiscord

# A request the bot hands over just before the green flag reaches the fake a moment later.
IN_TRANSIT = timedelta(milliseconds=250)
# A burst's pass starts when its sleep ends and first reads every target: on a busy machine (the suite's
# other worker beside it), late by this.
LOOP_LAG = timedelta(seconds=4)


async def test_a_lineup_after_a_restart_past_the_due_time_is_posted(
    fake_discord: FakeDiscord, store_url: str
) -> None:
    """1,440 minutes before, restarted ten minutes after the due time with no lineup yet; the lineup
    comes two hours later (far past the grace): the bot was up when the post became postable, so it goes."""
    due = SAMPLE_GREEN_FLAG - timedelta(minutes=1440)
    clock = FakeClock(due + timedelta(minutes=10))
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL, mode="before", minutes_before=1440)
        event_id = await sample_event_id(store)
        lineup = await set_grid(store, event_id, {})
    bot = racebot(fake_discord, store_url, clock, store_poll_seconds=0.05)
    async with start_bot(fake_discord, bot):
        await announced(bot)
        assert posts(fake_discord) == []
        clock.advance(2 * 3600)
        async with filled(store_url) as store:
            await set_grid(store, event_id, lineup)
        await fake_discord.wait_for(is_post(CHANNEL))
        await announced(bot)
    async with filled(store_url) as store:
        entry = await log_store.log_entry(store.sessions, PostKey(GUILD, CHANNEL, event_id, "grid"))
    assert entry is not None and entry.state == "sent"
    assert len(posts(fake_discord)) == 1


async def test_a_burst_meeting_the_green_flag_sends_nothing_after_it(
    fake_discord: FakeDiscord, store_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """200 channels, the lineup known three seconds before the green flag, 45 posts a second under
    Discord's 50 (no 429): what is not handed over by the green flag is skipped, logged in one line for
    the race."""
    count = 200
    fake_discord.rate_limits = RateLimits(global_per_s=50)
    clock = RunningClock(SAMPLE_GREEN_FLAG - timedelta(hours=2))
    async with filled(store_url) as store:
        await follow_many(store, GUILD, CHANNEL, count, mode="lineup", minutes_before=None)
        event_id = await sample_event_id(store)
        lineup = await set_grid(store, event_id, {})
    bot = racebot(fake_discord, store_url, clock)
    async with start_bot(fake_discord, bot):
        await announced(bot)
        async with filled(store_url) as store:
            await set_grid(store, event_id, lineup)
        await bot.answers.refresh()
        caplog.set_level(logging.INFO, logger="bot.announce")
        clock.jump(SAMPLE_GREEN_FLAG - timedelta(seconds=3))
        await announced(bot)
    tries = fake_discord.requests.matching(lambda r: r.method == "POST" and r.path.endswith("/messages"))
    assert all(clock.moment(r.at) < SAMPLE_GREEN_FLAG + IN_TRANSIT for r in tries)
    sent = posts(fake_discord)
    async with filled(store_url) as store:
        targets = await log_store.announcement_targets(
            store.sessions, now=SAMPLE_GREEN_FLAG, behind=timedelta(days=1), ahead=timedelta(days=1)
        )
    states = [(t.grid.state, t.grid.detail) for t in targets if t.grid is not None]
    skipped = states.count(("skipped", RACE_STARTED))
    assert skipped > 0 and states.count(("sent", None)) == len(sent) and len(sent) + skipped == count
    assert fake_discord.rate_limits.limited == 0  # paced under the limit: no 429 to wait out
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("bot.announce")]
    assert lines == [
        f"announced grid of event {event_id} in {len(sent)} channel(s)",
        f"skipped grid of event {event_id} in {skipped} channel(s): {RACE_STARTED}",
    ]


async def test_a_large_following_is_posted_by_the_due_time(fake_discord: FakeDiscord, store_url: str) -> None:
    """120 servers posting 60 minutes before, the lineup known hours ahead, Discord's 50 requests a second
    enforced: the burst starts early enough to be out by the due time (not earlier than it needs), each
    post once and none after the green flag. The bot paces at 20 a second, so 120 servers are six
    seconds of sending (as 270 are at the default 45) and a busy test machine still keeps the pace."""
    count, per_second = 120, 20
    fake_discord.rate_limits = RateLimits(global_per_s=50)
    due = SAMPLE_GREEN_FLAG - timedelta(minutes=60)
    lead = timedelta(seconds=count / per_second)
    clock = RunningClock(due - timedelta(hours=1))
    async with filled(store_url) as store:
        await follow_many(store, GUILD, CHANNEL, count, mode="before", minutes_before=60)
    bot = racebot(fake_discord, store_url, clock, announce_posts_per_second=per_second)
    async with start_bot(fake_discord, bot):
        await announced(bot)
        assert posts(fake_discord) == []
        clock.jump(due - lead - timedelta(seconds=1))
        await announced(bot)  # a pass that finds the burst a second away
        await fake_discord.wait_for(nth_post(count), timeout=30)
        await announced(bot)
    moments = sorted(clock.moment(r.at) for r in posts(fake_discord))
    assert len(moments) == count and moments[-1] < SAMPLE_GREEN_FLAG
    assert due - lead - IN_TRANSIT <= moments[0] and moments[-1] <= due + LOOP_LAG
    assert all(len(fake_discord.channel_messages(CHANNEL + n)) == 1 for n in range(count))
    assert len({r.json["nonce"] for r in posts(fake_discord)}) == count
