"""A feed that changed shape, seen by an admin: the running bot's /announce status says why posts wait."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from db.store.state import feed_problem
from tests.e2e.conftest import RaceBotUnderTest, bot_settings
from tests.fakediscord.clock import FakeClock
from tests.fakediscord.fixtures import TEST_BOT_OPTIONS, start_bot
from tests.fakediscord.server import FakeDiscord
from tests.importers.feed.bodies import renamed
from tests.importers.feed.server import FeedServer, serve_lone_weekend

RACE_LIST = "/2026/race_list_basic.json"
SATURDAY = datetime(2026, 6, 27, 18, 0, tzinfo=UTC)


@pytest.fixture
async def changed_feed(shared_data: Path) -> AsyncIterator[FeedServer]:
    """The 2026 Sonoma weekend on loopback, its all-series race list with `series_1` renamed `cup`."""
    weekend = json.loads(
        (shared_data / "nascar-feed" / "weekend-feed_2026_1_5617_TRIMMED.json").read_text(encoding="utf-8")
    )
    server = FeedServer()
    serve_lone_weekend(server, weekend)
    server.serve(RACE_LIST, renamed(json.loads(server.files[RACE_LIST]), {"series_1": "cup"}))
    await server.start()
    yield server
    await server.close()


async def test_status_shows_the_feed_problem(
    fake_discord: FakeDiscord, changed_feed: FeedServer, store_url: str
) -> None:
    """A sync round records the missing key; /announce status shows it to the admin."""
    clock = FakeClock(SATURDAY)
    settings = bot_settings(fake_discord, store_url, live_sync=True, feed_base_url=changed_feed.base_url)
    admin = fake_discord.world.admin
    channel = next(c for c in fake_discord.world.guild.channels if c.name == "announcements")
    async with start_bot(
        fake_discord, RaceBotUnderTest(settings, clock=clock.now, **TEST_BOT_OPTIONS)
    ) as bot:
        assert bot.live_sync is not None
        assert await bot.live_sync.run_once() is None  # as its first round did
        trouble = await feed_problem(bot.answers.store.sessions)
        await fake_discord.send_command(
            "announce channel", {"channel": channel, "series": "cup"}, member=admin
        )
        reply = await fake_discord.send_command("announce status", member=admin)
    fields = {field["name"]: field["value"] for field in reply.embeds[0]["fields"]}
    assert trouble is not None and trouble.reason == "(top level): missing keys series_1"
    assert fields["NASCAR feed problem"].endswith(
        f"`(top level): missing keys series_1` ({changed_feed.base_url}{RACE_LIST})"
    )
    assert fake_discord.violations == []
