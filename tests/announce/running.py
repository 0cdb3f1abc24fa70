"""Running racebot's announcer against the fake Discord: a store to set up, the bot, what it posted."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from bot.client import RaceBot
from db.importers.sample import seed_if_empty
from db.store import Store, open_store
from tests.e2e.conftest import RaceBotUnderTest, bot_settings
from tests.fakediscord.clock import FakeClock
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


def racebot(fake: FakeDiscord, url: str, clock: FakeClock, **settings: Any) -> RaceBot:
    return RaceBotUnderTest(bot_settings(fake, url, **settings), clock=clock.now, **TEST_BOT_OPTIONS)


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


async def announced(bot: RaceBot) -> None:
    """Wake the announcer and wait for a whole pass (posts included) that began after this call."""
    assert bot.announcer is not None
    await bot.announcer.pass_done()
