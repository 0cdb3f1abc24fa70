"""Live-sync rounds against the loopback feed: what is fetched, and what is announced exactly once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from db.importers.feed.client import FeedClient
from db.importers.feed.sync import (
    LineupPublished,
    ResultsOfficial,
    SyncEvent,
    SyncEvents,
    race_weekend_near,
    sync_round,
)
from db.store import Store
from tests.importers.feed.server import FeedServer

WEEKEND_2026 = "/2026/1/5617/weekend-feed.json"
SATURDAY = datetime(2026, 6, 27, 18, 0, tzinfo=UTC)


@pytest.fixture
def sonoma(feed: FeedServer, payloads: Callable[[str], Any]) -> Callable[..., None]:
    """Serve the Sonoma 2026 weekend as it stands: `official` flips inspection, `swap` reorders the grid."""

    def serve(*, official: bool, swap: bool = False) -> None:
        weekend = payloads("weekend-feed_2026_1_5617_TRIMMED.json")
        race = weekend["weekend_race"][0]
        race["inspection_complete"] = official
        if swap:
            first, second = race["results"][0], race["results"][1]
            first["starting_position"], second["starting_position"] = (
                second["starting_position"],
                first["starting_position"],
            )
        feed.serve(WEEKEND_2026, weekend)

    return serve


async def _round(
    store: Store, feed: FeedServer, client: FeedClient, now: datetime = SATURDAY
) -> tuple[SyncEvent, ...]:
    report = await sync_round(store, base_url=feed.base_url, client=client, now=lambda: now)
    return report.published


async def test_lineup_appearing_is_announced(
    empty_store: Store, feed: FeedServer, client: FeedClient, sonoma: Callable[..., None]
) -> None:
    """The first round that sees a grid announces LineupPublished for that event."""
    sonoma(official=False)
    published = await _round(empty_store, feed, client)
    assert [type(event) for event in published] == [LineupPublished]


async def test_unchanged_rerun_announces_nothing(
    empty_store: Store, feed: FeedServer, client: FeedClient, sonoma: Callable[..., None]
) -> None:
    """A second round over the same payloads announces nothing."""
    sonoma(official=False)
    await _round(empty_store, feed, client)
    assert await _round(empty_store, feed, client) == ()


async def test_official_results_are_announced_once(
    empty_store: Store, feed: FeedServer, client: FeedClient, sonoma: Callable[..., None]
) -> None:
    """When inspection completes, ResultsOfficial is announced once and not again."""
    sonoma(official=False)
    (lineup,) = await _round(empty_store, feed, client)
    sonoma(official=True)
    first = await _round(empty_store, feed, client)
    again = await _round(empty_store, feed, client)
    assert (first, again) == ((ResultsOfficial(lineup.event_id),), ())


async def test_changed_lineup_is_announced_again(
    empty_store: Store, feed: FeedServer, client: FeedClient, sonoma: Callable[..., None]
) -> None:
    """A grid that changes after it was announced is announced again."""
    sonoma(official=False)
    (lineup,) = await _round(empty_store, feed, client)
    sonoma(official=False, swap=True)
    assert await _round(empty_store, feed, client) == (LineupPublished(lineup.event_id),)


async def test_weekend_not_out_yet_announces_nothing(
    sqlite_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """A 403 weekend feed (not published) is no error and no announcement."""
    del feed.files[WEEKEND_2026]
    assert await _round(sqlite_store, feed, client) == ()


async def test_races_far_from_now_are_not_fetched(
    sqlite_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """In January only the race list is read, not Sonoma's weekend feed."""
    await _round(sqlite_store, feed, client, now=datetime(2026, 1, 10, tzinfo=UTC))
    assert feed.count(WEEKEND_2026) == 0


async def test_unpublished_season_imports_nothing(
    sqlite_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """Before the season's race list exists the round is a quiet no-op."""
    report = await sync_round(
        sqlite_store, base_url=feed.base_url, client=client, now=lambda: datetime(2031, 2, 1, tzinfo=UTC)
    )
    assert report.imported is None


async def test_round_reports_what_to_announce(
    sqlite_store: Store, feed: FeedServer, client: FeedClient, sonoma: Callable[..., None]
) -> None:
    """A round that stored a new lineup reports it for the caller to announce."""
    sonoma(official=False)
    report = await sync_round(sqlite_store, base_url=feed.base_url, client=client, now=lambda: SATURDAY)
    assert [type(event) for event in report.published] == [LineupPublished]


async def test_race_weekend_is_detected_from_stored_start_times(
    empty_store: Store, feed: FeedServer, client: FeedClient, sonoma: Callable[..., None]
) -> None:
    """Three days either side of a stored start time is a race weekend; a week away is not."""
    sonoma(official=False)
    await _round(empty_store, feed, client)
    near = await race_weekend_near(empty_store, SATURDAY)
    far = await race_weekend_near(empty_store, SATURDAY + timedelta(days=7))
    assert (near, far) == (True, False)


async def test_async_iteration_receives_events() -> None:
    """`async for` over SyncEvents yields what is published after it started."""
    events = SyncEvents()
    stream = aiter(events)
    await events.publish(ResultsOfficial(7))
    assert await anext(stream) == ResultsOfficial(7)


async def test_async_listener_is_awaited() -> None:
    """A coroutine listener runs to completion before publish returns."""
    events = SyncEvents()
    heard: list[SyncEvent] = []

    async def listener(event: SyncEvent) -> None:
        heard.append(event)

    events.subscribe(listener)
    await events.publish(LineupPublished(3))
    assert heard == [LineupPublished(3)]


async def test_failing_listener_does_not_starve_the_others() -> None:
    """One listener raising still lets the next one hear the event."""
    events = SyncEvents()
    heard: list[SyncEvent] = []

    def broken(event: SyncEvent) -> None:
        raise RuntimeError("boom")

    events.subscribe(broken)
    events.subscribe(heard.append)
    await events.publish(LineupPublished(3))
    assert heard == [LineupPublished(3)]


async def test_unsubscribed_listener_hears_nothing() -> None:
    """The function `subscribe` returns stops delivery."""
    events = SyncEvents()
    heard: list[SyncEvent] = []
    unsubscribe = events.subscribe(heard.append)
    unsubscribe()
    await events.publish(LineupPublished(3))
    assert heard == []
