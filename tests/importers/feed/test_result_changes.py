"""Official results NASCAR changes after the race: the real Richmond 2023 payload, official, read again
with a car disqualified. Expected orders and changes are computed from the payloads in plain Python."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update

from db.importers.feed.client import FeedClient
from db.importers.feed.payloads import FeedInfraction, parse_weekend_feed
from db.importers.feed.sync import ResultsOfficial, sync_round
from db.store import Store
from db.store.models import Driver, Event, Result, ResultChange, Session
from kernel.result_changes import RESULTS_WATCH
from tests.importers.feed.richmond_amended import (
    FAILED_INSPECTION,
    GREEN_FLAG,
    OFFICIAL_AT,
    RICHMOND,
    SPEEDING,
    TUESDAY,
    WEEKEND_2023,
    Payloads,
    disqualified,
    official,
    store_read,
)
from tests.importers.feed.server import FeedServer


def _outcomes(weekend: dict[str, Any]) -> dict[int, tuple[Any, ...]]:
    """Feed driver id -> (finish, status, points, disqualified), straight from the payload."""
    return {
        result["driver_id"]: (
            result["finishing_position"],
            result["finishing_status"].lower(),
            result["points_earned"],
            result["disqualified"],
        )
        for result in weekend["weekend_race"][0]["results"]
    }


async def _finishes(store: Store) -> dict[int, int | None]:
    """Feed driver id -> stored finishing position in Richmond's race session."""
    async with store.sessions() as session:
        rows = await session.execute(
            select(Driver.feed_driver_id, Result.finish_position)
            .join(Result, Result.driver_id == Driver.id)
            .join(Session, Session.id == Result.session_id)
            .join(Event, Event.id == Session.event_id)
            .where(Event.feed_race_id == 5274, Session.kind == "race")
        )
        return {feed_id: finish for feed_id, finish in rows if feed_id is not None}


async def _changes(store: Store) -> dict[int, ResultChange]:
    """Feed driver id -> the change recorded for that car."""
    async with store.sessions() as session:
        rows = await session.execute(
            select(Driver.feed_driver_id, ResultChange).join(Driver, ResultChange.driver_id == Driver.id)
        )
        return {feed_id: change for feed_id, change in rows.all() if feed_id is not None}


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def test_a_disqualified_winner_is_recorded_with_when_and_why(
    empty_store: Store, payloads: Payloads
) -> None:
    """Larson disqualified on Tuesday: the store holds the new order, and every car whose result changed
    has a record; Larson's says disqualified and the post-race infraction, seen on Tuesday."""
    before = official(payloads)
    after = disqualified(payloads, "5", FAILED_INSPECTION)
    await store_read(empty_store, before, OFFICIAL_AT)
    report = await store_read(empty_store, after, TUESDAY)
    old, new = _outcomes(before), _outcomes(after)
    assert await _finishes(empty_store) == {driver: outcome[0] for driver, outcome in new.items()}
    changes = await _changes(empty_store)
    assert set(changes) == {driver for driver in new if new[driver] != old[driver]}
    larson = changes[4030]
    assert (larson.finish_before, larson.finish_after, larson.points_before, larson.points_after) == (
        old[4030][0],
        new[4030][0],
        old[4030][2],
        new[4030][2],
    )
    assert (larson.status_after, larson.disqualified, larson.car_number) == ("disqualified", True, "5")
    assert larson.reason == "Failed post-race inspection: Disqualified"
    assert _utc(larson.seen_at) == TUESDAY
    # The cars that only moved up carry no reason; the round announces the changed result.
    assert all(
        change.reason is None and not change.disqualified for d, change in changes.items() if d != 4030
    )
    assert report.results == (await _event_id(empty_store),)


async def _event_id(store: Store) -> int:
    async with store.sessions() as session:
        found = await session.scalar(select(Event.id).where(Event.feed_race_id == 5274))
    assert found is not None
    return found


async def test_an_infraction_listed_during_the_race_is_not_the_reason(
    sqlite_store: Store, payloads: Payloads
) -> None:
    """Chastain's pit-road speeding was in the feed when the results became official: when he moves up
    after Larson's disqualification, no reason is given for him, and Larson's names only his own."""
    before = official(payloads)
    before["weekend_race"][0]["infractions"] = [SPEEDING]
    await store_read(sqlite_store, before, OFFICIAL_AT)
    await store_read(sqlite_store, disqualified(payloads, "5", SPEEDING, FAILED_INSPECTION), TUESDAY)
    changes = await _changes(sqlite_store)
    assert (changes[4001].reason, changes[4030].reason) == (None, "Failed post-race inspection: Disqualified")


async def test_a_disqualification_without_an_infraction_gives_no_reason_but_says_so(
    sqlite_store: Store, payloads: Payloads
) -> None:
    """The feed flags the car and lists no infraction: the record is disqualified, its reason None."""
    await store_read(sqlite_store, official(payloads), OFFICIAL_AT)
    await store_read(sqlite_store, disqualified(payloads, "9"), TUESDAY)
    berry = (await _changes(sqlite_store))[4123]
    assert (berry.disqualified, berry.reason, berry.finish_after) == (True, None, 37)


async def test_reading_the_same_official_results_again_records_nothing(
    sqlite_store: Store, payloads: Payloads
) -> None:
    """Becoming official is not a change, nor is a re-read after the rows were rewritten (as the
    history import rewrites them): only the feed's own results are compared."""
    await store_read(sqlite_store, payloads(RICHMOND), GREEN_FLAG + timedelta(hours=3))  # not official yet
    await store_read(sqlite_store, official(payloads), OFFICIAL_AT)
    async with sqlite_store.sessions.begin() as session:
        await session.execute(update(Result).where(Result.finish_position == 1).values(points=99))
    await store_read(sqlite_store, official(payloads), TUESDAY)
    async with sqlite_store.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ResultChange)) == 0


async def _sync(store: Store, feed: FeedServer, client: FeedClient, now: datetime) -> tuple[object, ...]:
    report = await sync_round(store, base_url=feed.base_url, client=client, now=lambda: now)
    return report.published


async def test_the_sync_reads_a_finished_race_again_within_the_watch(
    sqlite_store: Store, feed: FeedServer, client: FeedClient, payloads: Payloads
) -> None:
    """Three and a half days after the race (past the race weekend's window) the sync still reads
    Richmond's weekend feed and records the disqualification then; after RESULTS_WATCH it reads it no more."""
    feed.serve(WEEKEND_2023, official(payloads))
    await _sync(sqlite_store, feed, client, OFFICIAL_AT)
    feed.serve(WEEKEND_2023, disqualified(payloads, "5", FAILED_INSPECTION))
    later = GREEN_FLAG + timedelta(days=3, hours=12)
    published = await _sync(sqlite_store, feed, client, later)
    assert published == (ResultsOfficial(await _event_id(sqlite_store)),)
    assert _utc((await _changes(sqlite_store))[4030].seen_at) == later
    reads = feed.count(WEEKEND_2023)
    await _sync(sqlite_store, feed, client, GREEN_FLAG + RESULTS_WATCH + timedelta(hours=1))
    assert feed.count(WEEKEND_2023) == reads == 2


def test_the_weekend_feed_gives_disqualifications_and_infractions(payloads: Payloads) -> None:
    """Richmond as captured disqualifies nobody and lists no infraction; one added is read field by field."""
    raw = payloads(RICHMOND)
    plain = parse_weekend_feed(raw)
    flags = [result["disqualified"] for result in raw["weekend_race"][0]["results"]]
    assert ([result.disqualified for result in plain.results], plain.infractions) == (flags, ())
    amended = parse_weekend_feed(disqualified(payloads, "5", FAILED_INSPECTION))
    expected = FeedInfraction(
        FAILED_INSPECTION["driver_id"],
        FAILED_INSPECTION["car_number"],
        FAILED_INSPECTION["infraction"],
        FAILED_INSPECTION["penalty"],
        FAILED_INSPECTION["notes"],
        FAILED_INSPECTION["lap"],
        FAILED_INSPECTION["lap_assessed"],
    )
    assert amended.infractions == (expected,)
