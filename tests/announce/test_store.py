"""The announcement log and channel health on a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from db.store import Store, open_store
from db.store.queries import announce_log as log_store
from kernel.announcing import PostKey
from tests.announce.world import SAMPLE_GREEN_FLAG, follow, sample_event_id

NOW = SAMPLE_GREEN_FLAG - timedelta(hours=5)
WINDOW = {"behind": timedelta(days=1), "ahead": timedelta(days=7)}


async def _key(store: Store, kind: str = "grid") -> PostKey:
    return PostKey(10, 20, await sample_event_id(store), kind)  # type: ignore[arg-type]


async def test_targets_pair_each_followed_channel_with_its_series_races(store: Store) -> None:
    """A followed series in a channel meets its race in the window, with lineup known and no log yet."""
    await follow(store, 10, 20, role_id=99)
    await follow(store, 11, 21, series="cup")
    targets = await log_store.announcement_targets(store.sessions, now=NOW, **WINDOW)
    assert [(t.guild_id, t.channel_id, t.event.name) for t in targets] == [(10, 20, "Baptist Health 200")]
    target = targets[0]
    assert target.lineup_known and target.role_id == 99 and target.grid is None and not target.paused


async def test_targets_leave_out_races_outside_the_window(store: Store) -> None:
    """A race two days gone is not considered."""
    await follow(store, 10, 20)
    later = SAMPLE_GREEN_FLAG + timedelta(days=2)
    assert await log_store.announcement_targets(store.sessions, now=later, **WINDOW) == []


async def test_only_one_claimer_wins(store: Store) -> None:
    """Two claims of one post: the unique key lets exactly one in."""
    key = await _key(store)
    won = await asyncio.gather(*(log_store.claim(store.sessions, key, digest="d", now=NOW) for _ in range(2)))
    assert sorted(won) == [False, True]
    entry = await log_store.log_entry(store.sessions, key)
    assert entry is not None and entry.state == "claimed" and entry.content_digest == "d"


async def test_two_stores_on_one_database_claim_once(database_url: str, store: Store) -> None:
    """Two processes' engines on one database: one claim wins (the other is refused by the key)."""
    other = await open_store(database_url)
    try:
        key = await _key(store)
        won = await asyncio.gather(
            log_store.claim(store.sessions, key, digest="a", now=NOW),
            log_store.claim(other.sessions, key, digest="b", now=NOW),
        )
    finally:
        await other.close()
    assert sorted(won) == [False, True]


async def test_mark_sent_keeps_the_claimed_digest(store: Store) -> None:
    """Marking sent records the message and keeps what was claimed unless told otherwise."""
    key = await _key(store)
    await log_store.claim(store.sessions, key, digest="first", now=NOW)
    await log_store.mark_sent(store.sessions, key, message_id=12345678901234567, now=NOW)
    entry = await log_store.log_entry(store.sessions, key)
    assert entry is not None
    assert (entry.state, entry.message_id, entry.content_digest) == ("sent", 12345678901234567, "first")


async def test_held_post_is_reclaimed_once(store: Store) -> None:
    """A held post, its lineup fixed, is claimed again by one claimer only."""
    key = await _key(store)
    assert await log_store.record(store.sessions, key, state="held", detail="gap at 3", now=NOW)
    assert not await log_store.record(store.sessions, key, state="held", detail="gap at 3", now=NOW)
    won = await asyncio.gather(
        *(log_store.reclaim(store.sessions, key, states=("held",), digest="d", now=NOW) for _ in range(2))
    )
    assert sorted(won) == [False, True]


async def test_a_channel_is_paused_after_three_failures_in_a_row(store: Store) -> None:
    """Failures count up and pause at the third; a success in between starts the count again."""

    async def fail() -> log_store.Health:
        return await log_store.note_channel_failure(
            store.sessions, guild_id=10, channel_id=20, error="403 Missing Access", now=NOW
        )

    assert await fail() == log_store.Health(1, False)
    await log_store.note_channel_success(store.sessions, 20)
    assert await log_store.channel_health(store.sessions, 20) == log_store.Health(0, False)
    assert [await fail() for _ in range(3)][-1] == log_store.Health(3, True)


async def test_paused_channel_shows_in_targets(store: Store) -> None:
    """A paused channel's targets say so (the announcer leaves them alone)."""
    await follow(store, 10, 20)
    for _ in range(3):
        await log_store.note_channel_failure(store.sessions, guild_id=10, channel_id=20, error="x", now=NOW)
    [target] = await log_store.announcement_targets(store.sessions, now=NOW, **WINDOW)
    assert target.paused and target.failures == 3
