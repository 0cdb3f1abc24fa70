"""`racebot run` meeting Discord's refusals: one line for the operator, never a traceback."""

from __future__ import annotations

import argparse
import socket

import pytest
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route
from pydantic import SecretStr

from bot.cli.running import run_command
from bot.config import Settings
from tests.fakediscord.faults import CannedResponse
from tests.fakediscord.harness import pointed_at
from tests.fakediscord.server import FakeDiscord


def _settings(store_url: str) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=store_url,
        discord_token=SecretStr("test-token"),
        live_sync=False,
    )


async def test_rejected_token_says_so_once(
    fake_discord: FakeDiscord, store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 401 at login is one message about the token, not also the 'no token' help."""
    fake_discord.plan(r"/users/@me", [CannedResponse(401, {"message": "401: Unauthorized", "code": 0})])
    with pointed_at(fake_discord):
        assert await run_command(_settings(store_url), argparse.Namespace(shards=None, shard_count=None)) == 2
    err = capsys.readouterr().err
    assert err.count("racebot:") == 1
    assert "Discord rejected the token in DISCORD_TOKEN" in err and "No Discord token" not in err


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_unreachable_discord_is_one_line(
    store_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With nothing listening where Discord should be, `run` says it cannot reach Discord and exits 1."""
    port = _closed_port()
    monkeypatch.setattr(Route, "BASE", f"http://127.0.0.1:{port}/api/v10")
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(f"ws://127.0.0.1:{port}/"))
    assert await run_command(_settings(store_url), argparse.Namespace(shards=None, shard_count=None)) == 1
    err = capsys.readouterr().err
    assert err.startswith("racebot: cannot reach Discord") and err.count("\n") == 1
    assert "Traceback" not in err
