"""Small writers for test races, so query tests state their data in a line each."""

from __future__ import annotations

from dataclasses import dataclass

from db.importers import identity
from db.store import Store
from db.store.models import Event, Result, Session
from db.store.state import bump_data_version


@dataclass(frozen=True)
class Row:
    driver: str
    start: int | None
    finish: int | None
    led: int = 0
    car: str = "1"
    speed: float | None = None
    status: str | None = None


async def add_race(
    store: Store,
    *,
    series: str,
    season: int,
    round: int,
    track: str,
    rows: list[Row],
    length: float = 1.5,
) -> int:
    """A race (and, where speeds are given, a qualifying session) written straight to the store."""
    async with store.sessions.begin() as session:
        event = Event(
            series_id=await identity.series_id(session, series),
            season=season,
            round=round,
            name=f"{track} {season} race {round}",
            track_id=await identity.track_id(session, track, length_miles=length),
        )
        race = Session(kind="race", name=event.name)
        event.sessions = [race]
        qualifying = Session(kind="qualifying", name="Qualifying")
        for row in rows:
            driver_id = await identity.driver_id(session, row.driver)
            race.results.append(
                Result(
                    driver_id=driver_id,
                    car_number=row.car,
                    start_position=row.start,
                    finish_position=row.finish,
                    laps_led=row.led,
                    status=row.status,
                )
            )
            if row.speed is not None:
                qualifying.results.append(
                    Result(driver_id=driver_id, finish_position=row.start, qualifying_speed_mph=row.speed)
                )
        if qualifying.results:
            event.sessions.append(qualifying)
        session.add(event)
        await session.flush()
        await bump_data_version(session)  # as every writer does, so a running bot sees the change
        return event.id


async def add_two_busches(store: Store) -> None:
    """Kyle and Kurt Busch with identical records (a win each at Bristol), so neither is more prominent."""
    for round_, (winner, second) in enumerate(
        (("Kyle Busch", "Kurt Busch"), ("Kurt Busch", "Kyle Busch")), 1
    ):
        cars = {"Kyle Busch": "18", "Kurt Busch": "2"}
        rows = [Row(winner, 1, 1, car=cars[winner]), Row(second, 2, 2, car=cars[second])]
        await add_race(
            store, series="cup", season=2010, round=round_, track="Bristol Motor Speedway", rows=rows
        )
