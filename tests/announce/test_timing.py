"""When and what the announcer posts, in the running bot against the fake Discord with a controlled clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from db.store.queries import announce_log as log_store
from kernel.announcing import PostKey
from tests.announce.running import CHANNEL, GUILD, ROLE, announced, filled, is_post, posts, racebot
from tests.announce.world import (
    SAMPLE_GREEN_FLAG,
    change_grid,
    follow,
    make_official,
    sample_event_id,
    set_grid,
)
from tests.e2e.test_live_sync import feed
from tests.fakediscord.clock import FakeClock
from tests.fakediscord.fixtures import start_bot
from tests.fakediscord.server import FakeDiscord
from tests.importers.feed.server import FeedServer

__all__ = ["feed"]


async def test_lineup_mode_posts_the_grid_once_the_lineup_is_known(
    fake_discord: FakeDiscord, store_url: str
) -> None:
    """Lineup mode: the grid goes out at start, with its nonce, enforce_nonce and nobody mentioned."""
    clock = FakeClock(SAMPLE_GREEN_FLAG - timedelta(hours=5))
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL)
        event_id = await sample_event_id(store)
    async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)):
        sent = await fake_discord.wait_for(is_post(CHANNEL))
    body = sent.json
    assert body["nonce"] == PostKey(GUILD, CHANNEL, event_id, "grid").nonce and body["enforce_nonce"] is True
    assert body["allowed_mentions"] == {"parse": []}
    embed = body["embeds"][0]
    assert embed["title"] == "Starting lineup — Baptist Health 200"
    assert "TV: FOX · 134 laps · stages end on laps 30, 60, 134" in embed["description"]
    assert f"<t:{int(SAMPLE_GREEN_FLAG.timestamp())}:F>" in embed["description"]
    assert "Pole: " in embed["description"]


async def test_lineup_mode_waits_for_the_lineup(fake_discord: FakeDiscord, store_url: str) -> None:
    """Lineup mode with no lineup yet: nothing; the lineup comes in (another process's import) and it posts."""
    clock = FakeClock(SAMPLE_GREEN_FLAG - timedelta(hours=20))
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL)
        event_id = await sample_event_id(store)
        lineup = await set_grid(store, event_id, {})
    bot = racebot(fake_discord, store_url, clock, store_poll_seconds=0.05)
    async with start_bot(fake_discord, bot):
        await announced(bot)
        assert posts(fake_discord) == []
        clock.advance(3600)
        async with filled(store_url) as store:
            await set_grid(store, event_id, lineup)
        sent = await fake_discord.wait_for(is_post(CHANNEL))
    assert sent.json["embeds"][0]["title"] == "Starting lineup — Baptist Health 200"


async def test_before_mode_posts_at_its_minute(fake_discord: FakeDiscord, store_url: str) -> None:
    """60 minutes before: nothing at 61 minutes to go, the grid once the clock reaches 60."""
    clock = FakeClock(SAMPLE_GREEN_FLAG - timedelta(minutes=61))
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL, mode="before", minutes_before=60)
    async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)) as bot:
        await announced(bot)
        assert posts(fake_discord) == []
        clock.advance(60)
        await announced(bot)
        assert len(posts(fake_discord, CHANNEL)) == 1


async def test_the_role_is_the_only_mention(fake_discord: FakeDiscord, store_url: str) -> None:
    """With an opt-in role, the post mentions it and allowed_mentions names it and nothing else."""
    clock = FakeClock(SAMPLE_GREEN_FLAG - timedelta(hours=5))
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL, role_id=ROLE)
    async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)):
        sent = await fake_discord.wait_for(is_post(CHANNEL))
    assert sent.json["content"].startswith(f"<@&{ROLE}> Starting grid")
    assert sent.json["allowed_mentions"] == {"parse": [], "roles": [ROLE]}


@pytest.mark.parametrize(("late_minutes", "expected"), [(10, "sent"), (45, "skipped")])
async def test_a_post_missed_while_down_goes_out_within_the_grace(
    fake_discord: FakeDiscord, store_url: str, late_minutes: int, expected: str
) -> None:
    """Started 10 minutes after the post fell due it goes out (grace 30); 45 minutes after, it is skipped."""
    due = SAMPLE_GREEN_FLAG - timedelta(minutes=60)
    clock = FakeClock(due + timedelta(minutes=late_minutes))
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL, mode="before", minutes_before=60)
        key = PostKey(GUILD, CHANNEL, await sample_event_id(store), "grid")
    async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)) as bot:
        await announced(bot)
    assert len(posts(fake_discord)) == (1 if expected == "sent" else 0)
    async with filled(store_url) as store:
        entry = await log_store.log_entry(store.sessions, key)
    assert entry is not None and entry.state == expected


async def test_a_broken_lineup_is_held(fake_discord: FakeDiscord, store_url: str) -> None:
    """A lineup with a gap is held back and logged, not posted."""
    clock = FakeClock(SAMPLE_GREEN_FLAG - timedelta(hours=5))
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL)
        event_id = await sample_event_id(store)
        await change_grid(store, event_id, {3: 7})
    async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)) as bot:
        await announced(bot)
    assert posts(fake_discord) == []
    async with filled(store_url) as store:
        entry = await log_store.log_entry(store.sessions, PostKey(GUILD, CHANNEL, event_id, "grid"))
    assert entry is not None and entry.state == "held"
    assert entry.detail == "the lineup has no car in position 3, 6"


async def test_a_lineup_from_the_live_sync_wakes_the_announcer(
    fake_discord: FakeDiscord, feed: FeedServer, store_url: str
) -> None:
    """The sync imports the (trimmed: cars 1, 6, 7) Sonoma lineup and the announcer, woken, holds it."""
    clock = FakeClock(datetime(2026, 6, 27, 18, 0, tzinfo=UTC))
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL, series="cup")
    bot = racebot(fake_discord, store_url, clock, live_sync=True, feed_base_url=feed.base_url)
    async with start_bot(fake_discord, bot), filled(store_url) as store:
        entry = None
        async with asyncio.timeout(10):
            while entry is None:  # no pass_done(): the start pass or the sync round's wake runs it
                await asyncio.sleep(0.05)
                targets = await log_store.announcement_targets(
                    store.sessions, now=clock.now(), behind=timedelta(days=1), ahead=timedelta(days=7)
                )
                entry = next((t.grid for t in targets if t.grid is not None), None)
    assert entry.state == "held" and entry.detail == "the lineup has no car in position 2, 3, 4, 5"
    assert posts(fake_discord) == []


async def test_results_post_behind_spoiler_tags(fake_discord: FakeDiscord, store_url: str) -> None:
    """Results 'spoiler': once official, the results go out with the order hidden and no winner in the title."""
    clock = FakeClock(SAMPLE_GREEN_FLAG + timedelta(hours=3))
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL, results="spoiler")
        event_id = await sample_event_id(store)
    bot = racebot(fake_discord, store_url, clock, store_poll_seconds=0.05)
    async with start_bot(fake_discord, bot):
        await announced(bot)
        assert posts(fake_discord) == []  # the grid's moment passed, and no results yet
        async with filled(store_url) as store:
            await make_official(store, event_id)
        sent = await fake_discord.wait_for(is_post(CHANNEL))
    embed = sent.json["embeds"][0]
    assert sent.json["content"].startswith("Official results")
    assert embed["title"] == "Official results — Baptist Health 200"
    # The summary and the top ten, behind one spoiler.
    assert "\n\n||" in embed["description"] and embed["description"].endswith("||")
    assert "\nDid not finish: " in embed["description"]
    assert "\n1. #" in embed["description"]


async def test_threads_hold_the_race_weekends_posts(fake_discord: FakeDiscord, store_url: str) -> None:
    """Threads on: the grid post opens the weekend's thread, and the results go into it."""
    clock = FakeClock(SAMPLE_GREEN_FLAG - timedelta(hours=5))
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL, results="on", threads=True)
        event_id = await sample_event_id(store)
    bot = racebot(fake_discord, store_url, clock, store_poll_seconds=0.05)
    async with start_bot(fake_discord, bot):
        await fake_discord.wait_for(is_post(CHANNEL))
        grid_id = fake_discord.channel_messages(CHANNEL)[0]["id"]
        thread = await fake_discord.wait_for(
            lambda r: r.path == f"/channels/{CHANNEL}/messages/{grid_id}/threads" and r.status == 201
        )
        assert thread.json["name"] == "2025 Baptist Health 200 · Homestead-Miami Speedway"
        clock.advance(8 * 3600)
        async with filled(store_url) as store:
            await make_official(store, event_id)
        results = await fake_discord.wait_for(is_post(int(grid_id)))
    assert results.json["embeds"][0]["title"].endswith("won the Baptist Health 200")
    assert len(fake_discord.channel_messages(CHANNEL)) == 1
