"""The race book: every race's results held in memory, so cold answers run no aggregate query.

Loaded once per data version (four plain selects, about half a second on the full history), it keeps
each race row as six small integers and four shared strings in flat arrays, indexed by event, by driver and by track, and
the events themselves as `EventInfo`. Career tallies, a track's leaders, its last winners and a
season's schedule are then loops over a few hundred or thousand rows instead of round trips.
"""

from __future__ import annotations

import sys
from array import array
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.store.ledger.stats import load_race_stats
from db.store.models import Driver, Manufacturer, Result, Session, Team, Track
from db.store.queries.common import event_info_select, to_event_info
from kernel.reports import EventInfo, RaceStats
from kernel.series import series_order

PARTITION = 10_000
NONE = 0  # an unknown start or finish position (positions are positive)
# How far ahead a coming race is "this weekend's": questions about its track mean it, not the last one.
RACE_WEEKEND = timedelta(days=4)
NO_LAPS = -1  # laps completed not recorded (0 is a real count)


@dataclass(frozen=True, slots=True)
class TrackFacts:
    name: str
    city: str | None
    state: str | None
    length_miles: float | None
    surface: str | None
    layout: str | None


def newest_first(event: EventInfo) -> tuple[int, bool, float, int, int]:
    """Newest season first; within it the latest green flag, then Cup before Xfinity before Truck."""
    start = event.start_time_utc
    return (
        -event.season,
        start is None,
        -start.timestamp() if start else 0.0,
        series_order(event.series_code),
        -event.round,
    )


@dataclass(frozen=True, slots=True)
class QualifyingEntry:
    """One car in one qualifying session."""

    session_id: int
    position: int | None
    driver_id: int
    car_number: str | None
    team: str | None
    make: str | None
    time_s: float | None
    speed_mph: float | None


@dataclass(slots=True)
class RaceBook:
    """Race-session rows in flat arrays; row i is one driver in one race (`event[i]`, `driver[i]`, …)."""

    events: dict[int, EventInfo]
    tracks: dict[int, TrackFacts]
    drivers: dict[int, str]
    # Each event's qualifying results (feed races only), latest session first.
    qualifying: dict[int, list[QualifyingEntry]]
    # How each race was won and run, where the feed said.
    stats: dict[int, RaceStats]
    event: array[int] = field(default_factory=lambda: array("i"))
    driver: array[int] = field(default_factory=lambda: array("i"))
    start: array[int] = field(default_factory=lambda: array("h"))
    finish: array[int] = field(default_factory=lambda: array("h"))
    led: array[int] = field(default_factory=lambda: array("h"))
    laps: array[int] = field(default_factory=lambda: array("h"))
    status: list[str | None] = field(default_factory=list)
    car: list[str | None] = field(default_factory=list)
    team: list[str | None] = field(default_factory=list)
    make: list[str | None] = field(default_factory=list)
    by_event: dict[int, range] = field(default_factory=dict)
    by_driver: dict[int, array[int]] = field(default_factory=dict)
    # (track id, series code) -> event ids, newest first.
    at_track: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    # (series code, season) -> event ids in round order.
    by_season: dict[tuple[str, int], list[int]] = field(default_factory=dict)

    def rows(self, event_id: int) -> range:
        return self.by_event.get(event_id, range(0))

    def position_holder(self, event_id: int, *, start: int = NONE, finish: int = NONE) -> int | None:
        """The driver id that started (or finished) in the given place in a race, if recorded."""
        for row in self.rows(event_id):
            if (start and self.start[row] == start) or (finish and self.finish[row] == finish):
                return self.driver[row]
        return None

    def has_grid(self, event_id: int) -> bool:
        """A lineup, or (before it is out) a qualifying result with a first place."""
        if any(entry.position == 1 for entry in self.qualifying.get(event_id, ())):
            return True
        return self.position_holder(event_id, start=1) is not None

    def events_at(
        self, track_id: int, *, series: str | None = None, season: int | None = None
    ) -> list[EventInfo]:
        """The track's events newest first, narrowed by series and season."""
        found = [
            self.events[event_id]
            for (track, code), ids in self.at_track.items()
            if track == track_id and (series is None or code == series)
            for event_id in ids
        ]
        if season is not None:
            found = [event for event in found if event.season == season]
        return sorted(found, key=newest_first)


def asked_at(
    book: RaceBook, track_id: int, *, series: str | None, season: int | None, now: datetime
) -> list[EventInfo]:
    """The races a question about a track means, best first: the coming race weekend's race if one is
    near (even before its grid is set), then the races run or with a grid, newest first."""
    at_track = book.events_at(track_id, series=series, season=season)
    coming = [event for event in at_track if _this_weekend(event, now)][-1:]
    return coming + [
        event
        for event in at_track
        if event not in coming and (has_run(event, now) or book.has_grid(event.id))
    ]


def _this_weekend(event: EventInfo, now: datetime) -> bool:
    start = event.start_time_utc
    return start is not None and now < start <= now + RACE_WEEKEND and not event.results_official


def has_run(event: EventInfo, now: datetime) -> bool:
    """Run or under way: no green flag known (history), a green flag passed, or official results."""
    return event.start_time_utc is None or event.start_time_utc <= now or event.results_official


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
        rows = await session.stream(
            select(
                Session.event_id,
                Result.driver_id,
                Result.start_position,
                Result.finish_position,
                Result.laps_led,
                Result.laps_completed,
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
    return _indexed(book)


def _append(book: RaceBook, rows: Sequence[Sequence[Any]]) -> None:
    """Append (event id, driver id, start, finish, laps led, laps, status, car, team, make) rows."""
    for event_id, driver_id, start, finish, led, laps, status, car, team, make in rows:
        book.event.append(event_id)
        book.driver.append(driver_id)
        book.start.append(start or NONE)
        book.finish.append(finish or NONE)
        book.led.append(led or 0)
        book.laps.append(NO_LAPS if laps is None else laps)
        book.status.append(_interned(status))
        book.car.append(_interned(car))
        book.team.append(_interned(team))
        book.make.append(_interned(make))


def _interned(text: str | None) -> str | None:
    """One string object per distinct car number, team, make or status, not one per row."""
    return None if text is None else sys.intern(text)


def _indexed(book: RaceBook) -> RaceBook:
    """Index the appended rows by event and driver, and the events by track and season."""
    by_driver: defaultdict[int, array[int]] = defaultdict(lambda: array("i"))
    first = 0
    count = len(book.event)
    for index in range(count):
        by_driver[book.driver[index]].append(index)
        if index + 1 == count or book.event[index + 1] != book.event[index]:
            book.by_event[book.event[index]] = range(first, index + 1)
            first = index + 1
    book.by_driver = dict(by_driver)
    at_track: defaultdict[tuple[int, str], list[int]] = defaultdict(list)
    by_season: defaultdict[tuple[str, int], list[int]] = defaultdict(list)
    for event in sorted(book.events.values(), key=newest_first):
        at_track[(event.track_id, event.series_code)].append(event.id)
    for event in sorted(book.events.values(), key=lambda e: e.round):
        by_season[(event.series_code, event.season)].append(event.id)
    book.at_track = dict(at_track)
    book.by_season = dict(by_season)
    return book
