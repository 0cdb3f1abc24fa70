"""The store-poll loop: `racebot import history` in another process reaches the running bot's answers."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.client import RaceBot
from tests.e2e.conftest import RaceBotUnderTest, bot_settings
from tests.fakediscord.fixtures import TEST_BOT_OPTIONS, start_bot
from tests.fakediscord.server import FakeDiscord
from tests.importers.history.files import row, write_csv

ROOT = Path(__file__).resolve().parents[2]
POLL_SECONDS = 0.05
DEADLINE_SECONDS = 20.0


@pytest.fixture
async def watching_bot(fake_discord: FakeDiscord, store_url: str) -> AsyncIterator[RaceBot]:
    """racebot polling its store every 50 ms, as `STORE_POLL_SECONDS` would set it."""
    settings = bot_settings(fake_discord, store_url, store_poll_seconds=POLL_SECONDS)
    async with start_bot(fake_discord, RaceBotUnderTest(settings, **TEST_BOT_OPTIONS)) as bot:
        yield bot


async def _import_in_another_process(store_url: str, csv_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": store_url, "PYTHONPATH": str(ROOT)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli.main", "import", "history", str(csv_path), "--quiet", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), DEADLINE_SECONDS)
    assert process.returncode == 0, err.decode()
    assert out.decode().startswith("Read 2 rows from 1 file")


async def test_an_import_by_another_process_reaches_the_bot_by_itself(
    watching_bot: RaceBot, fake_discord: FakeDiscord, store_url: str, tmp_path: Path
) -> None:
    """No call into the bot: its own loop notices the new data version and answers with the new data."""
    before = await fake_discord.send_command("pole", {"track": "daytona"})
    assert before.ephemeral
    rows = [row("William Byron", 1, 18), row("Alex Bowman", 2, 1, Car="48")]
    await _import_in_another_process(store_url, write_csv(tmp_path / "cup_series.csv", rows))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + DEADLINE_SECONDS
    reply = before
    while reply.ephemeral and loop.time() < deadline:
        await asyncio.sleep(POLL_SECONDS)
        reply = await fake_discord.send_command("pole", {"track": "daytona"})
    assert not reply.ephemeral, reply.content
    assert reply.embeds[0]["title"] == "Alex Bowman on pole — DAYTONA 500"
