"""End-to-end fixtures: a fake Discord on loopback for the real discord.py client, and racebot on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.client import RaceBot
from bot.config import Settings
from tests.conftest import new_sqlite_url
from tests.fakediscord.fixtures import TEST_BOT_OPTIONS, InstantIdentify, fake_clock, fake_discord, start_bot
from tests.fakediscord.server import FakeDiscord

__all__ = ["fake_clock", "fake_discord", "racebot"]


class RaceBotUnderTest(InstantIdentify, RaceBot):
    """racebot with discord.py's re-IDENTIFY pause removed."""


@pytest.fixture
def store_url(tmp_path: Path, migrated_sqlite: Path) -> str:
    """The bot's store (new, migrated); a test may fill it (see `open_store`) before asking for `racebot`."""
    return new_sqlite_url(tmp_path / "racebot.db", migrated_sqlite)


def bot_settings(fake_discord: FakeDiscord, store_url: str, **overrides: Any) -> Settings:
    """Settings for a bot under test: no .env, no token, no live sync, commands synced to the fake guild."""
    values: dict[str, Any] = {
        "database_url": store_url,
        "dev_guild_id": fake_discord.world.guild.id,
        "discord_token": None,
        "live_sync": False,
    }
    return Settings(_env_file=None, **{**values, **overrides})  # type: ignore[call-arg]


@pytest.fixture
async def racebot(fake_discord: FakeDiscord, store_url: str) -> AsyncIterator[RaceBot]:
    """racebot logged in to the fake, its commands synced to the fake guild, on a sample store."""
    settings = bot_settings(fake_discord, store_url)
    async with start_bot(fake_discord, RaceBotUnderTest(settings, **TEST_BOT_OPTIONS)) as bot:
        yield bot
