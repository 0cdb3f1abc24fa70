"""One race weekend: which event a question means, its starting lineup and its finishing order."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import InstrumentedAttribute

from db.store.models import Driver, Event, Manufacturer, Result, Series, Session, Team
from db.store.queries.common import event_info_select, to_event_info
from kernel.reports import EventInfo, GridSlot, ResultLine


async def events_at(
    sessions: async_sessionmaker[AsyncSession],
    *,
    track_id: int,
    series: str | None,
    season: int | None,
    now: datetime,
) -> list[EventInfo]:
    """The races at a track that have been run or are under way, newest first (narrowed by series and season)."""
    query = (
        event_info_select()
        .where(
            Event.track_id == track_id,
            or_(
                Event.start_time_utc.is_(None), Event.start_time_utc <= now, Event.results_official.is_(True)
            ),
        )
        .order_by(
            Event.season.desc(), Event.start_time_utc.desc().nulls_last(), Series.id, Event.round.desc()
        )
    )
    if series is not None:
        query = query.where(Series.code == series)
    if season is not None:
        query = query.where(Event.season == season)
    async with sessions() as session:
        return [to_event_info(row) for row in await session.execute(query)]


async def event_info(sessions: async_sessionmaker[AsyncSession], event_id: int) -> EventInfo:
    async with sessions() as session:
        row = (await session.execute(event_info_select().where(Event.id == event_id))).first()
    if row is None:
        raise LookupError(f"no event with id {event_id}")
    return to_event_info(row)


async def starting_grid(
    sessions: async_sessionmaker[AsyncSession], event_id: int
) -> tuple[tuple[GridSlot, ...], bool]:
    """The race's lineup by grid slot, or (when no lineup is out) the qualifying order; and which it was."""
    async with sessions() as session:
        lineup = await _slots(session, event_id, "race", Result.start_position)
        if lineup:
            return lineup, False
        return await _slots(session, event_id, "qualifying", Result.finish_position), True


async def _slots(
    session: AsyncSession, event_id: int, kind: str, position: InstrumentedAttribute[int | None]
) -> tuple[GridSlot, ...]:
    best = (
        select(
            Result.driver_id,
            Result.qualifying_time_s.label("t"),
            Result.qualifying_speed_mph.label("v"),
        )
        .join(Session)
        .where(Session.event_id == event_id, Session.kind == "qualifying")
        .subquery()
    )
    rows = await session.execute(
        select(
            position,
            Driver.id,
            Driver.name,
            Result.car_number,
            Team.name,
            Manufacturer.name,
            best.c.t,
            best.c.v,
        )
        .join(Session, Result.session_id == Session.id)
        .join(Driver, Result.driver_id == Driver.id)
        .outerjoin(Team, Result.team_id == Team.id)
        .outerjoin(Manufacturer, Result.manufacturer_id == Manufacturer.id)
        .outerjoin(best, best.c.driver_id == Result.driver_id)
        .where(Session.event_id == event_id, Session.kind == kind, position.is_not(None))
        .order_by(position, Session.id.desc())
    )
    slots: dict[int, GridSlot] = {}
    for pos, driver_id, name, car, team, make, q_time, q_speed in rows:
        slots.setdefault(
            pos, GridSlot(pos, driver_id, name, car, team, make, q_time or None, q_speed or None)
        )
    return tuple(slots[p] for p in sorted(slots))


async def finishing_order(
    sessions: async_sessionmaker[AsyncSession], event_id: int
) -> tuple[ResultLine, ...]:
    async with sessions() as session:
        rows = await session.execute(
            select(
                Result.finish_position,
                Result.start_position,
                Result.car_number,
                Driver.name,
                Team.name,
                Result.laps_completed,
                Result.laps_led,
                Result.status,
            )
            .join(Session, Result.session_id == Session.id)
            .join(Driver, Result.driver_id == Driver.id)
            .outerjoin(Team, Result.team_id == Team.id)
            .where(Session.event_id == event_id, Session.kind == "race", Result.finish_position.is_not(None))
            .order_by(Result.finish_position)
        )
        return tuple(
            ResultLine(int(finish or 0), start, car, driver, team, laps, led, status)
            for finish, start, car, driver, team, laps, led, status in rows
        )
