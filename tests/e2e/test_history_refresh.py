"""The scheduled history refresh inside the running bot, against a loopback server publishing the files."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import func, select

from bot.client import RaceBot
from db.importers.history.fetch import PUBLISHED_FILES
from db.store import open_store
from db.store.models import Event, Result
from db.store.state import data_version
from tests.e2e.conftest import RaceBotUnderTest, bot_settings
from tests.e2e.test_health_metrics import get, scrape, until, value
from tests.fakediscord.clock import FakeClock
from tests.fakediscord.fixtures import TEST_BOT_OPTIONS, start_bot
from tests.fakediscord.server import FakeDiscord
from tests.importers.history.files import row, write_csv, write_parquet

# What the loopback server publishes: one 2024 race per series, winners named per series.
WINNERS = {"cup_series.parquet": "William Byron", "nxs_series.parquet": "Austin Hill", "truck_series.parquet": "Nick Sanchez"}  # fmt: skip
Published = dict[str, tuple[int, bytes]]  # file name -> (HTTP status, body)


def parquet(tmp_path: Path, name: str, drivers: list[str]) -> bytes:
    source = write_csv(
        tmp_path / f"{name}.csv", [row(d, n, n, Car=str(n)) for n, d in enumerate(drivers, start=1)]
    )
    return write_parquet(source, tmp_path / name).read_bytes()


@pytest.fixture
def published(tmp_path: Path) -> Published:
    return {
        name: (200, parquet(tmp_path, name, [winner, "Second Driver"])) for name, winner in WINNERS.items()
    }


@pytest.fixture
def requested() -> list[str]:
    return []


@pytest.fixture
async def base_url(published: Published, requested: list[str]) -> AsyncIterator[str]:
    """The publisher on loopback: each file as `published` says at the moment it is asked for."""

    async def serve(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        requested.append(name)
        status, body = published.get(name, (404, b""))
        return web.Response(status=status, body=body, content_type="application/octet-stream")

    app = web.Application()
    app.router.add_get("/{name}", serve)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    yield f"http://{host}:{port}"
    await runner.cleanup()


def refreshing_bot(fake: FakeDiscord, url: str, base_url: str, clock: FakeClock, hours: float) -> RaceBot:
    settings = bot_settings(fake, url, history_base_url=base_url, history_refresh_hours=hours, metrics_port=0)
    return RaceBotUnderTest(settings, clock=clock.now, **TEST_BOT_OPTIONS)


async def snapshot(url: str) -> tuple[int, int, int]:
    """The data version and how many events and results the store holds."""
    store = await open_store(url)
    try:
        async with store.sessions() as session:
            events = await session.scalar(select(func.count(Event.id)))
            results = await session.scalar(select(func.count(Result.id)))
        return await data_version(store.sessions), events or 0, results or 0
    finally:
        await store.close()


async def test_the_refresh_runs_on_its_schedule_and_answers_see_it(
    fake_discord: FakeDiscord, store_url: str, base_url: str, requested: list[str]
) -> None:
    """Every 0.2 s here (weekly by default): nothing at start, then the three files are downloaded and
    imported, /driver answers from them, and the metrics say when it succeeded."""
    clock = FakeClock()
    async with start_bot(
        fake_discord, refreshing_bot(fake_discord, store_url, base_url, clock, 0.2 / 3600)
    ) as bot:
        assert requested == []  # the first round waits one period
        refresh = bot.history_refresh
        assert refresh is not None
        # The answers were rebuilt over the import: the sample weekend gave way to the history.
        await until(lambda: refresh.last_success is not None and not bot.answers.sample_only)
        reply = await fake_discord.send_command("driver", {"name": "william byron"})
        samples = await scrape(bot)
        status, body = await get(bot, "/readyz")
    assert sorted(requested[:3]) == sorted(PUBLISHED_FILES)
    assert reply.embeds and reply.embeds[0]["title"].startswith("William Byron")
    assert value(samples, "racebot_history_refresh_last_success_timestamp_seconds") == clock.now().timestamp()
    assert value(samples, "racebot_history_refresh_failures_total") == 0
    assert status == 200
    assert json.loads(body)["history_refresh"]["last_success"] == clock.now().isoformat()


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        pytest.param("nxs_series.parquet", (503, b"down for maintenance"), id="server-error"),
        pytest.param("truck_series.parquet", (200, b"PAR1" + b"\0" * 64 + b"PAR1"), id="corrupt-file"),
    ],
)
async def test_a_broken_download_leaves_the_store_as_it_was(
    fake_discord: FakeDiscord,
    store_url: str,
    base_url: str,
    published: Published,
    name: str,
    answer: tuple[int, bytes],
) -> None:
    """One file failing (a 503, or a file that cannot be read after the Cup file was already written in
    the import's transaction) changes nothing in the store; /readyz stays ready and says why; the
    failure is counted."""
    clock = FakeClock()
    published[name] = answer
    async with start_bot(fake_discord, refreshing_bot(fake_discord, store_url, base_url, clock, 1000)) as bot:
        refresh = bot.history_refresh
        assert refresh is not None
        before = await snapshot(store_url)
        assert await refresh.run_once() is None
        after = await snapshot(store_url)
        samples = await scrape(bot)
        status, body = await get(bot, "/readyz")
    assert after == before
    assert refresh.failures == 1 and refresh.last_success is None
    assert refresh.last_error is not None and f"{base_url}/{name}" in refresh.last_error
    assert value(samples, "racebot_history_refresh_failures_total") == 1
    assert value(samples, "racebot_history_refresh_last_success_timestamp_seconds") is None
    state = json.loads(body)
    assert status == 200 and state["ready"] is True
    assert state["history_refresh"]["failures"] == 1
    assert state["history_refresh"]["last_error"] == refresh.last_error
    assert state["history_refresh"]["last_failure"] == clock.now().isoformat()


async def test_a_later_good_round_imports(
    fake_discord: FakeDiscord, store_url: str, base_url: str, published: Published
) -> None:
    """After a failed round the next one, with the files back, imports them (the loop went on)."""
    clock = FakeClock()
    good = published["cup_series.parquet"]
    published["cup_series.parquet"] = (500, b"")
    async with start_bot(fake_discord, refreshing_bot(fake_discord, store_url, base_url, clock, 1000)) as bot:
        refresh = bot.history_refresh
        assert refresh is not None
        assert await refresh.run_once() is None
        published["cup_series.parquet"] = good
        report = await refresh.run_once()
        assert bot.announcer is not None
        await bot.announcer.pass_done()  # the pass the import woke, done before the bot closes
    assert report is not None and report.changed
    assert refresh.failures == 1 and refresh.last_success == clock.now()
    _, events, _ = await snapshot(store_url)
    assert events == len(WINNERS)  # the sample weekend gave way to the history
