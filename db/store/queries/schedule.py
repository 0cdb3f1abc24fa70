"""What is coming up next, for defaults such as the next race's track in autocomplete."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.store.models import Event, Track


async def upcoming_track_names(
    sessions: async_sessionmaker[AsyncSession], *, now: datetime, limit: int = 3
) -> list[str]:
    """Tracks of the next scheduled races (any series), soonest first, without repeats."""
    async with sessions() as session:
        rows = await session.execute(
            select(Track.name)
            .join(Event, Event.track_id == Track.id)
            .where(Event.start_time_utc >= now)
            .order_by(Event.start_time_utc)
            .limit(limit * 3)
        )
        names = list(dict.fromkeys(name for (name,) in rows))
    return names[:limit]
