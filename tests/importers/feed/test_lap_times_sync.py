"""Live-sync rounds and lap times: a finished race's are asked for once its results are official, a
race found without them is asked again only after RETRY_EMPTY, and never past the round's requests."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db.importers.feed.client import FeedClient
from db.importers.feed.lap_times import RETRY_EMPTY, sync_lap_times
from db.importers.feed.sync import sync_round
from db.store import Store
from db.store.models import LapPositions, LapTimes
from tests.importers.feed.lap_races import MARTINSVILLE_2020
from tests.importers.feed.server import FeedServer
from tests.importers.feed.test_sync import SATURDAY, WEEKEND_2026

SONOMA_LAPS = "/2026/1/5617/lap-times.json"
SONOMA_RACE_ID = 5617


@pytest.fixture
def sonoma(feed: FeedServer, payloads: Callable[[str], Any]) -> Callable[[bool], None]:
    """Serve the Sonoma 2026 weekend, its inspection complete (official) or not."""

    def serve(official: bool) -> None:
        weekend = payloads("weekend-feed_2026_1_5617_TRIMMED.json")
        weekend["weekend_race"][0]["inspection_complete"] = official
        feed.serve(WEEKEND_2026, weekend)

    return serve


async def _round(store: Store, feed: FeedServer, client: FeedClient, now: datetime = SATURDAY) -> None:
    report = await sync_round(store, base_url=feed.base_url, client=client, now=lambda: now)
    assert report.problem is None


async def _lap_times(store: Store) -> list[tuple[int, int]]:
    """(laps, cars stored) of each race with a lap-times row."""
    async with store.sessions() as session:
        rows = (await session.execute(select(LapTimes.event_id, LapTimes.laps))).all()
        cars = (await session.scalars(select(LapPositions.event_id))).all()
    return [(laps, cars.count(event_id)) for event_id, laps in rows]


async def test_an_unofficial_race_is_not_asked(
    sqlite_store: Store, feed: FeedServer, client: FeedClient, sonoma: Callable[[bool], None]
) -> None:
    """Before inspection completes, a round asks for no lap times."""
    sonoma(False)
    await _round(sqlite_store, feed, client)
    assert feed.count(SONOMA_LAPS) == 0


async def test_a_race_found_without_lap_times_is_asked_again_only_after_a_while(
    empty_store: Store, feed: FeedServer, client: FeedClient, sonoma: Callable[[bool], None]
) -> None:
    """Official, lap times not published: asked in the first round, not the next, again after RETRY_EMPTY."""
    sonoma(True)
    await _round(empty_store, feed, client)
    await _round(empty_store, feed, client, SATURDAY + timedelta(minutes=5))
    asked = feed.count(SONOMA_LAPS)
    await _round(empty_store, feed, client, SATURDAY + RETRY_EMPTY)
    assert (asked, feed.count(SONOMA_LAPS), await _lap_times(empty_store)) == (1, 2, [(0, 0)])


async def test_lap_times_published_late_are_stored_and_not_asked_again(
    sqlite_store: Store,
    feed: FeedServer,
    client: FeedClient,
    sonoma: Callable[[bool], None],
    shared_data: Path,
) -> None:
    """The payload appears after a round found none: the round after RETRY_EMPTY stores it, later rounds
    ask no more. (The payload is 2020 Martinsville's, served at Sonoma's path: the round stores what the
    feed gives it.)"""
    sonoma(True)
    await _round(sqlite_store, feed, client)
    with gzip.open(shared_data / "nascar-feed" / MARTINSVILLE_2020.payload) as stream:
        feed.serve(SONOMA_LAPS, stream.read())
    await _round(sqlite_store, feed, client, SATURDAY + RETRY_EMPTY)
    await _round(sqlite_store, feed, client, SATURDAY + 3 * RETRY_EMPTY)
    assert (feed.count(SONOMA_LAPS), await _lap_times(sqlite_store)) == (2, [(500, 39)])


async def test_a_round_with_no_requests_left_asks_nothing(
    sqlite_store: Store, feed: FeedServer, client: FeedClient, sonoma: Callable[[bool], None]
) -> None:
    """Past the round's budget nothing is asked and nothing recorded: the next round asks."""
    sonoma(True)
    feed.serve(SONOMA_LAPS, b"")
    await _round(sqlite_store, feed, client, SATURDAY - 2 * RETRY_EMPTY)  # results in, no lap times
    spent = client.limited(0)
    report = await sync_lap_times(sqlite_store, spent, feed.base_url, race_ids=[SONOMA_RACE_ID], at=SATURDAY)
    assert (report.empty, feed.count(SONOMA_LAPS), spent.requests_sent) == (0, 1, 0)
