"""What the bot's sync loop logs when the feed fails: one line when a failure starts, none while it lasts,
one when the feed reads again; and a failed round neither imports nor counts as synced."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from bot.config import Settings
from bot.live_sync import LiveSync
from db.importers.feed.client import FeedClient
from db.store import Store
from tests.importers.feed.fixtures import racebot_lines
from tests.importers.feed.server import FAST_RETRY, FeedServer

SATURDAY = datetime(2026, 6, 27, 18, 0, tzinfo=UTC)
RACE_LIST = "/2026/race_list_basic.json"


@pytest.fixture
def live(sqlite_store: Store, feed: FeedServer, client: FeedClient) -> LiveSync:
    settings = Settings(_env_file=None, feed_base_url=feed.base_url)
    return LiveSync(sqlite_store, settings, client, now=lambda: SATURDAY)


async def test_ten_failing_rounds_log_one_line(
    live: LiveSync, feed: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    """A feed down for ten rounds (each retried) logs a single line, naming the URL and the attempts."""
    caplog.set_level(logging.INFO)
    feed.fail(RACE_LIST, *[503] * FAST_RETRY.attempts * 10)
    outcomes = [await live.run_once() for _ in range(10)]
    assert (outcomes, feed.count(RACE_LIST)) == ([None] * 10, FAST_RETRY.attempts * 10)
    assert racebot_lines(caplog) == [
        f"live sync: {feed.base_url}{RACE_LIST}: HTTP 503 (gave up after {FAST_RETRY.attempts} attempts); "
        "no race data changed (logged again only when this changes)"
    ]


async def test_recovery_is_one_line_and_the_round_imports(
    live: LiveSync, feed: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    """After a failed round the good one logs that the feed reads again, once, and imports."""
    caplog.set_level(logging.INFO)
    feed.fail(RACE_LIST, *[503] * FAST_RETRY.attempts)
    await live.run_once()
    report = await live.run_once()
    lines = racebot_lines(caplog)
    assert report is not None and report.imported is not None and report.imported.changed
    assert len(lines) == 2 and lines[1].startswith("live sync reads the feed again (stopped since 2026-06-27")


async def test_failed_round_is_not_synced(sqlite_store: Store, feed: FeedServer, client: FeedClient) -> None:
    """Neither `on_imported` nor `on_synced` hears of a round the feed stopped."""
    heard: list[object] = []

    async def on_imported() -> None:
        heard.append("imported")

    settings = Settings(_env_file=None, feed_base_url=feed.base_url)
    live = LiveSync(
        sqlite_store, settings, client, now=lambda: SATURDAY, on_imported=on_imported, on_synced=heard.append
    )
    feed.serve(RACE_LIST, {"cup": []})
    assert (await live.run_once(), heard) == (None, [])
