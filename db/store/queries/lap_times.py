"""A race's stored lap times, read back for its race chart: one race's few dozen rows at a time."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.store.models import Driver, LapPositions, LapTimes
from kernel.laps import CarLaps, RaceLaps, unpack


async def races_with_laps(sessions: async_sessionmaker[AsyncSession]) -> frozenset[int]:
    """The event ids with lap times stored: a few hundred at most (the feed's recent seasons)."""
    async with sessions() as session:
        found = await session.scalars(select(LapTimes.event_id).where(LapTimes.laps > 0))
        return frozenset(found)


async def race_laps(sessions: async_sessionmaker[AsyncSession], event_id: int) -> RaceLaps | None:
    """Every car's positions in finishing order, drivers by their store name where linked; None when
    the race has no lap times stored."""
    async with sessions() as session:
        flags = await session.scalar(
            select(LapTimes.flags).where(LapTimes.event_id == event_id, LapTimes.laps > 0)
        )
        if flags is None:
            return None
        rows = await session.execute(
            select(
                LapPositions.car_number,
                func.coalesce(Driver.name, LapPositions.driver_name),
                Driver.feed_driver_id,
                LapPositions.positions,
            )
            .outerjoin(Driver, Driver.id == LapPositions.driver_id)
            .where(LapPositions.event_id == event_id)
            .order_by(LapPositions.place)
        )
        cars = tuple(CarLaps(number, name, feed_id, unpack(data)) for number, name, feed_id, data in rows)
    return RaceLaps(cars, tuple(flags)) if cars else None
