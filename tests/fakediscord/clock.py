"""A controllable clock for scheduled work: code under test asks a `Clock` instead of `datetime.now`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """What scheduled code needs; production passes one whose `now()` is `datetime.now(UTC)`."""

    def now(self) -> datetime: ...


class FakeClock:
    """Stands still until a test moves it."""

    def __init__(self, start: datetime = datetime(2025, 2, 16, 18, 0, tzinfo=UTC)) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime (UTC)")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> datetime:
        self._now += timedelta(seconds=seconds)
        return self._now
