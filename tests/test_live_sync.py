"""The bot's background sync loop: its period, its announcements, and that errors never stop it."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from bot.live_sync import LiveSync
from db.importers.feed.client import FeedClient
from db.importers.feed.sync import LineupPublished, ResultsOfficial, SyncEvent
from db.store import Store
from tests.importers.feed.fixtures import racebot_lines
from tests.importers.feed.server import FAST_RETRY, FeedServer

SATURDAY = datetime(2026, 6, 27, 18, 0, tzinfo=UTC)
RACE_LIST = "/2026/race_list_basic.json"


def _settings(feed: FeedServer, *, weekend_minutes: float = 5, idle_minutes: float = 180) -> Settings:
    return Settings(
        _env_file=None,
        feed_base_url=feed.base_url,
        sync_interval_minutes=weekend_minutes,
        sync_idle_interval_minutes=idle_minutes,
    )


@pytest.mark.parametrize(("now", "minutes"), [(SATURDAY, 5), (SATURDAY + timedelta(days=10), 180)])
async def test_period_is_short_on_race_weekends(
    sqlite_store: Store, feed: FeedServer, client: FeedClient, now: datetime, minutes: float
) -> None:
    """Within three days of a stored race the loop runs every 5 minutes, otherwise every 180."""
    live = LiveSync(sqlite_store, _settings(feed), client, now=lambda: SATURDAY)
    await live.run_once()
    live = LiveSync(sqlite_store, _settings(feed), client, now=lambda: now)
    assert await live.interval_s() == minutes * 60


async def test_failed_round_is_logged_not_raised(
    sqlite_store: Store, feed: FeedServer, client: FeedClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A feed that keeps failing makes the round return None and log why, in one line."""
    feed.fail(RACE_LIST, *[500] * FAST_RETRY.attempts)
    live = LiveSync(sqlite_store, _settings(feed), client, now=lambda: SATURDAY)
    caplog.set_level(logging.INFO)
    assert await live.run_once() is None
    lines = racebot_lines(caplog)
    assert (
        len(lines) == 1
        and f"{RACE_LIST}: HTTP 500 (gave up after {FAST_RETRY.attempts} attempts)" in lines[0]
    )


async def test_each_finished_round_is_noted_for_the_footer(
    sqlite_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """`on_synced` hears the time of every round that finished, and nothing of a failed one."""
    heard: list[datetime] = []
    live = LiveSync(sqlite_store, _settings(feed), client, now=lambda: SATURDAY, on_synced=heard.append)
    await live.run_once()
    feed.fail(RACE_LIST, *[500] * FAST_RETRY.attempts)
    await live.run_once()
    assert heard == [SATURDAY]


async def test_loop_keeps_going_after_errors(
    sqlite_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """After failed rounds the loop tries again and imports once the feed recovers."""
    feed.fail(RACE_LIST, *[404] * 2)
    imported = asyncio.Event()

    async def on_imported() -> None:
        imported.set()

    settings = _settings(feed, weekend_minutes=0.0005, idle_minutes=0.0005)
    live = LiveSync(sqlite_store, settings, client, now=lambda: SATURDAY, on_imported=on_imported)
    live.start()
    try:
        await asyncio.wait_for(imported.wait(), timeout=5)
    finally:
        await live.stop()
    assert feed.count(RACE_LIST) >= 3


async def test_unchanged_round_does_not_rebuild_names(
    sqlite_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """`on_imported` runs after a round that stored something, not after an idle one."""
    calls: list[int] = []

    async def on_imported() -> None:
        calls.append(1)

    live = LiveSync(sqlite_store, _settings(feed), client, now=lambda: SATURDAY, on_imported=on_imported)
    await live.run_once()
    await live.run_once()
    assert calls == [1]


async def test_announcements_reach_the_events_stream(
    sqlite_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """The lineup and official results a round finds are published on `LiveSync.events`."""
    live = LiveSync(sqlite_store, _settings(feed), client, now=lambda: SATURDAY)
    heard: list[SyncEvent] = []
    live.events.subscribe(heard.append)
    await live.run_once()
    assert {type(event) for event in heard} == {LineupPublished, ResultsOfficial}
