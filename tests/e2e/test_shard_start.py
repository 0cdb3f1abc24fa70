"""One process, several shards (the SQLite case): it asks Discord once, runs every shard, and refuses a
part of the shards on a store other processes could not share."""

from __future__ import annotations

import pytest

from bot.shards import CannotStart
from tests.e2e.conftest import RaceBotUnderTest, bot_settings
from tests.e2e.processes import servers_on_every_shard
from tests.fakediscord.fixtures import TEST_BOT_OPTIONS, start_bot
from tests.fakediscord.server import FakeDiscord
from tests.fakediscord.sessions import SessionLimits


async def test_every_recommended_shard_runs_in_one_process(fake_discord: FakeDiscord, store_url: str) -> None:
    """Without SHARD_COUNT the count is Discord's (asked once): three shards, one IDENTIFY each, and a
    server on each shard answered."""
    servers = servers_on_every_shard(fake_discord.world, 3, 1)
    fake_discord.session_limits = SessionLimits(recommended_shards=3, max_concurrency=3)
    bot = RaceBotUnderTest(bot_settings(fake_discord, store_url), **TEST_BOT_OPTIONS)
    async with start_bot(fake_discord, bot):
        assert (bot.shard_count, bot.shard_ids) == (3, [0, 1, 2])
        for server in servers:
            reply = await fake_discord.send_command("ping", guild=server, channel=server.channels[0])
            assert reply.content == "Pong."
    asked = fake_discord.requests.matching(lambda r: r.path == "/gateway/bot")
    assert len(asked) == 1
    assert sorted(fake_discord.session_limits.identifies) == [(0, 3), (1, 3), (2, 3)]


async def test_some_shards_on_sqlite_are_refused(fake_discord: FakeDiscord, store_url: str) -> None:
    """Shards 0-1 of 4 on SQLite: the other shards' processes could not share the store; refused."""
    settings = bot_settings(fake_discord, store_url, shard_ids="0-1", shard_count=4)
    with pytest.raises(CannotStart, match="must share a PostgreSQL store"):
        async with start_bot(fake_discord, RaceBotUnderTest(settings, **TEST_BOT_OPTIONS)):
            pass
    assert fake_discord.frames.matching(lambda frame: frame.op == 2) == []
