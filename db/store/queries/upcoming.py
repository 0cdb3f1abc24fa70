"""What is coming up: the next race weekend of a series (event, timed sessions, broadcast, distance, entry
count), and the tracks of the next races, which autocomplete offers first."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.store.models import Event, Result, Series, Session, Track
from db.store.queries.common import EVENT_COLUMNS, event_info_select, to_event_info
from kernel.reports import EventInfo


async def next_event(
    sessions: async_sessionmaker[AsyncSession], *, series: str, now: datetime
) -> tuple[EventInfo, str | None, float | None] | None:
    """The series' next race by green flag, with its radio network and scheduled distance; None if none known."""
    query = (
        event_info_select(Event.radio_network, Event.scheduled_distance_miles)
        .where(Series.code == series, Event.start_time_utc >= now)
        .order_by(Event.start_time_utc)
        .limit(1)
    )
    async with sessions() as session:
        row = (await session.execute(query)).first()
    if row is None:
        return None
    radio, distance = row[len(EVENT_COLUMNS) :]
    return to_event_info(row), radio, distance


async def timed_sessions(
    sessions: async_sessionmaker[AsyncSession], event_id: int
) -> tuple[tuple[tuple[str, datetime], ...], int]:
    """(session name, start) for each session with a start time, in order; and the entry count so far."""
    async with sessions() as session:
        rows = await session.execute(
            select(Session.name, Session.kind, Session.start_time_utc)
            .where(Session.event_id == event_id, Session.start_time_utc.is_not(None))
            .order_by(Session.start_time_utc)
        )
        timed = tuple(
            ("Race" if kind == "race" else name, start if start.tzinfo else start.replace(tzinfo=UTC))
            for name, kind, start in rows
            if start is not None
        )
        entries = await session.scalar(
            select(func.count(func.distinct(Result.driver_id)))
            .join(Session)
            .where(Session.event_id == event_id)
        )
    return timed, int(entries or 0)


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
