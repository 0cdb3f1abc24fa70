"""Sync rounds against bad feeds on loopback: a huge body, a huge list, too many races near now, renamed
keys. Each is refused with the race data unchanged, logged in one line per change, bounded in what it
sends, recorded for /announce status, and the next good round imports."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from db.importers.feed.client import FeedClient
from db.importers.feed.importer import import_feed
from db.importers.feed.payloads import MAX_RACES_PER_LIST
from db.importers.feed.sync import (
    MAX_REQUESTS_PER_ROUND,
    LineupPublished,
    ResultsOfficial,
    SyncReport,
    sync_round,
)
from db.store import Store
from db.store.state import feed_problem
from tests.importers.feed.bodies import race_list_chunks, renamed
from tests.importers.feed.fixtures import racebot_lines, table_contents
from tests.importers.feed.server import FeedServer, StreamedBody

SATURDAY = datetime(2026, 6, 27, 18, 0, tzinfo=UTC)
RACE_LIST = "/2026/race_list_basic.json"
WEEKEND = "/2026/1/5617/weekend-feed.json"


@pytest.fixture(autouse=True)
def _info_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)


@pytest.fixture
def sonoma(feed: FeedServer) -> dict[str, Any]:
    """The 2026 all-series race list as served: Sonoma (race 5617) in `series_1`, the others empty."""
    data: dict[str, Any] = json.loads(feed.files[RACE_LIST])
    return data


async def _round(store: Store, feed: FeedServer, client: FeedClient) -> SyncReport:
    return await sync_round(store, base_url=feed.base_url, client=client, now=lambda: SATURDAY)


def _kinds(report: SyncReport) -> set[type]:
    return {type(event) for event in report.published}


async def _race_data(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every table but the feed problem the round records on purpose."""
    return {name: rows for name, rows in (await table_contents(store)).items() if name != "feed_problem"}


async def test_huge_body_is_refused_in_one_request_and_the_next_round_imports(
    empty_store: Store,
    feed: FeedServer,
    client: FeedClient,
    sonoma: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A 300,000-race list body: one request, refused part way, one line, nothing stored; then Sonoma."""
    body = StreamedBody(lambda: race_list_chunks(sonoma["series_1"][0], 300_000))
    feed.stream(RACE_LIST, body)
    before = await _race_data(empty_store)
    refused = await _round(empty_store, feed, client)
    assert (feed.requests, body.finished, await _race_data(empty_store)) == ([RACE_LIST], False, before)
    assert f"{RACE_LIST}: body is over the 8,388,608-byte limit" in (refused.problem or "")
    assert racebot_lines(caplog) == [
        f"live sync: {refused.problem}; no race data changed (logged again only when this changes)"
    ]
    feed.serve(RACE_LIST, sonoma)
    assert _kinds(await _round(empty_store, feed, client)) == {LineupPublished, ResultsOfficial}


async def test_race_list_longer_than_any_season_is_refused_unparsed(
    sqlite_store: Store,
    feed: FeedServer,
    client: FeedClient,
    sonoma: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A list of MAX_RACES_PER_LIST + 1 races (well under the body limit) is refused; no weekend is asked."""
    races = [sonoma["series_1"][0]] * (MAX_RACES_PER_LIST + 1)
    feed.serve(RACE_LIST, {**sonoma, "series_1": races})
    before = await _race_data(sqlite_store)
    report = await _round(sqlite_store, feed, client)
    assert (feed.requests, await _race_data(sqlite_store)) == ([RACE_LIST], before)
    assert racebot_lines(caplog) == [
        f"live sync: {feed.base_url}{RACE_LIST}: {MAX_RACES_PER_LIST + 1} races, over the "
        f"{MAX_RACES_PER_LIST} a race list may hold; no race data changed (logged again only when this changes)"
    ]
    assert report.imported is None


async def test_more_races_near_now_than_a_round_may_fetch_are_refused_unfetched(
    sqlite_store: Store, feed: FeedServer, client: FeedClient, sonoma: dict[str, Any]
) -> None:
    """A list putting more races on this weekend than the round has requests: only the list is asked for."""
    race = sonoma["series_1"][0]
    races = [{**race, "race_id": race["race_id"] + n} for n in range(MAX_REQUESTS_PER_ROUND)]
    feed.serve(RACE_LIST, {**sonoma, "series_1": races})
    report = await _round(sqlite_store, feed, client)
    assert feed.requests == [RACE_LIST]
    assert f"{MAX_REQUESTS_PER_ROUND} races start near now" in (report.problem or "")


async def test_renamed_series_key_names_the_missing_key_once_over_ten_rounds(
    empty_store: Store,
    feed: FeedServer,
    client: FeedClient,
    sonoma: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """`series_1` -> `cup`: ten rounds import nothing and log one line saying `series_1` is missing."""
    feed.serve(RACE_LIST, renamed(sonoma, {"series_1": "cup"}))
    before = await _race_data(empty_store)
    reports = [await _round(empty_store, feed, client) for _ in range(10)]
    assert await _race_data(empty_store) == before
    assert {report.problem for report in reports} == {
        f"{feed.base_url}{RACE_LIST}: (top level): missing keys series_1"
    }
    (line,) = racebot_lines(caplog)
    assert "(top level): missing keys series_1; no race data changed" in line


async def test_renamed_weekend_key_is_refused_and_recorded_for_status(
    sqlite_store: Store, feed: FeedServer, client: FeedClient, payloads: Callable[[str], Any]
) -> None:
    """`weekend_race` -> `weekendRace`: the round stores nothing, and the problem is on record with its URL."""
    weekend = payloads("weekend-feed_2026_1_5617_TRIMMED.json")
    feed.serve(WEEKEND, renamed(weekend, {"weekend_race": "weekendRace"}))
    before = await _race_data(sqlite_store)
    await _round(sqlite_store, feed, client)
    trouble = await feed_problem(sqlite_store.sessions)
    assert await _race_data(sqlite_store) == before
    assert trouble is not None
    assert (trouble.reason, trouble.url, trouble.since) == (
        "(top level): missing keys weekend_race",
        feed.base_url + WEEKEND,
        SATURDAY,
    )


async def test_each_change_is_logged_once_and_a_good_round_clears_it(
    sqlite_store: Store,
    feed: FeedServer,
    client: FeedClient,
    sonoma: dict[str, Any],
    payloads: Callable[[str], Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Three rounds of one change, three of another, then a good round: three lines, the lineup, no record."""
    weekend = payloads("weekend-feed_2026_1_5617_TRIMMED.json")
    feed.serve(RACE_LIST, renamed(sonoma, {"series_1": "cup"}))
    for _ in range(3):
        await _round(sqlite_store, feed, client)
    feed.serve(RACE_LIST, sonoma)
    feed.serve(WEEKEND, renamed(weekend, {"weekend_race": "weekendRace"}))
    for _ in range(3):
        await _round(sqlite_store, feed, client)
    feed.serve(WEEKEND, weekend)
    good = await _round(sqlite_store, feed, client)
    lines = racebot_lines(caplog)
    assert [
        ("series_1" in line, "weekend_race" in line, "reads the feed again" in line) for line in lines
    ] == [
        (True, False, False),
        (False, True, False),
        (False, True, True),
    ]
    assert _kinds(good) == {LineupPublished, ResultsOfficial}
    assert await feed_problem(sqlite_store.sessions) is None


async def test_an_import_runs_while_a_bad_round_is_fetching(
    empty_store: Store, feed: FeedServer, client: FeedClient, sonoma: dict[str, Any]
) -> None:
    """The write lock is not held while a round fetches: an import finishes while the huge body hangs."""
    hold = asyncio.Event()
    body = StreamedBody(lambda: race_list_chunks(sonoma["series_1"][0], 300_000), hold=hold)
    feed.stream(RACE_LIST, body)
    bad_round = asyncio.create_task(_round(empty_store, feed, client))
    await asyncio.wait_for(body.started.wait(), 10)
    imported = await asyncio.wait_for(
        import_feed(empty_store, season=2023, series="cup", base_url=feed.base_url, client=client), 60
    )
    hold.set()
    refused = await asyncio.wait_for(bad_round, 30)
    assert (imported.events_created, refused.problem is not None) == (7, True)
