"""Posts leave evenly spaced, under Discord's global limit, instead of in a burst that 429s stall.

Discord allows a bot 50 requests a second in all. Left to discord.py, a large fan-out runs into that
limit, every request waits out the global 429 together, and the posts arrive in lurches; spaced at a
steady rate they arrive on a timetable the scheduler can plan a burst by.

One process paces itself (`Pace`); processes sharing a PostgreSQL store draw their slots from one
budget in the store (`SharedPace`), so together they keep under the limit however many they are, a
reshard's two generations included.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.store.queries.rest_budget import take_slots


class Pacer(Protocol):
    """What the announcer asks of a pace: a slot per request, and the rate it can plan bursts by."""

    @property
    def per_second(self) -> float: ...

    async def slot(self) -> None: ...


class Pace:
    """Hands out send slots `1 / per_second` apart, first come first served (one per Discord request).

    A slot taken late (a busy event loop wakes its waiter late) is made up by the next ones, but no
    more than `CATCH_UP` slots at once: a stalled loop cannot let a burst out when it resumes."""

    CATCH_UP = 4

    def __init__(self, per_second: float) -> None:
        if per_second <= 0:
            raise ValueError(f"per_second must be positive, not {per_second}")
        self.per_second = per_second
        self._interval = 1.0 / per_second
        self._next = 0.0
        self._turn = asyncio.Lock()

    async def slot(self) -> None:
        """Wait for this request's turn."""
        async with self._turn:
            now = asyncio.get_running_loop().time()
            at = max(self._next, now - self.CATCH_UP * self._interval)
            self._next = at + self._interval
            if at > now:
                await asyncio.sleep(at - now)


class SharedPace:
    """Slots from the budget every process on a PostgreSQL store draws from, `1 / total_per_second`
    apart across all of them; taken a few at a time (as many as are waiting, up to `BATCH`) so the store
    sees a handful of requests a second, not one per post.

    `per_second` is this process's `share` of the budget (its part of the shards): what it can count on
    when planning a burst, as the other processes post for their servers at the same moments."""

    BATCH = 8

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], total_per_second: float, *, share: float
    ) -> None:
        if total_per_second <= 0 or not 0 < share <= 1:
            raise ValueError(f"need a positive budget and a share in (0, 1], not {total_per_second}, {share}")
        self.per_second = total_per_second * share
        self._sessions = sessions
        self._interval = 1.0 / total_per_second
        self._slots: deque[float] = deque()  # event-loop times of the slots taken and not yet used
        self._waiting = 0
        self._turn = asyncio.Lock()

    async def slot(self) -> None:
        """Wait for this request's turn in the shared budget."""
        loop = asyncio.get_running_loop()
        self._waiting += 1
        try:
            async with self._turn:
                # A slot whose moment passed unused is dropped: sending in it now would crowd a later
                # slot, another process's.
                while self._slots and self._slots[0] < loop.time() - self._interval:
                    self._slots.popleft()
                if not self._slots:
                    count = min(self.BATCH, self._waiting)
                    first = loop.time() + await take_slots(self._sessions, count, self._interval)
                    self._slots.extend(first + n * self._interval for n in range(count))
                at = self._slots.popleft()
                if at > loop.time():
                    await asyncio.sleep(at - loop.time())
        finally:
            self._waiting -= 1
