"""`racebot run` processes against one fake Discord, as an operator runs several: their logs read as they
come, SIGKILL or Ctrl-C, and a world of servers on every shard."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from dataclasses import dataclass
from typing import Any

from tests.cli.process import ROOT, racebot_env
from tests.fakediscord.models import EVERYONE_PERMISSIONS, FakeChannel, FakeGuild, FakeRole, World, snowflake
from tests.fakediscord.recorder import Recorder
from tests.fakediscord.server import FakeDiscord

# `racebot run ARGS...` with discord.py pointed at the fake (tests/fakediscord/harness.py does the same
# in process). SIGINT gets Python's own handler back in case the test runner's process ignores it.
RUN = """
import signal, sys, yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route
signal.signal(signal.SIGINT, signal.default_int_handler)
Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = sys.argv[1], yarl.URL(sys.argv[2])
from bot.cli.main import main
raise SystemExit(main(["run", *sys.argv[3:]]))
"""
# Settings every process here runs with: no feed or history downloads, no store poll to hide a lost
# NOTIFY, quick coordination checks and IDENTIFY windows (the fake's window is set to match).
QUICK = {
    "DISCORD_TOKEN": "test-token",
    "LIVE_SYNC": "false",
    "HISTORY_REFRESH_HOURS": "0",
    "STORE_POLL_SECONDS": "120",
    "COORDINATION_CHECK_SECONDS": "0.3",
    "IDENTIFY_SPACING_SECONDS": "0.5",
}
WAIT_S = 60.0


@dataclass(frozen=True)
class LogLine:
    text: str
    at: float  # event-loop time the test read it


class RacebotProcess:
    """One `racebot run`; `log` holds its stderr, line by line, with the moment each was read."""

    def __init__(self, name: str, process: asyncio.subprocess.Process) -> None:
        self.name = name
        self.process = process
        self.log: Recorder[LogLine] = Recorder(f"log line of {name}")
        self._reader = asyncio.create_task(self._read(), name=f"log of {name}")

    @classmethod
    async def start(cls, fake: FakeDiscord, url: str, *args: str, name: str, **env: str) -> RacebotProcess:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            RUN,
            fake.base_url,
            fake.gateway_url,
            *args,
            env=racebot_env(url, **{**QUICK, **env}),
            cwd=ROOT,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,  # its own process group: a kill takes any worker it started too
        )
        return cls(name, process)

    async def _read(self) -> None:
        assert self.process.stderr is not None
        loop = asyncio.get_running_loop()
        while line := await self.process.stderr.readline():
            self.log.record(LogLine(line.decode().rstrip("\n"), loop.time()))

    async def wait_for(self, pattern: str, timeout: float = WAIT_S) -> LogLine:  # noqa: ASYNC109
        """The first log line (already written or still to come) matching the regex `pattern`."""
        found = re.compile(pattern)
        return await self.log.wait_for(lambda line: found.search(line.text) is not None, timeout)

    def lines(self, pattern: str) -> list[str]:
        found = re.compile(pattern)
        return [line.text for line in self.log if found.search(line.text)]

    def kill(self) -> None:
        """SIGKILL to the process and any worker of its own: no clean-up of any kind, its connections
        simply drop (as when its machine or container dies)."""
        with contextlib.suppress(ProcessLookupError):  # all gone already
            os.killpg(self.process.pid, signal.SIGKILL)

    async def stop(self) -> int:
        """Ctrl-C and wait; the exit status (130 after a clean stop)."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
        return await self.ended()

    async def ended(self) -> int:
        async with asyncio.timeout(WAIT_S):
            status = await self.process.wait()
            await self._reader
        return status

    def __str__(self) -> str:
        return f"{self.name}:\n  " + "\n  ".join(line.text for line in self.log)


def servers_on_every_shard(world: World, shard_count: int, per_shard: int) -> list[FakeGuild]:
    """`per_shard` servers on each of `shard_count` shards, added to `world`: each with a channel to
    answer in and one to announce in, the world's people as members."""
    base = (snowflake() >> 22) // shard_count * shard_count  # ids with a real-looking timestamp
    added = []
    for n in range(per_shard * shard_count):
        guild_id = ((base + n) << 22) | 1
        guild = FakeGuild(
            id=guild_id,
            name=f"Shard {n % shard_count} Speedway {n // shard_count}",
            channels=[
                FakeChannel(snowflake(), "general"),
                FakeChannel(snowflake(), "announcements", position=1),
            ],
            roles=[FakeRole(guild_id, "@everyone", EVERYONE_PERMISSIONS)],
            members=list(world.guild.members),
        )
        world.guilds.append(guild)
        added.append(guild)
    return added


def posts_per_channel(fake: FakeDiscord, guilds: list[FakeGuild]) -> dict[int, int]:
    """How many messages each server's announcement channel holds."""
    return {guild.id: len(fake.channel_messages(guild.channels[1])) for guild in guilds}


def accepted_posts(fake: FakeDiscord) -> list[Any]:
    return fake.requests.matching(
        lambda r: r.method == "POST" and r.path.endswith("/messages") and r.status == 200
    )
