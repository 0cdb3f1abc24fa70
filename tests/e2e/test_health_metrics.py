"""/healthz, /readyz and /metrics of a bot running against the fake Discord, scraped over loopback."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.client import RaceBot
from bot.config import Settings
from db.store.state import data_version
from tests.announce.running import CHANNEL, GUILD, announced, filled
from tests.announce.world import SAMPLE_GREEN_FLAG, follow
from tests.e2e.conftest import RaceBotUnderTest, bot_settings
from tests.fakediscord.clock import FakeClock
from tests.fakediscord.faults import forbidden
from tests.fakediscord.fixtures import TEST_BOT_OPTIONS, start_bot
from tests.fakediscord.harness import pointed_at
from tests.fakediscord.server import FakeDiscord
from tests.importers.feed.server import FeedServer, serve_lone_weekend

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]
REFUSING_GUILD = GUILD + 1
REFUSING_CHANNEL = CHANNEL + 1


async def get(bot: RaceBot, path: str) -> tuple[int, str]:
    assert bot.health is not None and bot.health.address is not None
    host, port = bot.health.address
    async with aiohttp.ClientSession() as http, http.get(f"http://{host}:{port}{path}") as response:
        return response.status, await response.text()


async def scrape(bot: RaceBot) -> Samples:
    status, text = await get(bot, "/metrics")
    assert status == 200
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float | None:
    return samples.get((name, frozenset(labels.items())))


def metrics_on(fake: FakeDiscord, url: str, **overrides: Any) -> Settings:
    """The e2e bot's settings with the endpoint on any free loopback port."""
    return bot_settings(fake, url, metrics_port=0, **overrides)


async def counted(bot: RaceBot, command: str, outcome: str, count: int) -> Samples:
    """A scrape once `count` such commands are counted (a command is counted just after its reply)."""
    async with asyncio.timeout(5):
        while True:
            samples = await scrape(bot)
            if value(samples, "racebot_commands_total", command=command, outcome=outcome) == count:
                return samples
            await asyncio.sleep(0.01)


async def until(condition: Callable[[], bool]) -> None:
    async with asyncio.timeout(10):
        while not condition():  # noqa: ASYNC110 - the states polled here have no event of their own
            await asyncio.sleep(0.01)


class HeldBot(RaceBotUnderTest):
    """A bot whose start waits, as told, before loading the race book and before IDENTIFY."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings, **TEST_BOT_OPTIONS)
        self.load_book = asyncio.Event()
        self.identify = asyncio.Event()

    async def prepare(self) -> None:
        await self.load_book.wait()
        await super().prepare()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        await self.identify.wait()


async def readyz(bot: RaceBot) -> tuple[int, dict[str, Any]]:
    status, text = await get(bot, "/readyz")
    return status, json.loads(text)


async def test_readyz_waits_for_the_book_and_the_gateway(fake_discord: FakeDiscord, store_url: str) -> None:
    """503 naming all three false while nothing is loaded, then only the gateway false once the book
    is loaded, then 200 once the gateway is ready; /healthz answers throughout."""
    bot = HeldBot(metrics_on(fake_discord, store_url))
    with pointed_at(fake_discord):
        start = asyncio.create_task(bot.start("test-token"))
        try:
            await until(lambda: bot.health is not None and bot.health.address is not None)
            assert await get(bot, "/healthz") == (200, '{"alive": true}')
            status, body = await readyz(bot)
            assert status == 503
            assert {k: body[k] for k in ("ready", "gateway", "store", "race_book")} == {
                "ready": False, "gateway": False, "store": False, "race_book": False
            }  # fmt: skip
            bot.load_book.set()
            await until(lambda: bot.book_loaded)
            status, body = await readyz(bot)
            assert status == 503
            assert (body["gateway"], body["store"], body["race_book"]) == (False, True, True)
            bot.identify.set()
            await asyncio.wait_for(bot.wait_until_ready(), 10)
            status, body = await readyz(bot)
            assert status == 200, body
            assert (body["ready"], body["gateway"], body["store"], body["race_book"]) == (True,) * 4
        finally:
            await bot.close()
            await asyncio.wait_for(start, 10)


async def test_readyz_says_the_store_is_gone(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    """A store that no longer answers (its volume gone) makes the bot unready, and the body says which."""
    volume = tmp_path / "volume"
    volume.mkdir()
    settings = metrics_on(fake_discord, f"sqlite+aiosqlite:///{volume / 'racebot.db'}")
    async with start_bot(fake_discord, RaceBotUnderTest(settings, **TEST_BOT_OPTIONS)) as bot:
        assert bot.store is not None
        await bot.store.engine.dispose()  # the pool's open files would still answer
        shutil.rmtree(volume)
        status, body = await readyz(bot)
    assert status == 503
    assert (body["ready"], body["gateway"], body["store"], body["race_book"]) == (False, True, False, True)


@pytest.fixture
async def following(store_url: str) -> None:
    """Two servers follow the sample's series: one channel takes posts, the other refuses them."""
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL)
        await follow(store, REFUSING_GUILD, REFUSING_CHANNEL)


async def test_counters_move_as_commands_and_posts_happen(
    following: None, fake_discord: FakeDiscord, store_url: str
) -> None:
    """Commands by name and outcome, answer times, cache hits, announcements sent and failed, and the
    lag of the failed post still waiting, each move by what the run did."""
    fake_discord.plan(rf"/channels/{REFUSING_CHANNEL}/messages", [forbidden()], method="POST")
    clock = FakeClock(SAMPLE_GREEN_FLAG - timedelta(hours=5))
    bot = RaceBotUnderTest(metrics_on(fake_discord, store_url), clock=clock.now, **TEST_BOT_OPTIONS)
    async with start_bot(fake_discord, bot):
        await announced(bot)
        before = await scrape(bot)
        await fake_discord.send_command("pole", {"track": "homestead"})
        first = await counted(bot, "pole", "ok", 1)
        await fake_discord.send_command("pole", {"track": "homestead"})
        await fake_discord.send_command("driver", {"name": "asdfghjkl"})
        await counted(bot, "driver", "user_error", 1)
        clock.advance(90)
        after = await scrape(bot)
        hits = bot.answers.cache.hits
    assert value(before, "racebot_commands_total", command="pole", outcome="ok") is None
    assert value(first, "racebot_commands_total", command="pole", outcome="ok") == 1
    assert value(after, "racebot_commands_total", command="pole", outcome="ok") == 2
    assert value(after, "racebot_commands_total", command="driver", outcome="user_error") == 1
    assert value(after, "racebot_answer_seconds_count", command="pole") == 2
    assert value(after, "racebot_answer_seconds_bucket", command="pole", le="+Inf") == 2
    # The repeat is answered from the cache: hits move, misses do not.
    assert value(after, "racebot_answer_cache_misses_total") == value(
        first, "racebot_answer_cache_misses_total"
    )
    assert value(after, "racebot_answer_cache_hits_total") == hits
    assert hits > (value(first, "racebot_answer_cache_hits_total") or 0)
    for samples in (before, after):
        assert value(samples, "racebot_announcements_total", outcome="sent") == 1
        assert value(samples, "racebot_announcements_total", outcome="failed") == 1
        assert value(samples, "racebot_announcements_total", outcome="held") == 0
    # The refused post waits for its retry: it has been due for the 90 s the clock moved.
    assert value(before, "racebot_announcement_lag_seconds") == 0
    assert value(after, "racebot_announcement_lag_seconds") == 90
    assert value(after, "racebot_servers") == len(fake_discord.world.guilds)
    assert value(after, "racebot_shards") == value(after, "racebot_shard_count") == 1
    assert value(after, "racebot_data_version") == bot.answers.data_version
    assert (value(after, "racebot_race_book_load_seconds") or 0) > 0
    assert value(after, "racebot_live_sync_last_success_timestamp_seconds") is None  # live sync off
    assert value(after, "racebot_history_refresh_failures_total") == 0


@pytest.fixture
async def feed(shared_data: Path) -> AsyncIterator[FeedServer]:
    """NASCAR's feed on loopback holding the 2026 Sonoma Cup weekend."""
    weekend = json.loads(
        (shared_data / "nascar-feed" / "weekend-feed_2026_1_5617_TRIMMED.json").read_text(encoding="utf-8")
    )
    server = FeedServer()
    serve_lone_weekend(server, weekend)
    await server.start()
    yield server
    await server.close()


async def test_live_sync_success_and_data_version(
    fake_discord: FakeDiscord, feed: FeedServer, store_url: str
) -> None:
    """After a live-sync round that imported the weekend: its time, and the data version it moved to."""
    clock = FakeClock(datetime(2026, 6, 27, 18, 0, tzinfo=UTC))
    settings = metrics_on(fake_discord, store_url, live_sync=True, feed_base_url=feed.base_url)
    bot = RaceBotUnderTest(settings, clock=clock.now, **TEST_BOT_OPTIONS)
    async with start_bot(fake_discord, bot):
        await until(lambda: bot.answers.synced_at is not None)
        samples = await scrape(bot)
        async with filled(store_url) as store:
            stored = await data_version(store.sessions)
    assert value(samples, "racebot_live_sync_last_success_timestamp_seconds") == clock.now().timestamp()
    assert value(samples, "racebot_data_version") == stored > 1
