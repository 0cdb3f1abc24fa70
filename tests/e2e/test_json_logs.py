"""`racebot run` with LOG_FORMAT=json, in its own process against the fake Discord: every line on stderr,
start to Ctrl-C, is one JSON object, and the token appears in none."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from pathlib import Path
from typing import Any

from tests.cli.process import ROOT, racebot_env
from tests.e2e.test_run_process import RUN
from tests.fakediscord.server import FakeDiscord

TOKEN = "MTA5.json-logs-test.token-value"


async def test_every_line_is_json_and_none_shows_the_token(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    """At DEBUG (the most said), through start, a command and Ctrl-C; the command's line carries its
    name, guild and shard."""
    env = racebot_env(
        f"sqlite+aiosqlite:///{tmp_path / 'store.db'}",
        DISCORD_TOKEN=TOKEN,
        LOG_FORMAT="json",
        LOG_LEVEL="DEBUG",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", RUN, fake_discord.base_url, fake_discord.gateway_url,
        env=env, cwd=ROOT, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    raw: list[str] = []
    try:
        async with asyncio.timeout(60):
            while not raw or "ready as" not in raw[-1]:
                line = await process.stderr.readline()
                assert line, "racebot run ended early:\n" + "".join(raw)
                raw.append(line.decode())
        await fake_discord.send_command("pole", {"track": "homestead"})
        async with asyncio.timeout(10):
            while '"command": "pole"' not in raw[-1]:
                raw.append((await process.stderr.readline()).decode())
    finally:
        process.send_signal(signal.SIGINT)
        async with asyncio.timeout(30):
            raw.extend((await process.stderr.read()).decode().splitlines(keepends=True))
            await process.wait()
    lines: list[dict[str, Any]] = [json.loads(line) for line in raw]  # each line parses alone
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)
    assert not any(TOKEN in line for line in raw)
    command = next(line for line in lines if line.get("command") == "pole")
    assert command["logger"] == "bot.interactions.tree" and command["message"].startswith("command /pole: ok")
    assert (command["guild"], command["shard"]) == (fake_discord.world.guild.id, 0)
    assert (lines[-1]["logger"], lines[-1]["message"]) == ("bot.cli", "racebot: stopped")
    assert process.returncode == 130
