"""Running racebot's announcer against the fake Discord: a store to set up, the bot, what it posted."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from bot.client import RaceBot
from db.importers.sample import seed_if_empty
from db.store import Store, open_store
from tests.e2e.conftest import RaceBotUnderTest, bot_settings
from tests.fakediscord.clock import Clock
from tests.fakediscord.fixtures import TEST_BOT_OPTIONS
from tests.fakediscord.recorder import RecordedRequest
from tests.fakediscord.server import FakeDiscord

GUILD = 700_000_000_000_000_001
CHANNEL = 800_000_000_000_000_001
ROLE = 900_000_000_000_000_001


@asynccontextmanager
async def filled(url: str) -> AsyncIterator[Store]:
    """The store the bot will open, for a test to set up (and read back) beside it."""
    store = await open_store(url)
    await seed_if_empty(store)
    try:
        yield store
    finally:
        await store.close()


def racebot(fake: FakeDiscord, url: str, clock: Clock, **settings: Any) -> RaceBot:
    return RaceBotUnderTest(bot_settings(fake, url, **settings), clock=clock.now, **TEST_BOT_OPTIONS)


class RunningClock:
    """The bot's clock for timing tests: from `start` it runs with the event loop's own clock, which
    also stamps what the fake records (`RecordedRequest.at`), so a request's moment can be read in the
    bot's time. Make it inside the test's event loop; `jump` moves it ahead at once."""

    def __init__(self, start: datetime) -> None:
        self._start = start
        self._origin = asyncio.get_running_loop().time()

    def now(self) -> datetime:
        return self.moment(asyncio.get_running_loop().time())

    def moment(self, loop_time: float) -> datetime:
        """The bot's time at this event-loop time (read after the last jump)."""
        return self._start + timedelta(seconds=loop_time - self._origin)

    def jump(self, to: datetime) -> None:
        self._start += to - self.now()


def posts(fake: FakeDiscord, channel: int | None = None) -> list[RecordedRequest]:
    """Accepted message creations (to one channel, or any)."""
    return fake.requests.matching(
        lambda r: (
            r.method == "POST"
            and r.path.startswith("/channels/")
            and r.path.endswith("/messages")
            and r.status == 200
            and (channel is None or r.path == f"/channels/{channel}/messages")
        )
    )


def is_post(channel: int) -> Callable[[RecordedRequest], bool]:
    return lambda r: r.method == "POST" and r.path == f"/channels/{channel}/messages" and r.status == 200


def nth_post(n: int) -> Callable[[RecordedRequest], bool]:
    """Matches the `n`th accepted message creation, for one `wait_for` (it offers each request once)."""
    seen = 0

    def matches(request: RecordedRequest) -> bool:
        nonlocal seen
        if request.method == "POST" and request.path.endswith("/messages") and request.status == 200:
            seen += 1
        return seen == n

    return matches


async def announced(bot: RaceBot) -> None:
    """Wake the announcer and wait for a whole pass (posts included) that began after this call."""
    assert bot.announcer is not None
    await bot.announcer.pass_done()
