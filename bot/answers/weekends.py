"""The coming race weekends: what /next answers, from the schedule the feed stored."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.store.ledger import RaceBook
from db.store.ledger.tallies import races_at
from db.store.queries.upcoming import next_event, timed_sessions
from kernel.reports import Freshness, WeekendReport


async def coming_weekends(
    sessions: async_sessionmaker[AsyncSession],
    book: RaceBook,
    series: Iterable[str],
    *,
    now: datetime,
    freshness: Freshness,
) -> tuple[WeekendReport, ...]:
    """Each series' next race weekend (its sessions, broadcasts, distance, entry count and defending
    winner there), for the series that have one ahead."""
    weekends = []
    for code in series:
        found = await next_event(sessions, series=code, now=now)
        if found is None:
            continue
        event, radio, distance = found
        timed, entries = await timed_sessions(sessions, event.id)
        last = races_at(book, event.track_id, code, limit=1)
        defending = last[0].winner if last else None
        weekends.append(WeekendReport(event, timed, radio, distance, entries, defending, freshness))
    return tuple(weekends)
