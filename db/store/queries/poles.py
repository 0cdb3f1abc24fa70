"""Who starts first: the pole sitter of a race, the car beside them and their pole tally."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Exists, ScalarSelect

from db.store.models import Driver, Event, Manufacturer, Result, Series, Session, Team
from db.store.queries.common import event_info_select, to_event_info
from kernel.reports import EventInfo, GridSlot, NoGrid, PoleReport


def _has_grid(kind: str, column: InstrumentedAttribute[int | None]) -> Exists:
    return exists().where(
        Session.event_id == Event.id,
        Session.kind == kind,
        Result.session_id == Session.id,
        column == 1,
    )


async def latest_pole(
    sessions: async_sessionmaker[AsyncSession],
    *,
    track_id: int,
    series: str | None = None,
    season: int | None = None,
    now: datetime,
) -> PoleReport | NoGrid | None:
    """The pole of the newest race at the track (narrowed by series and season) that has been run or has
    a grid; NoGrid when that race has no recorded grid (never an older race in its place); None if none."""
    async with sessions() as session:
        has_grid = or_(
            _has_grid("race", Result.start_position), _has_grid("qualifying", Result.finish_position)
        )
        query = (
            event_info_select(has_grid)
            .where(
                Event.track_id == track_id,
                or_(has_grid, Event.start_time_utc.is_(None), Event.start_time_utc <= now),
            )
            .order_by(
                Event.season.desc(), Event.start_time_utc.desc().nulls_last(), Series.id, Event.round.desc()
            )
            .limit(1)
        )
        if series is not None:
            query = query.where(Series.code == series)
        if season is not None:
            query = query.where(Event.season == season)
        row = (await session.execute(query)).first()
        if row is None:
            return None
        event = to_event_info(row)
        if not row[-1]:
            return NoGrid(event)
        front_row = await _front_row(session, event)
        pole, career_poles, unknown_grid = front_row[0]
        outside = front_row[1][0] if len(front_row) > 1 else None
        return PoleReport(
            event=event,
            pole=pole,
            outside=outside,
            margin_s=_margin(pole, outside, event.track_length_miles),
            career_poles=career_poles,
            unknown_grid_starts=unknown_grid,
        )


async def _front_row(session: AsyncSession, event: EventInfo) -> list[tuple[GridSlot, int, int]]:
    """Grid slots 1 and 2 from the race lineup (or from qualifying when no lineup is out yet), each
    with the driver's poles and grid-less starts through this event, in one query: every round trip
    counts when cold."""
    event_id = event.id
    poles = _starts_through(event, _PAST_RESULT.c.start_position == 1)
    unknown = _starts_through(
        event, _PAST_RESULT.c.start_position.is_(None) & _PAST_RESULT.c.finish_position.is_not(None)
    )
    best_time = (
        select(
            Result.driver_id,
            func.min(Result.qualifying_time_s).label("t"),
            func.max(Result.qualifying_speed_mph).label("v"),
        )
        .join(Session)
        .where(Session.event_id == event_id, Session.kind == "qualifying")
        .group_by(Result.driver_id)
        .subquery()
    )
    for kind, position in (("race", Result.start_position), ("qualifying", Result.finish_position)):
        rows = (
            await session.execute(
                select(
                    position,
                    Driver.id,
                    Driver.name,
                    Result.car_number,
                    Team.name,
                    Manufacturer.name,
                    best_time.c.t,
                    best_time.c.v,
                    poles,
                    unknown,
                )
                .join(Session, Result.session_id == Session.id)
                .join(Driver, Result.driver_id == Driver.id)
                .outerjoin(Team, Result.team_id == Team.id)
                .outerjoin(Manufacturer, Result.manufacturer_id == Manufacturer.id)
                .outerjoin(best_time, best_time.c.driver_id == Result.driver_id)
                .where(Session.event_id == event_id, Session.kind == kind, position.in_((1, 2)))
                .order_by(position, Session.id.desc())
            )
        ).all()
        slots: dict[int, tuple[GridSlot, int, int]] = {}
        for pos, driver_id, name, car, team, make, q_time, q_speed, tally, gridless in rows:
            slot = GridSlot(pos, driver_id, name, car, team, make, q_time or None, q_speed or None)
            slots.setdefault(pos, (slot, tally or 0, gridless or 0))
        if 1 in slots:
            return [slots[p] for p in sorted(slots)]
    raise LookupError(f"event {event_id} has no pole sitter")


def _lap_time(slot: GridSlot, length_miles: float | None) -> float | None:
    if slot.qualifying_time_s:
        return slot.qualifying_time_s
    if slot.qualifying_speed_mph and length_miles:
        return length_miles / slot.qualifying_speed_mph * 3600
    return None


def _margin(pole: GridSlot, outside: GridSlot | None, length_miles: float | None) -> float | None:
    """Seconds between the front-row cars, from lap times or, failing those, from speeds."""
    if outside is None:
        return None
    pole_time, outside_time = _lap_time(pole, length_miles), _lap_time(outside, length_miles)
    if pole_time is None or outside_time is None:
        return None
    return round(outside_time - pole_time, 3)


# Plain table aliases (built once): ORM `aliased()` adapts every column per call, which cost
# more than the query itself.
_PAST_RESULT = Result.__table__.alias("past_result")
_PAST_SESSION = Session.__table__.alias("past_session")
_PAST_EVENT = Event.__table__.alias("past_event")


def _starts_through(event: EventInfo, condition: ColumnElement[bool]) -> ScalarSelect[int]:
    """The outer row's driver's race starts meeting `condition` in the event's series, through this event."""
    result, session, past = _PAST_RESULT.c, _PAST_SESSION.c, _PAST_EVENT.c
    return (
        select(func.count())
        .select_from(
            _PAST_RESULT.join(_PAST_SESSION, session.id == result.session_id)
            .join(_PAST_EVENT, past.id == session.event_id)
            .join(Series, Series.id == past.series_id)
        )
        .where(
            result.driver_id == Result.driver_id,
            session.kind == "race",
            condition,
            Series.code == event.series_code,
            or_(past.season < event.season, and_(past.season == event.season, past.round <= event.round)),
        )
        .scalar_subquery()
    )
