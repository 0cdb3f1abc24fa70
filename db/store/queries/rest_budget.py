"""Discord's request budget for the whole bot, shared by every process on a PostgreSQL store.

Discord allows a bot 50 requests a second across all its processes. One row holds the first free
slot; a process takes the next few slots at once (an upsert that moves the row on), so the processes
together never go faster than the budget, whatever their number, and a reshard's two generations share
it too. Time is the database's clock, so processes on machines whose clocks differ still agree.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

_TAKE = text(
    "INSERT INTO rest_budget (id, next_at) VALUES (1, clock_timestamp() + make_interval(secs => :span)) "
    "ON CONFLICT (id) DO UPDATE "
    "SET next_at = GREATEST(rest_budget.next_at, clock_timestamp()) + make_interval(secs => :span) "
    "RETURNING EXTRACT(EPOCH FROM next_at - clock_timestamp())"
)


async def take_slots(sessions: async_sessionmaker[AsyncSession], count: int, interval_s: float) -> float:
    """Take the next `count` slots, `interval_s` apart: the seconds from now to the first of them (0 or
    more). PostgreSQL only; SQLite's single process paces itself."""
    span = count * interval_s
    async with sessions.begin() as session:
        until_end = await session.scalar(_TAKE, {"span": span})
    return max(float(until_end or 0.0) - span, 0.0)
