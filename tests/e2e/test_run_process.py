"""`racebot run` as an operator runs it, in its own process against the fake Discord: what its log says
from start to Ctrl-C."""

from __future__ import annotations

import asyncio
import re
import signal
import sys
from pathlib import Path

from tests.cli.process import ROOT, racebot_env
from tests.fakediscord.server import FakeDiscord

# `racebot run` with discord.py pointed at the fake, as the in-process tests do (tests/fakediscord/harness.py).
# SIGINT gets Python's own handler back in case the test runner's process ignores it (a shell never does).
RUN = """
import signal, sys, yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route
signal.signal(signal.SIGINT, signal.default_int_handler)
Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = sys.argv[1], yarl.URL(sys.argv[2])
from bot.cli.main import main
raise SystemExit(main(["run"]))
"""


async def _lines_until(stream: asyncio.StreamReader, marker: str) -> list[str]:
    lines: list[str] = []
    async with asyncio.timeout(60):
        while not lines or marker not in lines[-1]:
            line = await stream.readline()
            assert line, "racebot run ended early:\n" + "".join(lines)
            lines.append(line.decode())
    return lines


async def test_run_logs_its_store_and_ready_then_stops_on_ctrl_c(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """The start line names the store, the ready line the servers and data, no voice warnings appear,
    and Ctrl-C says the bot stopped (no import to roll back), exit 130."""
    store = tmp_path / "store.db"
    env = racebot_env(f"sqlite+aiosqlite:///{store}", DISCORD_TOKEN="test-token")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        RUN,
        fake_discord.base_url,
        fake_discord.gateway_url,
        env=env,
        cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    try:
        started = await _lines_until(process.stderr, "ready as")
    finally:
        process.send_signal(signal.SIGINT)
        async with asyncio.timeout(30):
            rest = (await process.stderr.read()).decode()
            await process.wait()
    log = "".join(started) + rest
    assert (
        f"starting racebot: store sqlite+aiosqlite:///{store}; settings files: none (environment only)" in log
    )
    guilds = len(fake_discord.world.guilds)
    assert re.search(
        rf"ready as \S+: {guilds} servers, 1 shards; 1 races, \d+ result rows loaded \(data version \d+\); "
        r"This store holds only a sample weekend",
        log,
    ), log
    assert "PyNaCl" not in log and "davey" not in log
    assert "test-token" not in log
    assert (process.returncode, rest.strip().splitlines()[-1]) == (130, "racebot: stopped")
    assert "rolled back" not in log
