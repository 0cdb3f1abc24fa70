"""The live sync inside the running bot: a new lineup in the feed reaches commands and subscribers."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.client import RaceBot
from db.importers.feed.sync import LineupPublished, ResultsOfficial
from tests.e2e.conftest import RaceBotUnderTest, bot_settings
from tests.fakediscord.clock import FakeClock
from tests.fakediscord.fixtures import TEST_BOT_OPTIONS, start_bot
from tests.fakediscord.server import FakeDiscord
from tests.importers.feed.server import FeedServer, serve_lone_weekend

SONOMA_WEEKEND = "weekend-feed_2026_1_5617_TRIMMED.json"


@pytest.fixture
async def feed(shared_data: Path) -> AsyncIterator[FeedServer]:
    """NASCAR's feed on loopback holding the 2026 Sonoma Cup weekend (pole Ty Gibbs)."""
    weekend = json.loads((shared_data / "nascar-feed" / SONOMA_WEEKEND).read_text(encoding="utf-8"))
    server = FeedServer()
    serve_lone_weekend(server, weekend)
    await server.start()
    yield server
    await server.close()


async def test_lineup_from_the_feed_reaches_commands(
    fake_discord: FakeDiscord, feed: FeedServer, store_url: str
) -> None:
    """On the Sonoma weekend the sync imports the grid; /pole sonoma then answers with Ty Gibbs."""
    clock = FakeClock(datetime(2026, 6, 27, 18, 0, tzinfo=UTC))
    settings = bot_settings(fake_discord, store_url, live_sync=True, feed_base_url=feed.base_url)
    heard: asyncio.Queue[object] = asyncio.Queue()
    bot: RaceBot = RaceBotUnderTest(settings, clock=clock.now, **TEST_BOT_OPTIONS)
    async with start_bot(fake_discord, bot):
        assert bot.live_sync is not None
        bot.live_sync.events.subscribe(heard.put_nowait)
        kinds = {type(await asyncio.wait_for(heard.get(), 10)) for _ in range(2)}
        assert kinds == {LineupPublished, ResultsOfficial}
        reply = await fake_discord.send_command("pole", {"track": "sonoma", "year": 2026})
    embed = reply.embeds[0]
    assert embed["title"].startswith("Ty Gibbs on pole")
    assert "95.738 mph" in embed["fields"][0]["value"]
    # The footer says how far results reach and that the live sync ran; Discord shows when beside it.
    assert (
        "local store · through 2026 Cup race" in embed["footer"]["text"]
        and "live sync" in embed["footer"]["text"]
    )
    assert datetime.fromisoformat(embed["timestamp"]) == clock.now()
