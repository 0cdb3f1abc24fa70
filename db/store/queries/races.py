"""One race weekend: which event a question means, its starting lineup, its finishing order and figures."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import InstrumentedAttribute

from db.store.models import Driver, Event, Manufacturer, Result, Session, StageWinner, Team
from kernel.reports import GridSlot, RaceStats, ResultLine


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


async def race_stats(sessions: async_sessionmaker[AsyncSession], event_id: int) -> RaceStats | None:
    """The race's margin, cautions, lead changes and stage winners; None when the feed gave none."""
    async with sessions() as session:
        row = (
            await session.execute(
                select(
                    Event.margin_of_victory_s,
                    Event.finished_under_caution,
                    Event.cautions,
                    Event.caution_laps,
                    Event.lead_changes,
                    Event.leaders,
                ).where(Event.id == event_id)
            )
        ).first()
        winners = tuple(
            await session.scalars(
                select(Driver.name)
                .join(StageWinner, StageWinner.driver_id == Driver.id)
                .where(StageWinner.event_id == event_id)
                .order_by(StageWinner.stage)
            )
        )
    if row is None:
        return None
    margin, under_caution, cautions, caution_laps, lead_changes, leaders = row
    if all(value is None for value in row) and not winners:
        return None
    return RaceStats(
        margin_s=margin,
        cautions=cautions,
        caution_laps=caution_laps,
        lead_changes=lead_changes,
        leaders=leaders,
        stage_winners=winners,
        under_caution=bool(under_caution),
    )
