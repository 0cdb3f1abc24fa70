"""NASCAR's lap times into the store: each finished race's running positions by lap, for its race chart.

A race's lap times are asked for once: only when its results are official and the store has none.
`racebot import feed` asks for every such race of the season; a live-sync round for those near now,
within what is left of the round's requests, and it remembers a race it found without lap times (a
row with no laps) so it asks again only after RETRY_EMPTY, not every round. A race the feed has no
lap times for (403, an empty body, no cars) is normal. A payload of the wrong shape, or the feed
failing, is a warning and never fails the import or the round: the results are what matter.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.importers.feed.client import FeedClient, FeedError, FeedInvalid, FeedNotPublished, lap_times_url
from db.store import Store
from db.store.locking import lock_for_writing
from db.store.models import Driver, Event, LapPositions, LapTimes, Series
from db.store.state import bump_data_version
from kernel.laps import LapTimesError, RaceLaps, pack, parse_lap_times
from kernel.series import series_spec

log = logging.getLogger(__name__)

# A race found without lap times is asked again this long after (the live sync only).
RETRY_EMPTY = timedelta(hours=1)
FETCH_CONCURRENCY = 4
CAR_LIMIT, NAME_LIMIT = 8, 120  # LapPositions' columns


@dataclass(frozen=True, slots=True)
class WantedRace:
    """A finished race without lap times in the store: its event and its place in the feed."""

    event_id: int
    season: int
    series_id: int
    race_id: int


@dataclass(frozen=True, slots=True)
class LapTimesReport:
    """`stored`: the events whose lap times were stored; `empty`: races the feed has none for (yet)."""

    stored: tuple[int, ...] = ()
    empty: int = 0
    warnings: tuple[str, ...] = ()


async def import_lap_times(
    store: Store, *, season: int, series: str | None, base_url: str, client: FeedClient, at: datetime
) -> LapTimesReport:
    """`racebot import feed`: the lap times of the season's official races that have none stored."""
    series_ids = None if series is None else (series_spec(series).feed_series_id,)
    async with store.sessions() as session:
        wanted = await wanted_races(session, season=season, series_ids=series_ids)
    return await _fetch_and_store(store, client, base_url, wanted, at=at, mark_empty=False)


async def sync_lap_times(
    store: Store, feed: FeedClient, base_url: str, *, race_ids: Collection[int], at: datetime
) -> LapTimesReport:
    """A live-sync round's step: the lap times of the official races among `race_ids` (those near now)
    that have none, unless found empty within RETRY_EMPTY; never more than the round has requests left."""
    if not race_ids:
        return LapTimesReport()
    async with store.sessions() as session:
        wanted = await wanted_races(session, race_ids=race_ids, asked_since=at - RETRY_EMPTY)
    report = await _fetch_and_store(store, feed, base_url, wanted, at=at, mark_empty=True)
    for warning in report.warnings:
        log.warning("live sync: %s", warning)
    if report.stored:
        log.info("live sync: lap times stored for %d race(s)", len(report.stored))
    return report


async def wanted_races(
    session: AsyncSession,
    *,
    season: int | None = None,
    series_ids: Collection[int] | None = None,
    race_ids: Collection[int] | None = None,
    asked_since: datetime | None = None,
) -> list[WantedRace]:
    """Official feed races without stored lap times (nor, with `asked_since`, found empty since then)."""
    stored = LapTimes.event_id == Event.id
    held = (
        LapTimes.laps > 0
        if asked_since is None
        else or_(LapTimes.laps > 0, LapTimes.fetched_at > asked_since)
    )
    query = (
        select(Event.id, Event.season, Series.feed_series_id, Event.feed_race_id)
        .join(Series, Series.id == Event.series_id)
        .where(
            Event.results_official.is_(True),
            Event.feed_race_id.is_not(None),
            Series.feed_series_id.is_not(None),
            ~exists().where(and_(stored, held)),
        )
        .order_by(Event.start_time_utc.desc(), Event.id)
    )
    if season is not None:
        query = query.where(Event.season == season)
    if series_ids is not None:
        query = query.where(Series.feed_series_id.in_(series_ids))
    if race_ids is not None:
        query = query.where(Event.feed_race_id.in_(race_ids))
    return [
        WantedRace(event_id, season, series_id, race_id)
        for event_id, season, series_id, race_id in await session.execute(query)
        if series_id is not None and race_id is not None
    ]


async def _fetch_and_store(
    store: Store,
    feed: FeedClient,
    base_url: str,
    wanted: list[WantedRace],
    *,
    at: datetime,
    mark_empty: bool,
) -> LapTimesReport:
    found, warnings = await _fetch(feed, base_url, wanted)
    stored = await store_lap_times(store, found, at=at, mark_empty=mark_empty)
    empty = sum(1 for laps in found.values() if laps is None or not laps.cars)
    return LapTimesReport(stored, empty, tuple(warnings))


async def _fetch(
    feed: FeedClient, base_url: str, wanted: list[WantedRace]
) -> tuple[dict[int, RaceLaps | None], list[str]]:
    """Event id -> its lap times, a few at a time: None where the feed has none or sent a payload of the
    wrong shape (warned). Races the feed failed on (down past its retries) or that the requests left
    did not reach are left out: asked again next time."""
    gate = asyncio.Semaphore(FETCH_CONCURRENCY)
    found: dict[int, RaceLaps | None] = {}
    warnings: list[str] = []

    async def fetch(race: WantedRace) -> None:
        url = lap_times_url(base_url, race.season, race.series_id, race.race_id)
        async with gate:
            if feed.requests_left == 0:
                return
            try:
                payload = await feed.get_json(url, empty_ok=True)
                # ~15 ms for a 500-lap race: in a thread, so the bot's loop keeps its turns meanwhile.
                found[race.event_id] = (
                    None if payload is None else await asyncio.to_thread(parse_lap_times, payload)
                )
            except FeedNotPublished:
                found[race.event_id] = None
            except LapTimesError as error:
                warnings.append(f"lap times not stored: {FeedInvalid(url, str(error))}")
                found[race.event_id] = None
            except FeedError as error:
                if feed.requests_left != 0:
                    warnings.append(f"lap times not stored: {error}")

    async with asyncio.TaskGroup() as group:
        for race in wanted:
            group.create_task(fetch(race))
    return found, warnings


async def store_lap_times(
    store: Store, found: Mapping[int, RaceLaps | None], *, at: datetime, mark_empty: bool = False
) -> tuple[int, ...]:
    """Store the lap times by event id in one transaction, each replacing what the race had; the events
    stored. With `mark_empty`, a race without lap times is remembered as asked for at `at`."""
    if not found:
        return ()
    async with store.sessions.begin() as session:
        await lock_for_writing(session)
        events = set(await session.scalars(select(Event.id).where(Event.id.in_(found))))
        drivers = await _drivers(session, found.values())
        stored = []
        for event_id, laps in found.items():
            if event_id not in events:
                continue  # removed since it was asked for
            if laps is not None and laps.cars:
                await _replace(session, event_id, laps, drivers, at)
                stored.append(event_id)
            elif mark_empty:
                await _mark_empty(session, event_id, at)
        if stored:
            await bump_data_version(session)
    return tuple(stored)


async def _drivers(session: AsyncSession, found: Collection[RaceLaps | None]) -> dict[int, int]:
    """Feed driver id -> store driver id, for the drivers the store already knows."""
    feed_ids = {car.feed_driver_id for laps in found if laps for car in laps.cars if car.feed_driver_id}
    if not feed_ids:
        return {}
    rows = await session.execute(
        select(Driver.feed_driver_id, Driver.id).where(Driver.feed_driver_id.in_(feed_ids))
    )
    return {feed_id: driver_id for feed_id, driver_id in rows if feed_id is not None}


async def _replace(
    session: AsyncSession, event_id: int, laps: RaceLaps, drivers: Mapping[int, int], at: datetime
) -> None:
    await session.execute(delete(LapPositions).where(LapPositions.event_id == event_id))
    await session.execute(delete(LapTimes).where(LapTimes.event_id == event_id))
    session.add(LapTimes(event_id=event_id, laps=laps.laps, flags=pack(laps.flags), fetched_at=at))
    await session.flush()
    session.add_all(
        LapPositions(
            event_id=event_id,
            place=place,
            driver_id=drivers.get(car.feed_driver_id) if car.feed_driver_id else None,
            car_number=car.car_number[:CAR_LIMIT],
            driver_name=car.driver[:NAME_LIMIT],
            positions=pack(car.positions),
        )
        for place, car in enumerate(laps.cars, start=1)
    )
    await session.flush()


async def _mark_empty(session: AsyncSession, event_id: int, at: datetime) -> None:
    row = await session.get(LapTimes, event_id)
    if row is None:
        session.add(LapTimes(event_id=event_id, laps=0, flags=b"", fetched_at=at))
    elif row.laps == 0:
        row.fetched_at = at
    await session.flush()
