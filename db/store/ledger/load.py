"""Loading the race book: four plain selects and a streamed one, then the indexes and season tallies."""

from __future__ import annotations

import asyncio
from array import array
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.store.ledger.book import (
    NO_LAPS,
    NO_POINTS,
    NO_RATING,
    NONE,
    QualifyingEntry,
    RaceBook,
    TrackFacts,
    newest_first,
)
from db.store.ledger.leaders import track_tops
from db.store.ledger.result_changes import load_result_changes
from db.store.ledger.season_tallies import SeasonTallies
from db.store.ledger.stats import load_race_stats
from db.store.models import Driver, Manufacturer, Result, Session, Team, Track
from db.store.queries.common import event_info_select, to_event_info

PARTITION = 10_000


async def load_race_book(sessions: async_sessionmaker[AsyncSession]) -> RaceBook:
    """Read every event and race row of the store into a `RaceBook`."""
    async with sessions() as session:
        events = {info.id: info for info in map(to_event_info, await session.execute(event_info_select()))}
        tracks = {
            row[0]: TrackFacts(*row[1:])
            for row in await session.execute(
                select(
                    Track.id,
                    Track.name,
                    Track.city,
                    Track.state,
                    Track.length_miles,
                    Track.surface,
                    Track.layout,
                )
            )
        }
        drivers = {row[0]: row[1] for row in await session.execute(select(Driver.id, Driver.name))}
        qualifying: defaultdict[int, list[QualifyingEntry]] = defaultdict(list)
        for row in await session.execute(
            select(
                Session.event_id,
                Session.id,
                Result.finish_position,
                Result.driver_id,
                Result.car_number,
                Team.name,
                Manufacturer.name,
                Result.qualifying_time_s,
                Result.qualifying_speed_mph,
            )
            .join(Result, Result.session_id == Session.id)
            .outerjoin(Team, Result.team_id == Team.id)
            .outerjoin(Manufacturer, Result.manufacturer_id == Manufacturer.id)
            .where(Session.kind == "qualifying")
            .order_by(Session.id.desc())
        ):
            qualifying[row[0]].append(QualifyingEntry(*row[1:]))
        stats = await load_race_stats(session)
        book = RaceBook(events, tracks, drivers, dict(qualifying), stats)
        book.changes = await load_result_changes(session)
        rows = await session.stream(
            select(
                Session.event_id,
                Result.driver_id,
                Result.start_position,
                Result.finish_position,
                Result.laps_led,
                Result.laps_completed,
                Result.points,
                Result.rating,
                Result.status,
                Result.car_number,
                Team.name,
                Manufacturer.name,
            )
            .join(Session, Result.session_id == Session.id)
            .outerjoin(Team, Result.team_id == Team.id)
            .outerjoin(Manufacturer, Result.manufacturer_id == Manufacturer.id)
            .where(Session.kind == "race")
            .order_by(Session.event_id)
            .execution_options(yield_per=PARTITION)
        )
        async for partition in rows.partitions():
            _append(book, partition)
    # About a second of plain Python: in a worker thread, so the bot keeps answering meanwhile.
    return await asyncio.to_thread(_indexed, book)


def _append(book: RaceBook, rows: Sequence[Sequence[Any]]) -> None:
    """Append (event id, driver id, start, finish, laps led, laps, points, rating, status, car, team,
    make) rows."""
    events = book.events
    for event_id, driver_id, start, finish, led, laps, points, rating, status, car, team, make in rows:
        book.event.append(event_id)
        book.season.append(events[event_id].season)
        book.driver.append(driver_id)
        book.start.append(start or NONE)
        book.finish.append(finish or NONE)
        book.led.append(led or 0)
        book.laps.append(NO_LAPS if laps is None else laps)
        book.points.append(NO_POINTS if points is None else points)
        book.rating.append(NO_RATING if rating is None else round(rating * 10))
        book.status.append(status)
        book.car.append(car)
        book.team.append(team)
        book.make.append(make)


def _starts(book: RaceBook, rows: array[int]) -> tuple[array[int], array[int]]:
    """A driver's starts (rows with a finishing position), one per race, in race order: rows come by
    event, so a race listed twice for the driver (the import keeps one; guarded anyway) is two rows in
    a row, and the better finish stays."""
    events, starts = array("i"), array("i")
    event, finish = book.event, book.finish
    for row in rows:
        if finish[row] == NONE:
            continue
        if events and events[-1] == event[row]:
            if finish[row] < finish[starts[-1]]:
                starts[-1] = row
            continue
        events.append(event[row])
        starts.append(row)
    return events, starts


def _indexed(book: RaceBook) -> RaceBook:
    """Index the appended rows by event and driver, and the events by track and season."""
    by_driver: defaultdict[int, array[int]] = defaultdict(lambda: array("i"))
    first = 0
    count = len(book.event)
    for index in range(count):
        by_driver[book.driver[index]].append(index)
        if book.start[index] == 1:
            book.pole_row.setdefault(book.event[index], index)
        if book.finish[index] == 1:
            book.winner_row.setdefault(book.event[index], index)
        if index + 1 == count or book.event[index + 1] != book.event[index]:
            book.by_event[book.event[index]] = range(first, index + 1)
            first = index + 1
    book.by_driver = dict(by_driver)
    book.starts = {driver_id: _starts(book, rows) for driver_id, rows in book.by_driver.items()}
    at_track: defaultdict[tuple[int, str], list[int]] = defaultdict(list)
    by_season: defaultdict[tuple[str, int], list[int]] = defaultdict(list)
    for event in sorted(book.events.values(), key=newest_first):
        at_track[(event.track_id, event.series_code)].append(event.id)
    for event in sorted(book.events.values(), key=lambda e: e.round):
        by_season[(event.series_code, event.season)].append(event.id)
    book.at_track = dict(at_track)
    book.by_season = dict(by_season)
    book.seasons = SeasonTallies.from_book(book)
    book.track_tops = track_tops(book)
    return book
