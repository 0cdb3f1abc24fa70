"""The fake enforces what Discord does for a bot of many processes: shards, IDENTIFY buckets, the daily
budget, one global request limit for every client, and answers held back after the act."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.fakediscord.ratelimits import RateLimits
from tests.fakediscord.server import FakeDiscord
from tests.fakediscord.sessions import INVALID_SHARD, SHARDING_REQUIRED, SessionLimits

AUTH = {"Authorization": "Bot test-token"}


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def _identify(http: aiohttp.ClientSession, fake: FakeDiscord, shard: list[int]) -> Any:
    """One gateway connection: HELLO, IDENTIFY for `shard`, then the first answer (a frame, or the
    close code when the fake closes the socket)."""
    async with http.ws_connect(fake.gateway_url) as ws:
        hello = await ws.receive_json()
        assert hello["op"] == 10
        await ws.send_json(
            {"op": 2, "d": {"token": "test-token", "properties": {}, "intents": 1, "shard": shard}}
        )
        message = await ws.receive()
        if message.type == aiohttp.WSMsgType.TEXT:
            return message.json()
        return ws.close_code


async def test_gateway_bot_says_the_recommended_shards_and_the_session_budget(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    """GET /gateway/bot answers with the configured count, max_concurrency and starts left."""
    fake_discord.session_limits = SessionLimits(recommended_shards=4, max_concurrency=2, remaining=7)
    async with http.get(f"{fake_discord.base_url}/gateway/bot", headers=AUTH) as response:
        body = await response.json()
    assert body["shards"] == 4
    assert body["session_start_limit"] == {
        "total": 1000,
        "remaining": 7,
        "reset_after": 86_400_000,
        "max_concurrency": 2,
    }


async def test_an_identify_outside_its_bucket_gets_op_9_and_identifies_are_counted(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    """Buckets are shard id % max_concurrency: shard 2 right after shard 0 is refused with op 9 (d=false),
    shard 1 (the other bucket) is not; the accepted ones are counted and use up the budget."""
    fake_discord.session_limits = SessionLimits(recommended_shards=4, max_concurrency=2, window_s=60)
    first = await _identify(http, fake_discord, [0, 4])
    refused = await _identify(http, fake_discord, [2, 4])
    other_bucket = await _identify(http, fake_discord, [1, 4])
    assert (first["t"], other_bucket["t"]) == ("READY", "READY")
    assert refused == {"op": 9, "d": False, "s": None, "t": None}
    limits = fake_discord.session_limits
    assert limits.identifies == [(0, 4), (1, 4)]
    assert (limits.invalid_sessions, limits.remaining) == (1, 998)


async def test_a_shard_outside_the_count_or_too_few_shards_close_the_socket(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    """Shard 4 of 4 closes with 4010 (invalid shard); one shard where two are required with 4011."""
    fake_discord.session_limits = SessionLimits(min_shards=2, max_concurrency=16, window_s=0)
    assert await _identify(http, fake_discord, [4, 4]) == INVALID_SHARD
    assert await _identify(http, fake_discord, [0, 1]) == SHARDING_REQUIRED
    assert fake_discord.session_limits.identifies == []


async def test_the_global_limit_is_shared_by_every_client(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    """Two clients (as two bot processes) sending 30 requests each within one second against a global
    limit of 50: ten get a 429 with `global: true`; interaction responses are not counted."""
    fake_discord.rate_limits = RateLimits(global_per_s=50, every_request=True, clock=lambda: 0.0)
    channel = fake_discord.world.guild.channel.id
    statuses: list[int] = []
    async with aiohttp.ClientSession() as other:

        async def post(client: aiohttp.ClientSession, n: int) -> None:
            url = f"{fake_discord.base_url}/channels/{channel + n}/messages"
            async with client.post(url, json={"content": f"post {n}"}, headers=AUTH) as response:
                statuses.append(response.status)
                if response.status == 429:
                    assert (await response.json())["global"] is True

        await asyncio.gather(*(post(http if n % 2 else other, n) for n in range(60)))
        async with other.post(
            f"{fake_discord.base_url}/interactions/1/token/callback", json={"type": 1}
        ) as response:
            assert response.status != 429
    assert sorted(statuses).count(429) == 10
    assert fake_discord.rate_limits.global_limited == 10


async def test_a_held_answer_comes_after_the_post_is_made(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    """With a hold on a channel's messages, the post is in the channel while its sender still waits."""
    channel = fake_discord.world.guild.channel.id
    hold = fake_discord.hold(rf"/channels/{channel}/messages", method="POST")
    url = f"{fake_discord.base_url}/channels/{channel}/messages"
    sending = asyncio.create_task(http.post(url, json={"content": "held"}, headers=AUTH))
    await asyncio.wait_for(hold.reached.wait(), 5)
    assert [m["content"] for m in fake_discord.channel_messages(channel)] == ["held"]
    assert not sending.done()
    hold.release()
    async with await sending as response:
        assert response.status == 200
