"""NASCAR's real lap-times payloads into a real store (SQLite and PostgreSQL): every car's running
position lap by lap and the flags, stored packed, checked against the payload in plain Python; asked
for once, only for official results; a race without lap times is normal, a bad payload a warning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db.importers.feed.client import FeedClient
from db.importers.feed.importer import import_feed
from db.importers.feed.lap_times import LapTimesReport
from db.store import Store
from db.store.models import Driver, LapPositions, LapTimes
from db.store.state import data_version
from tests.importers.feed.lap_races import (
    LAP_RACES,
    MARTINSVILLE_2020,
    LapRace,
    import_laps,
    import_results,
    lap_payload,
    serve_lap_times,
)
from tests.importers.feed.server import FeedServer


def _expected(payload: dict[str, Any]) -> list[tuple[str, list[int | None]]]:
    """Each car's number and running position by lap (None where the payload gives none), in order
    of the final running position (ties in the payload's order)."""
    cars = sorted(payload["laps"], key=lambda car: car["RunningPos"])
    expected = []
    for car in cars:
        by_lap = {lap["Lap"]: lap["RunningPos"] for lap in car["Laps"] if lap["RunningPos"]}
        expected.append((car["Number"], [by_lap.get(lap) for lap in range(max(by_lap) + 1)]))
    return expected


async def _stored(store: Store, event_id: int) -> list[tuple[str, list[int | None]]]:
    async with store.sessions() as session:
        rows = await session.execute(
            select(LapPositions.car_number, LapPositions.positions)
            .where(LapPositions.event_id == event_id)
            .order_by(LapPositions.place)
        )
        return [(number, [byte or None for byte in data]) for number, data in rows]


async def _lap_rows(store: Store) -> int:
    async with store.sessions() as session:
        return len((await session.scalars(select(LapTimes.event_id))).all())


@pytest.mark.parametrize("race", LAP_RACES, ids=lambda race: race.payload)
async def test_stored_positions_are_the_payloads(
    empty_store: Store,
    feed: FeedServer,
    client: FeedClient,
    shared_data: Path,
    tmp_path: Path,
    race: LapRace,
) -> None:
    """Every car, in finishing order, with its running position at every lap; the flag of every lap."""
    serve_lap_times(feed, shared_data, race)
    events = await import_results(empty_store, feed, client, shared_data, tmp_path, race)
    report = await import_laps(empty_store, feed, client, race)
    event_id = events[race.race_id]
    payload = lap_payload(shared_data, race)
    assert report == LapTimesReport(stored=(event_id,))
    assert await _stored(empty_store, event_id) == _expected(payload)
    async with empty_store.sessions() as session:
        stored = await session.get(LapTimes, event_id)
    assert stored is not None
    flags = {flag["LapsCompleted"]: flag["FlagState"] for flag in payload["flags"]}
    assert list(stored.flags) == [flags.get(lap, 0) for lap in range(max(flags) + 1)]
    assert stored.laps == max(lap["Lap"] for car in payload["laps"] for lap in car["Laps"])


async def test_drivers_are_linked_by_their_feed_ids(
    empty_store: Store, feed: FeedServer, client: FeedClient, shared_data: Path, tmp_path: Path
) -> None:
    """2020 Martinsville's weekend feed named every driver: each car is the store's driver of its feed id."""
    serve_lap_times(feed, shared_data, MARTINSVILLE_2020)
    events = await import_results(empty_store, feed, client, shared_data, tmp_path, MARTINSVILLE_2020)
    await import_laps(empty_store, feed, client, MARTINSVILLE_2020)
    async with empty_store.sessions() as session:
        rows = await session.execute(
            select(LapPositions.car_number, Driver.feed_driver_id)
            .outerjoin(Driver, Driver.id == LapPositions.driver_id)
            .where(LapPositions.event_id == events[MARTINSVILLE_2020.race_id])
        )
        linked = dict(rows.all())
    payload = lap_payload(shared_data, MARTINSVILLE_2020)
    assert linked == {car["Number"]: car["NASCARDriverID"] for car in payload["laps"]}


async def test_lap_times_are_asked_for_once(
    sqlite_store: Store, feed: FeedServer, client: FeedClient, shared_data: Path, tmp_path: Path
) -> None:
    """A second import leaves a race with lap times alone: one request, and the data version stays."""
    serve_lap_times(feed, shared_data, MARTINSVILLE_2020)
    await import_results(sqlite_store, feed, client, shared_data, tmp_path, MARTINSVILLE_2020)
    await import_laps(sqlite_store, feed, client, MARTINSVILLE_2020)
    version = await data_version(sqlite_store.sessions)
    again = await import_laps(sqlite_store, feed, client, MARTINSVILLE_2020)
    assert (again, feed.count(MARTINSVILLE_2020.path)) == (LapTimesReport(), 1)
    assert await data_version(sqlite_store.sessions) == version


async def test_storing_lap_times_moves_the_data_version(
    sqlite_store: Store, feed: FeedServer, client: FeedClient, shared_data: Path, tmp_path: Path
) -> None:
    """New lap times are new data: every process refreshes its answers (and their race charts)."""
    serve_lap_times(feed, shared_data, MARTINSVILLE_2020)
    await import_results(sqlite_store, feed, client, shared_data, tmp_path, MARTINSVILLE_2020)
    before = await data_version(sqlite_store.sessions)
    await import_laps(sqlite_store, feed, client, MARTINSVILLE_2020)
    assert await data_version(sqlite_store.sessions) == before + 1


async def test_a_race_without_official_results_is_not_asked(
    sqlite_store: Store, feed: FeedServer, client: FeedClient, shared_data: Path
) -> None:
    """The captured 2020 weekend feed predates inspection: without the history's results, no request."""
    serve_lap_times(feed, shared_data, MARTINSVILLE_2020)
    await import_feed(sqlite_store, season=2020, series="cup", base_url=feed.base_url, client=client)
    report = await import_laps(sqlite_store, feed, client, MARTINSVILLE_2020)
    assert (report, feed.count(MARTINSVILLE_2020.path)) == (LapTimesReport(), 0)


@pytest.mark.parametrize(
    "body", [None, b"", b"null", b'{"laps": [], "flags": []}'], ids=["403", "empty", "null", "no cars"]
)
async def test_a_race_without_lap_times_is_normal(
    sqlite_store: Store,
    feed: FeedServer,
    client: FeedClient,
    shared_data: Path,
    tmp_path: Path,
    body: bytes | None,
) -> None:
    """Not published, an empty body, null or no cars: no error, nothing stored, counted as without."""
    if body is not None:
        feed.serve(MARTINSVILLE_2020.path, body)
    await import_results(sqlite_store, feed, client, shared_data, tmp_path, MARTINSVILLE_2020)
    report = await import_laps(sqlite_store, feed, client, MARTINSVILLE_2020)
    assert (report, await _lap_rows(sqlite_store)) == (LapTimesReport(empty=1), 0)


async def test_a_payload_of_the_wrong_shape_is_a_warning(
    sqlite_store: Store, feed: FeedServer, client: FeedClient, shared_data: Path, tmp_path: Path
) -> None:
    """The warning names the URL and the JSON path at fault; the race's results stay, no laps are stored."""
    feed.serve(MARTINSVILLE_2020.path, {"laps": "none", "flags": []})
    events = await import_results(sqlite_store, feed, client, shared_data, tmp_path, MARTINSVILLE_2020)
    report = await import_laps(sqlite_store, feed, client, MARTINSVILLE_2020)
    url = f"{feed.base_url}{MARTINSVILLE_2020.path}"
    assert report.warnings == (f"lap times not stored: {url}: $.laps: expected list, got str",)
    assert (report.stored, await _lap_rows(sqlite_store)) == ((), 0)
    assert MARTINSVILLE_2020.race_id in events
