"""The pace: slots evenly spaced in the order asked for, and no burst after a stalled event loop."""

from __future__ import annotations

import asyncio
import time

from bot.announce.pacing import Pace


async def _times(pace: Pace, count: int) -> list[float]:
    """When each of `count` waiters, asking in order, got its slot (event-loop time)."""
    loop = asyncio.get_running_loop()
    got: list[tuple[int, float]] = []

    async def waiter(n: int) -> None:
        await pace.slot()
        got.append((n, loop.time()))

    await asyncio.gather(*(waiter(n) for n in range(count)))
    assert [n for n, _ in got] == list(range(count))
    return [at for _, at in got]


async def test_slots_are_spaced_at_the_rate() -> None:
    """25 slots at 100 a second, asked for at once: past the first few (a fresh pace may catch up as after
    a stall), one each hundredth of a second."""
    times = await _times(Pace(100), 25)
    assert times[-1] - times[0] >= (25 - Pace.CATCH_UP - 1) * 0.01 - 0.002


async def test_a_stalled_loop_lets_out_only_a_few_slots_at_once() -> None:
    """After the loop is blocked for half a second, at most CATCH_UP + 1 slots come at once, then the rate."""
    pace = Pace(100)
    await pace.slot()
    time.sleep(0.5)  # noqa: ASYNC251 - the point: the loop stalls (a long synchronous step elsewhere)
    times = await _times(pace, 12)
    at_once = sum(1 for at in times if at - times[0] < 0.005)
    assert at_once <= Pace.CATCH_UP + 1
    assert times[-1] - times[0] >= (12 - Pace.CATCH_UP - 1) * 0.01 - 0.002
