"""Posts leave evenly spaced, under Discord's global limit, instead of in a burst that 429s stall.

Discord allows a bot 50 requests a second in all. Left to discord.py, a large fan-out runs into that
limit, every request waits out the global 429 together, and the posts arrive in lurches; spaced at a
steady rate they arrive on a timetable the scheduler can plan a burst by.
"""

from __future__ import annotations

import asyncio


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
