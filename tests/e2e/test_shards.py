"""Several `racebot run` processes splitting the shards of one bot, on one PostgreSQL store, against the
fake Discord with Discord's session rules and its global request limit (shared by every process).

Eight servers, two on each of four shards, each following the Truck Series in a channel of its own; the
sample race is three hours ahead. Each test starts the processes it needs (a few seconds each).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from db.store.models import Event
from db.store.queries import announce_log as log_store
from kernel.announcing import PostKey
from tests.announce.running import filled
from tests.announce.world import follow, follow_many, sample_event_id, set_grid
from tests.conftest import _reset_postgres as reset_postgres
from tests.e2e.processes import RacebotProcess, accepted_posts, posts_per_channel, servers_on_every_shard
from tests.fakediscord.models import FakeGuild
from tests.fakediscord.ratelimits import RateLimits
from tests.fakediscord.recorder import RecordedRequest
from tests.fakediscord.server import FakeDiscord
from tests.fakediscord.sessions import SessionLimits
from tests.importers.feed.server import FeedServer

pytestmark = pytest.mark.postgres

FIRST_HALF = ("--shards", "0-1", "--shard-count", "4")
SECOND_HALF = ("--shards", "2-3", "--shard-count", "4")
READY = r"ready as \S+: \d+ servers, 2 shards \((0-1|2-3) of 4\)"
LEADS = r"process \d+ leads the live sync now"
SYNCED = r"sync: no \d+ race list published yet"


@dataclass
class Bot:
    """The fake Discord and the store every process of the bot shares."""

    fake: FakeDiscord
    url: str
    servers: list[FakeGuild]
    event_id: int
    started: list[RacebotProcess] = field(default_factory=list)

    def on_shards(self, *shards: int) -> set[int]:
        """The servers on these shards of four, by Discord's formula written out here."""
        return {guild.id for guild in self.servers if (guild.id >> 22) % 4 in shards}

    async def start(self, *args: str, name: str, **env: str) -> RacebotProcess:
        process = await RacebotProcess.start(self.fake, self.url, *args, name=name, **env)
        self.started.append(process)
        return process


@pytest.fixture
async def bot(fake_discord: FakeDiscord, postgres_database: str) -> AsyncIterator[Bot]:
    await reset_postgres(postgres_database)
    servers = servers_on_every_shard(fake_discord.world, 4, 2)
    fake_discord.session_limits = SessionLimits(
        recommended_shards=4, min_shards=2, max_concurrency=2, window_s=0.5
    )
    fake_discord.rate_limits = RateLimits(global_per_s=50, every_request=True)
    async with filled(postgres_database) as store:
        for server in servers:
            await follow(store, server.id, server.channels[1].id)
        event_id = await sample_event_id(store)
        async with store.sessions.begin() as session:
            ahead = datetime.now(UTC) + timedelta(hours=3)
            await session.execute(update(Event).where(Event.id == event_id).values(start_time_utc=ahead))
    bot = Bot(fake_discord, postgres_database, servers, event_id)
    yield bot
    for process in bot.started:  # a failed test leaves none running
        if process.process.returncode is None:
            process.kill()
            await process.ended()


async def _halves(bot: Bot, **env: str) -> tuple[RacebotProcess, RacebotProcess]:
    """Shards 0-1 and 2-3 of 4, started together, both ready."""
    first, second = await asyncio.gather(
        bot.start(*FIRST_HALF, name="shards 0-1", **env), bot.start(*SECOND_HALF, name="shards 2-3", **env)
    )
    await asyncio.gather(first.wait_for(READY), second.wait_for(READY))
    return first, second


async def _without_lineup(bot: Bot) -> dict[int, int | None]:
    """The race's lineup taken away (as before qualifying); returns it, to be published later."""
    async with filled(bot.url) as store:
        return await set_grid(store, bot.event_id, {})


async def _stop(*processes: RacebotProcess) -> None:
    statuses = await asyncio.gather(*(process.stop() for process in processes))
    assert statuses == [130] * len(processes), "\n".join(map(str, processes))


def _fair_start(bot: Bot, shards_started: int) -> None:
    """Discord saw one IDENTIFY per shard started, none out of turn, and no global 429."""
    limits, rates = bot.fake.session_limits, bot.fake.rate_limits
    assert limits is not None and rates is not None
    assert (len(limits.identifies), limits.invalid_sessions) == (shards_started, 0)
    assert rates.global_limited == 0


async def test_each_server_is_answered_and_announced_by_the_process_on_its_shard(bot: Bot) -> None:
    """Two processes split four shards: every server's /ping is answered by the one holding its shard,
    every server's grid is posted exactly once, by that process."""
    first, second = await _halves(bot)
    try:
        for server in bot.servers:
            reply = await bot.fake.send_command("ping", guild=server, channel=server.channels[0])
            assert reply.content == "Pong."
        for process in (first, second):
            await process.wait_for(r"announced grid of event \d+ in \d+ channel")
        await asyncio.gather(
            *(
                bot.fake.wait_for(
                    lambda r, s=s: r.path == f"/channels/{s.channels[1].id}/messages", timeout=30
                )
                for s in bot.servers
            )
        )
        answered = {
            process.name: {
                int(g)
                for line in process.lines(r"command /ping: ok")
                for g in re.findall(r"guild (\d+)", line)
            }
            for process in (first, second)
        }
    finally:
        await _stop(first, second)
    assert answered == {"shards 0-1": bot.on_shards(0, 1), "shards 2-3": bot.on_shards(2, 3)}
    assert first.lines(r"announced grid of event \d+ in 4 channel") and second.lines(r"in 4 channel")
    assert set(posts_per_channel(bot.fake, bot.servers).values()) == {1}
    _fair_start(bot, 4)


async def test_a_process_killed_between_send_and_mark_posts_once_after_its_restart(bot: Bot) -> None:
    """Discord has the post but the process is SIGKILLed before it hears so (its claim stays unmarked);
    restarted, it takes the dead process's claim over and resends with the same nonce: one post."""
    victim = next(server for server in bot.servers if server.id in bot.on_shards(2))
    channel = victim.channels[1].id
    hold = bot.fake.hold(rf"/channels/{channel}/messages", method="POST")
    first, second = await _halves(bot)
    await asyncio.wait_for(hold.reached.wait(), 10)
    second.kill()
    await second.ended()
    hold.release()
    key = PostKey(victim.id, channel, bot.event_id, "grid")
    async with filled(bot.url) as store:
        entry = await log_store.log_entry(store.sessions, key)
        assert entry is not None and entry.state == "claimed"
    restarted = await bot.start(*SECOND_HALF, name="shards 2-3 again")
    try:
        await restarted.wait_for(READY)
        await restarted.wait_for(rf"re-sending claimed grid of event {bot.event_id} in channel {channel}")
        await restarted.wait_for(rf"announced grid of event {bot.event_id} in \d+ channel")
        async with filled(bot.url) as store:
            entry = await log_store.log_entry(store.sessions, key)
    finally:
        await _stop(first, restarted)
    sends = bot.fake.requests.matching(
        lambda r: r.method == "POST" and r.path == f"/channels/{channel}/messages"
    )
    assert len(sends) == 2 and {r.json["nonce"] for r in sends} == {key.nonce}
    assert entry is not None and entry.state == "sent"
    assert entry.message_id == int(bot.fake.channel_messages(channel)[0]["id"])
    assert set(posts_per_channel(bot.fake, bot.servers).values()) == {1}


async def test_the_sync_leader_dies_and_another_takes_over(bot: Bot) -> None:
    """With the live sync on, exactly one process leads it; SIGKILLed, the other takes the lead within
    the coordination period and runs a sync round (the loopback feed has no race list yet)."""
    feed = FeedServer()
    await feed.start()
    try:
        first, second = await _halves(bot, LIVE_SYNC="true", FEED_BASE_URL=feed.base_url)
        [leader] = await _first_to_lead(first, second)
        await asyncio.sleep(1)  # three more tries by the other: still one leader
        assert [process for process in (first, second) if process.lines(LEADS)] == [leader]
        follower = second if leader is first else first
        assert not follower.lines(SYNCED)
        leader.kill()
        killed_at = asyncio.get_running_loop().time()
        await leader.ended()
        took_over = await follower.wait_for(LEADS)
        await follower.wait_for(SYNCED)
        await _stop(follower)
    finally:
        await feed.close()
    # COORDINATION_CHECK_SECONDS is 0.3 here; its default, 10 s, keeps the takeover within a minute.
    assert took_over.at - killed_at < 5


async def _first_to_lead(*processes: RacebotProcess) -> list[RacebotProcess]:
    """The process(es) saying first that they lead the live sync."""
    waits = {asyncio.ensure_future(process.wait_for(LEADS)): process for process in processes}
    done, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    for wait in pending:
        wait.cancel()
    return [waits[wait] for wait in done]


async def test_new_data_wakes_every_process_within_a_second(bot: Bot) -> None:
    """The store poll is two minutes apart: the lineup published in the store reaches both processes by
    NOTIFY (each refreshes within a second of the commit) and every server's grid goes out."""
    lineup = await _without_lineup(bot)
    first, second = await _halves(bot)
    try:
        async with filled(bot.url) as store:
            await set_grid(store, bot.event_id, lineup)
        committed = asyncio.get_running_loop().time()
        woke = await asyncio.gather(
            *(process.wait_for(r"store changed \(data version \d+\)") for process in (first, second))
        )
        await asyncio.gather(
            *(
                bot.fake.wait_for(
                    lambda r, s=s: r.path == f"/channels/{s.channels[1].id}/messages", timeout=30
                )
                for s in bot.servers
            )
        )
    finally:
        await _stop(first, second)
    assert max(line.at for line in woke) - committed < 1.0
    assert set(posts_per_channel(bot.fake, bot.servers).values()) == {1}
    _fair_start(bot, 4)


async def test_a_rolling_reshard_from_two_to_four_shards_posts_each_grid_once(bot: Bot) -> None:
    """The old generation (shards 0-1 of 2, one process) keeps running while the new one (0-1 and 2-3
    of 4) starts; the lineup comes while all three run: every server gets its grid once. Then the old
    generation stops."""
    lineup = await _without_lineup(bot)
    old = await bot.start("--shards", "0-1", "--shard-count", "2", name="old generation")
    await old.wait_for(r"ready as \S+: 9 servers, 2 shards \(0-1 of 2\)")
    first, second = await _halves(bot)
    try:
        async with filled(bot.url) as store:
            await set_grid(store, bot.event_id, lineup)
        await asyncio.gather(
            *(
                bot.fake.wait_for(
                    lambda r, s=s: r.path == f"/channels/{s.channels[1].id}/messages", timeout=30
                )
                for s in bot.servers
            )
        )
        # Every process has seen the lineup and run its pass over it.
        for process in (old, first, second):
            await process.wait_for(r"store changed \(data version \d+\)")
        await asyncio.sleep(1)
        assert await old.stop() == 130
    finally:
        await _stop(first, second)
    nonces = [request.json["nonce"] for request in accepted_posts(bot.fake)]
    assert len(nonces) == len(set(nonces)) == len(bot.servers)
    assert set(posts_per_channel(bot.fake, bot.servers).values()) == {1}
    _fair_start(bot, 6)


async def test_two_processes_fan_out_together_under_the_global_limit(bot: Bot) -> None:
    """Sixty servers more (68 in all), a global limit of 25 requests a second and a budget of 18 for the
    whole bot: the two processes draw on it together (36 a second if each took the whole budget), so
    Discord answers no global 429 and every server gets its grid once."""
    assert bot.fake.rate_limits is not None
    bot.fake.rate_limits.global_per_s = 25
    many = 60
    async with filled(bot.url) as store:
        for n in range(many):  # consecutive shards: (id >> 22) counts up
            await follow_many(store, (1 << 40 | n) << 22, 900_000 + n, 1, mode="lineup", minutes_before=None)
    first, second = await _halves(bot, ANNOUNCE_POSTS_PER_SECOND="18")
    try:
        await bot.fake.wait_for(_nth_post(len(bot.servers) + many), timeout=60)
        started = min(request.at for request in accepted_posts(bot.fake))
        finished = max(request.at for request in accepted_posts(bot.fake))
    finally:
        await _stop(first, second)
    nonces = [request.json["nonce"] for request in accepted_posts(bot.fake)]
    assert len(nonces) == len(set(nonces)) == len(bot.servers) + many
    _fair_start(bot, 4)
    assert finished - started >= (len(nonces) - 1) / 18 - 0.2


def _nth_post(n: int) -> Callable[[RecordedRequest], bool]:
    """Matches the `n`th accepted message creation (the recorder offers each request once, in order)."""
    seen = 0

    def matches(request: RecordedRequest) -> bool:
        nonlocal seen
        seen += request.method == "POST" and request.path.endswith("/messages") and request.status == 200
        return seen == n

    return matches


async def test_a_process_refuses_to_start_beyond_the_days_session_budget(bot: Bot) -> None:
    """One session start left and two shards to start: one line says why, exit 1, no IDENTIFY."""
    assert bot.fake.session_limits is not None
    bot.fake.session_limits.remaining = 1
    process = await bot.start(*FIRST_HALF, name="over budget")
    assert await process.ended() == 1
    last = process.lines(r"^racebot: ")
    assert last == [
        "racebot: Discord allows 1 more session start(s) today (of 1000; the count resets in 24 h 00 min) "
        "and this process would start 2 shard(s): running the budget out resets the bot's token. "
        "Start fewer shards, or wait"
    ]
    assert bot.fake.session_limits.identifies == []
