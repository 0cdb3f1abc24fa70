"""Claims across processes on a real store (SQLite and PostgreSQL): a cut-off claim is taken over by
exactly one process, and each process reads only the servers on its shards."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta

from bot.announce.claims import STALE_CLAIM, Claimants
from db.store import Store, open_store
from db.store.queries import announce_log as log_store
from db.store.queries.announce_log import LogEntry
from kernel.announcing import PostKey
from kernel.shards import ShardSet
from tests.announce.world import SAMPLE_GREEN_FLAG, follow_many, sample_event_id

NOW = SAMPLE_GREEN_FLAG - timedelta(hours=5)
WINDOW = {"behind": timedelta(days=1), "ahead": timedelta(days=7)}
DEAD, ALIVE, ME = 11, 22, 33


async def _claimed(store: Store, by: int) -> tuple[PostKey, LogEntry]:
    key = PostKey(10, 20, await sample_event_id(store), "grid")
    assert await log_store.claim(store.sessions, key, digest="d", now=NOW, by=by)
    entry = await log_store.log_entry(store.sessions, key)
    assert entry is not None and entry.claimed_by == by
    return key, entry


async def test_a_cut_off_claim_is_taken_over_by_exactly_one_process(store: Store, database_url: str) -> None:
    """Two processes (two connection pools) take over the same dead claim at once: one wins, and the
    claim is then the winner's."""
    key, seen = await _claimed(store, DEAD)
    other = await open_store(database_url)
    try:
        won = await asyncio.gather(
            log_store.take_over(store.sessions, key, seen=seen, by=ME, now=NOW + timedelta(seconds=5)),
            log_store.take_over(other.sessions, key, seen=seen, by=ALIVE, now=NOW + timedelta(seconds=5)),
        )
    finally:
        await other.close()
    assert sorted(won) == [False, True]
    entry = await log_store.log_entry(store.sessions, key)
    assert entry is not None and entry.claimed_by == (ME if won[0] else ALIVE)


async def test_a_claim_marked_meanwhile_is_not_taken_over(store: Store) -> None:
    """The claimer marked its post between the look and the take-over: the take-over does nothing."""
    key, seen = await _claimed(store, DEAD)
    await log_store.mark_sent(store.sessions, key, message_id=5, now=NOW)
    assert not await log_store.take_over(store.sessions, key, seen=seen, by=ME, now=NOW)
    entry = await log_store.log_entry(store.sessions, key)
    assert entry is not None and (entry.state, entry.claimed_by) == ("sent", DEAD)


def test_whose_claims_are_cut_off() -> None:
    """A live claimer's fresh claim waits; a dead one's is taken at once; any claim past STALE_CLAIM is;
    this process's own waits; without liveness (SQLite, alone) a claim from before the start is."""
    fresh = LogEntry("claimed", None, "d", None, NOW, ALIVE)
    on_postgres = Claimants(ME, up_since=NOW + timedelta(minutes=1), live=frozenset({ALIVE}), alone=False)
    assert not on_postgres.cut_off(fresh, NOW)
    assert on_postgres.cut_off(LogEntry("claimed", None, "d", None, NOW, DEAD), NOW)
    assert on_postgres.cut_off(fresh, NOW + STALE_CLAIM)
    assert not on_postgres.cut_off(LogEntry("claimed", None, "d", None, NOW, ME), NOW)
    unknown = Claimants(ME, up_since=NOW + timedelta(minutes=1), live=None, alone=False)
    assert not unknown.cut_off(fresh, NOW)
    started_after = Claimants(ME, up_since=NOW + timedelta(minutes=1), live=None, alone=True)
    started_before = Claimants(ME, up_since=NOW - timedelta(minutes=1), live=None, alone=True)
    assert started_after.cut_off(fresh, NOW) and not started_before.cut_off(fresh, NOW)


async def test_a_process_reads_only_the_servers_on_its_shards(store: Store) -> None:
    """Servers with random ids on 4 shards: shards 1 and 3 read exactly those with (id >> 22) % 4 in
    {1, 3}, computed here by hand."""
    rng = random.Random(4)
    guilds = sorted(rng.randrange(1 << 40, 1 << 62) for _ in range(40))
    for n, guild in enumerate(guilds):
        await follow_many(store, guild, 800 + n, 1, mode="lineup", minutes_before=None)
    expected = {guild for guild in guilds if (guild >> 22) % 4 in (1, 3)}
    targets = await log_store.announcement_targets(
        store.sessions, now=NOW, shards=ShardSet(4, (1, 3)), **WINDOW
    )
    assert {target.guild_id for target in targets} == expected
    assert 0 < len(expected) < len(guilds)
