"""`racebot sync-commands`: a deliberate sync, global or to one guild, against the fake Discord."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.cli.running import sync_commands
from bot.config import Settings
from tests.fakediscord.harness import pointed_at
from tests.fakediscord.server import FakeDiscord


def _settings(store_url: str) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=store_url,
        discord_token=SecretStr("test-token"),
        live_sync=False,
    )


async def test_global_sync(
    fake_discord: FakeDiscord, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --guild the commands go to the global list, once, and the store is never opened (a store
    that does not exist yet is not created)."""
    store_url = f"sqlite+aiosqlite:///{tmp_path / 'racebot.db'}"
    with pointed_at(fake_discord):
        assert await sync_commands(_settings(store_url), argparse.Namespace(guild=None)) == 0
    puts = [r for r in fake_discord.requests if r.method == "PUT"]
    assert len(puts) == 1 and "/guilds/" not in puts[0].path
    assert {c["name"] for c in puts[0].json} >= {"pole", "driver", "ping"}
    assert "Synced" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []  # noqa: ASYNC240 (the bot is closed; nothing else runs)


async def test_guild_sync(fake_discord: FakeDiscord, store_url: str) -> None:
    """With --guild the commands go to that guild only."""
    guild = fake_discord.world.guild.id
    with pointed_at(fake_discord):
        assert await sync_commands(_settings(store_url), argparse.Namespace(guild=guild)) == 0
    puts = [r for r in fake_discord.requests if r.method == "PUT"]
    assert [p.path.split("/guilds/")[1].split("/")[0] for p in puts] == [str(guild)]
