"""Importing feed seasons from the loopback feed into a real store (storage on SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import gzip
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from db.importers.feed.client import FeedClient, FeedInvalid, FeedNotPublished
from db.importers.feed.importer import FeedImportReport, import_feed
from db.importers.history.importer import import_history
from db.store import Store
from db.store.models import Driver, Event, Result, Series, Session, Track
from db.store.state import data_version
from tests.importers.feed.fixtures import table_contents
from tests.importers.feed.server import FeedServer
from tests.store.builders import Row, add_race

WEEKEND_2023 = "/2023/1/5274/weekend-feed.json"


async def _richmond_history(store: Store) -> int:
    """Cup 2023 round 7 as history stores it: finishes, names, no feed ids, no lineup for Larson."""
    return await add_race(
        store,
        series="cup",
        season=2023,
        round=7,
        track="Richmond Raceway",
        length=0.75,
        rows=[Row("Kyle Larson", None, 1, led=93, car="5"), Row("A.J. Allmendinger", 25, 20, car="16")],
    )


def _richmond_2023_csv(shared_data: Path, tmp_path: Path) -> Path:
    """Cup 2023 round 7 cut from the real history file."""
    history = tmp_path / "cup_series.csv"
    with gzip.open(shared_data / "nascar" / "cup_series.csv.gz", "rt", encoding="utf-8") as source:
        reader = csv.DictReader(source)
        rows = [row for row in reader if (row["Season"], row["Race"]) == ("2023", "7")]
    with history.open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return history


async def _event(store: Store, event_id: int) -> Event:
    async with store.sessions() as session:
        event = await session.get(Event, event_id)
    assert event is not None
    return event


async def _rows(store: Store, event_id: int, kind: str) -> dict[str, Result]:
    async with store.sessions() as session:
        rows = await session.execute(
            select(Driver.name, Result)
            .join(Result, Result.driver_id == Driver.id)
            .join(Session, Session.id == Result.session_id)
            .where(Session.event_id == event_id, Session.kind == kind)
        )
        return dict(rows.all())


async def _count(store: Store, model: Any, *where: Any) -> int:
    async with store.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0


async def _import_2023_cup(store: Store, feed: FeedServer, client: FeedClient) -> FeedImportReport:
    return await import_feed(store, season=2023, series="cup", base_url=feed.base_url, client=client)


async def test_race_in_history_is_enriched_not_duplicated(
    empty_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """Cup 2023 round 7 stays one event, now carrying the feed's race id."""
    event_id = await _richmond_history(empty_store)
    await _import_2023_cup(empty_store, feed, client)
    cup = select(Series.id).where(Series.code == "cup").scalar_subquery()
    count = await _count(empty_store, Event, Event.season == 2023, Event.round == 7, Event.series_id == cup)
    assert (count, (await _event(empty_store, event_id)).feed_race_id) == (1, 5274)


async def test_weekend_facts_are_stored_on_the_event(
    empty_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """Start time (UTC), TV, radio, laps, distance and stage ends come from the weekend feed."""
    event = await _event(empty_store, await _richmond_history(empty_store))
    await _import_2023_cup(empty_store, feed, client)
    event = await _event(empty_store, event.id)
    start = event.start_time_utc
    assert start is not None
    assert (start.replace(tzinfo=start.tzinfo or UTC), event.tv_network, event.radio_network) == (
        datetime(2023, 4, 2, 19, 30, tzinfo=UTC),
        "FS1",
        "MRN",
    )
    assert (event.scheduled_laps, event.scheduled_distance_miles, event.stage_ends) == (
        400,
        300.0,
        [70, 230, 400],
    )


async def test_starting_lineup_comes_from_starting_position(
    empty_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """Kyle Larson, with no grid slot in history, starts 9th as the feed says."""
    event_id = await _richmond_history(empty_store)
    await _import_2023_cup(empty_store, feed, client)
    rows = await _rows(empty_store, event_id, "race")
    assert (rows["Kyle Larson"].start_position, len(rows)) == (9, 37)


async def test_unofficial_results_leave_history_finishes_alone(
    empty_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """Inspection not complete: history's finishes stay and the event is not marked official."""
    event_id = await _richmond_history(empty_store)
    await _import_2023_cup(empty_store, feed, client)
    rows = await _rows(empty_store, event_id, "race")
    event = await _event(empty_store, event_id)
    assert (rows["A.J. Allmendinger"].finish_position, event.results_official) == (20, False)


async def test_feed_attaches_to_a_real_history_import(
    empty_store: Store, feed: FeedServer, client: FeedClient, shared_data: Path, tmp_path: Path
) -> None:
    """After `import history` of Cup 2023 round 7 the feed links all 37 drivers and adds only rounds 1-6."""
    history = _richmond_2023_csv(shared_data, tmp_path)
    await import_history(empty_store, [history])
    drivers = await _count(empty_store, Driver)
    report = await _import_2023_cup(empty_store, feed, client)
    linked = await _count(empty_store, Driver, Driver.feed_driver_id.is_not(None))
    assert (report.events_created, report.lineups, await _count(empty_store, Driver), linked) == (
        6,
        (),
        drivers,
        37,
    )


async def test_history_after_the_feed_adds_no_duplicates(
    empty_store: Store, feed: FeedServer, client: FeedClient, shared_data: Path, tmp_path: Path
) -> None:
    """Feed first, then `import history` of the same race: one driver per person, one event, no churn."""
    history = _richmond_2023_csv(shared_data, tmp_path)
    await _import_2023_cup(empty_store, feed, client)
    drivers, events = await _count(empty_store, Driver), await _count(empty_store, Event)
    await import_history(empty_store, [history])
    assert (await _count(empty_store, Driver), await _count(empty_store, Event)) == (drivers, events)
    before = await table_contents(empty_store)
    await _import_2023_cup(empty_store, feed, client)
    assert await table_contents(empty_store) == before


async def test_non_points_races_are_skipped(
    sqlite_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """The Clash and the Duels do not become events: 10 Cup races through Richmond are 7 rounds."""
    await _import_2023_cup(sqlite_store, feed, client)
    async with sqlite_store.sessions() as session:
        rounds = (await session.scalars(select(Event.round).order_by(Event.round))).all()
    assert rounds == [1, 2, 3, 4, 5, 6, 7]


async def test_reimport_changes_nothing(empty_store: Store, feed: FeedServer, client: FeedClient) -> None:
    """Importing the same payloads again leaves every table exactly as it was.

    Cup 2023 covers history enrichment, a lineup and race-list poles; 2026 official results and qualifying.
    """
    await _richmond_history(empty_store)
    seasons = (2023, 2026)
    for season in seasons:
        await import_feed(empty_store, season=season, series="cup", base_url=feed.base_url, client=client)
    before = await table_contents(empty_store)
    reports = [
        await import_feed(empty_store, season=season, series="cup", base_url=feed.base_url, client=client)
        for season in seasons
    ]
    assert (await table_contents(empty_store), [r.changed for r in reports]) == (before, [False, False])


async def test_official_results_are_stored(empty_store: Store, feed: FeedServer, client: FeedClient) -> None:
    """Sonoma 2026 passed inspection: finishes, laps led and statuses are stored and marked official."""
    report = await import_feed(empty_store, season=2026, base_url=feed.base_url, client=client)
    (event_id,) = report.results
    rows = await _rows(empty_store, event_id, "race")
    winner = rows["Shane van Gisbergen"]
    assert (winner.finish_position, winner.start_position, winner.laps_led, winner.status) == (
        1,
        6,
        74,
        "running",
    )
    assert (await _event(empty_store, event_id)).results_official is True


async def test_qualifying_speeds_are_stored(empty_store: Store, feed: FeedServer, client: FeedClient) -> None:
    """Sonoma 2026 qualifying: Ty Gibbs first at 95.738 mph, van Gisbergen sixth at 95.63."""
    report = await import_feed(empty_store, season=2026, base_url=feed.base_url, client=client)
    rows = await _rows(empty_store, report.lineups[0], "qualifying")
    speeds = {name: (row.finish_position, row.qualifying_speed_mph) for name, row in rows.items()}
    assert speeds["Ty Gibbs"] == (1, 95.738)
    assert speeds["Shane van Gisbergen"] == (6, 95.63)


async def test_qualifying_lap_times_come_from_the_qualifying_runs(
    empty_store: Store, feed: FeedServer, client: FeedClient, payloads: Any
) -> None:
    """A timed lap in weekend_runs gives the driver's qualifying time and speed."""
    weekend = payloads("weekend-feed_2023_1_5274.json")
    bowman = weekend["weekend_runs"][0]["results"][0]
    bowman["best_lap_time"], bowman["best_lap_speed"] = 22.5, 120.0
    feed.serve(WEEKEND_2023, weekend)
    event_id = await _richmond_history(empty_store)
    await _import_2023_cup(empty_store, feed, client)
    row = (await _rows(empty_store, event_id, "qualifying"))["Alex Bowman"]
    assert (row.finish_position, row.qualifying_time_s, row.qualifying_speed_mph) == (1, 22.5, 120.0)


async def test_cancelled_qualifying_stores_no_qualifying_session(
    sqlite_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """Richmond 2023's qualifying was rained out (all speeds 0): no qualifying rows are invented."""
    event_id = await _richmond_history(sqlite_store)
    await _import_2023_cup(sqlite_store, feed, client)
    assert await _rows(sqlite_store, event_id, "qualifying") == {}


async def test_race_list_pole_speed_attaches_to_history_pole_sitter(
    empty_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """2019 Daytona 500 (list only): history's start-1 driver gets the pole id 4184 and 194.305 mph."""
    event_id = await add_race(
        empty_store,
        series="cup",
        season=2019,
        round=1,
        track="Daytona International Speedway",
        rows=[Row("William Byron", 1, 21), Row("Alex Bowman", 2, 5)],
    )
    await import_feed(empty_store, season=2019, base_url=feed.base_url, client=client)
    rows = await _rows(empty_store, event_id, "qualifying")
    assert (rows["William Byron"].qualifying_speed_mph, len(rows)) == (194.305, 1)


async def test_slot_at_another_track_is_not_overwritten(
    sqlite_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """If the store's round 7 is elsewhere, the rounds disagree: warn and leave it alone."""
    event_id = await add_race(
        sqlite_store,
        series="cup",
        season=2023,
        round=7,
        track="Martinsville Speedway",
        rows=[Row("Kyle Larson", 1, 1)],
    )
    report = await import_feed(sqlite_store, season=2023, series="cup", base_url=feed.base_url, client=client)
    assert ((await _event(sqlite_store, event_id)).feed_race_id, len(report.warnings)) == (None, 1)


async def test_sample_is_removed_by_a_real_import(store: Store, feed: FeedServer, client: FeedClient) -> None:
    """The bundled sample goes in the same transaction that brings real races."""
    await import_feed(store, season=2026, base_url=feed.base_url, client=client)
    assert await _count(store, Event, Event.is_sample.is_(True)) == 0


async def test_truncated_payload_fails_naming_the_url_and_changes_nothing(
    store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """A cut-off weekend feed aborts the import with its URL; the store is untouched."""
    feed.serve(WEEKEND_2023, feed.files[WEEKEND_2023][:20_000])
    before = await table_contents(store)
    with pytest.raises(FeedInvalid, match=WEEKEND_2023):
        await import_feed(store, season=2023, base_url=feed.base_url, client=client)
    assert await table_contents(store) == before


async def test_malformed_value_fails_naming_url_and_path_and_changes_nothing(
    store: Store, feed: FeedServer, client: FeedClient, payloads: Any
) -> None:
    """A bad value's error names the URL and JSON path, and the store is untouched."""
    weekend = payloads("weekend-feed_2023_1_5274.json")
    weekend["weekend_race"][0]["results"][3]["driver_id"] = "x"
    feed.serve(WEEKEND_2023, weekend)
    before = await table_contents(store)
    message = rf"{WEEKEND_2023}: weekend_race\[0\]\.results\[3\]\.driver_id: expected int, got 'x'"
    with pytest.raises(FeedInvalid, match=message):
        await import_feed(store, season=2023, base_url=feed.base_url, client=client)
    assert await table_contents(store) == before


async def test_unpublished_season_raises_not_published(
    sqlite_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """A season with no race list at all is reported as not published."""
    with pytest.raises(FeedNotPublished):
        await import_feed(sqlite_store, season=2031, base_url=feed.base_url, client=client)


async def test_progress_is_reported_per_weekend(
    sqlite_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """The progress callback hears about every weekend feed, published or not."""
    seen: list[tuple[int, int]] = []
    await import_feed(
        sqlite_store,
        season=2026,
        base_url=feed.base_url,
        client=client,
        progress=lambda d, t, _: seen.append((d, t)),
    )
    assert seen == [(1, 1)]


async def test_series_rows_are_matched_by_feed_series_id(
    sqlite_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """Xfinity feed races (series_id 2) land in the xfinity series."""
    await import_feed(sqlite_store, season=2023, series="xfinity", base_url=feed.base_url, client=client)
    async with sqlite_store.sessions() as session:
        codes = set(
            (await session.scalars(select(Series.code).join(Event, Event.series_id == Series.id))).all()
        )
    assert codes == {"xfinity"}


async def test_missing_track_length_is_filled_from_miles_per_lap(
    sqlite_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """Sonoma 2026 (218.9 miles over 110 laps) gives a new track its 1.99-mile length."""
    report = await import_feed(sqlite_store, season=2026, base_url=feed.base_url, client=client)
    event = await _event(sqlite_store, report.results[0])
    async with sqlite_store.sessions() as session:
        track = await session.get(Track, event.track_id)
    assert track is not None
    assert track.length_miles == 1.99


async def test_import_that_changes_data_bumps_the_data_version(
    empty_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """A running bot sees new feed data through the store's data version; a no-op re-import leaves it."""
    before = await data_version(empty_store.sessions)
    await import_feed(empty_store, season=2026, base_url=feed.base_url, client=client)
    after_import = await data_version(empty_store.sessions)
    await import_feed(empty_store, season=2026, base_url=feed.base_url, client=client)
    assert (after_import, await data_version(empty_store.sessions)) == (before + 1, before + 1)
