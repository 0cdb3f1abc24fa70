"""Run a real discord.py client against a `FakeDiscord` (no pytest here, so benchmarks can use it).

Only two library attributes are pointed at the fake: `Route.BASE` (REST, and through the same
`Route` the interaction webhooks) and `DiscordWebSocket.DEFAULT_GATEWAY`. Nothing else is patched.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Iterator
from typing import Any, TypeVar

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from .server import FakeDiscord

T = TypeVar("T")
ClientT = TypeVar("ClientT", bound=discord.Client)

# Options every bot under test is built with:
# - guild_ready_timeout: `ready` waits this long after the last GUILD_CREATE (default 2 s);
#   0 would skip `on_guild_available`, so keep it small but positive.
# - chunk_guilds_at_startup: no op 8 member chunking round trip before `ready`.
TEST_BOT_OPTIONS: dict[str, Any] = {"guild_ready_timeout": 0.05, "chunk_guilds_at_startup": False}
START_TIMEOUT = 10.0  # seconds for login to `ready`, and for `bot.start()` to return after close


class InstantIdentify:
    """Mix in before the bot class: discord.py sleeps 5 s before every non-initial IDENTIFY.

    That sleep protects Discord's identify rate limit; against the fake it only makes op 9
    (d=false) and failed-RESUME tests take 5 s each.
    """

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


@contextlib.contextmanager
def pointed_at(fake: FakeDiscord) -> Iterator[None]:
    """Point discord.py's REST base and default gateway at `fake`, restoring them afterwards."""
    saved_base, saved_gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    Route.BASE = fake.base_url
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved_base, saved_gateway


@contextlib.asynccontextmanager
async def start_bot(fake: FakeDiscord, bot: ClientT, *, token: str = "test-token") -> AsyncIterator[ClientT]:
    """Log `bot` in to `fake` and yield it once `ready` has fired; close it on the way out.

    A start task that fails (bad login, a crash in `setup_hook`) raises here instead of hanging.
    """
    _check_test_options(bot)
    with pointed_at(fake):
        start = asyncio.create_task(bot.start(token), name="bot.start")
        try:
            async with asyncio.timeout(START_TIMEOUT):
                # wait_until_ready() raises until login has run, so first wait for IDENTIFY.
                await _unless_start_fails(start, fake.wait_for_frame(2))
                await _unless_start_fails(start, bot.wait_until_ready())
            yield bot
        finally:
            await bot.close()
            await asyncio.wait({start}, timeout=START_TIMEOUT)
            if not start.done():
                start.cancel()
            crash = start.exception() if start.done() and not start.cancelled() else None
        if crash is not None:
            raise crash  # the client died during the test (e.g. a fatal gateway close code)


async def _unless_start_fails(start: asyncio.Task[None], step: Awaitable[T]) -> T:
    waiter = asyncio.ensure_future(step)
    try:
        await asyncio.wait({start, waiter}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if not waiter.done():
            waiter.cancel()
    if waiter.done() and not waiter.cancelled():
        return waiter.result()
    start.result()  # raises the start-up error
    raise RuntimeError("bot.start() returned before the bot was ready")


def _check_test_options(bot: discord.Client) -> None:
    """Fail fast with a reason instead of a slow, mysterious test."""
    if type(bot).before_identify_hook is discord.Client.before_identify_hook:
        raise TypeError(f"{type(bot).__name__} must mix in InstantIdentify (re-IDENTIFY sleeps 5 s)")
    if bot._connection.guild_ready_timeout > TEST_BOT_OPTIONS["guild_ready_timeout"]:
        raise TypeError("build test bots with **TEST_BOT_OPTIONS (guild_ready_timeout=0.05)")
