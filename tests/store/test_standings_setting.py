"""A server's standings-post setting in the store (SQLite and PostgreSQL): off by default, on when turned
on, carried to the announcer with each followed channel; and "standings" posts claimed once in the log."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from db.store import Store
from db.store.models import Event
from db.store.queries import announce_log
from db.store.queries import announce_settings as stored
from kernel.announcing import PostKey
from tests.store.builders import Row, add_race

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
GUILD, CHANNEL = 111, 1001


async def _race(store: Store) -> int:
    """A Cup race run two hours ago."""
    event_id = await add_race(
        store,
        series="cup",
        season=2026,
        round=3,
        track="Bristol Motor Speedway",
        rows=[Row("Kyle Busch", 1, 1)],
    )
    async with store.sessions.begin() as session:
        await session.execute(
            update(Event).where(Event.id == event_id).values(start_time_utc=NOW - timedelta(hours=2))
        )
    return event_id


async def test_standings_are_off_for_a_new_server_and_turn_on(empty_store: Store) -> None:
    """Following a channel leaves standings off; saving standings=True keeps the rest and turns them on."""
    followed = await stored.follow(empty_store.sessions, GUILD, CHANNEL, ["cup"], now=NOW)
    assert followed.standings is False
    on = await stored.save_settings(empty_store.sessions, GUILD, now=NOW, standings=True, results="on")
    assert on.standings is True and on.results == "on" and on.followed == followed.followed
    again = await stored.guild_settings(empty_store.sessions, GUILD)
    assert again is not None and again.standings is True


async def test_the_announcer_sees_each_servers_setting_and_its_standings_post(empty_store: Store) -> None:
    """Targets carry the server's switch and, once claimed (by one claimer only), the standings post's log row."""
    event_id = await _race(empty_store)
    await stored.follow(empty_store.sessions, GUILD, CHANNEL, ["cup"], now=NOW)
    await stored.follow(empty_store.sessions, GUILD + 1, CHANNEL + 1, ["cup"], now=NOW)
    await stored.save_settings(empty_store.sessions, GUILD, now=NOW, standings=True)
    key = PostKey(GUILD, CHANNEL, event_id, "standings")
    won = await asyncio.gather(
        *(announce_log.claim(empty_store.sessions, key, digest="d", now=NOW, by=1) for _ in range(2))
    )
    assert sorted(won) == [False, True]
    targets = await announce_log.announcement_targets(
        empty_store.sessions, now=NOW, behind=timedelta(days=1), ahead=timedelta(days=7)
    )
    by_guild = {target.guild_id: target for target in targets}
    assert (by_guild[GUILD].standings, by_guild[GUILD + 1].standings) == (True, False)
    entry = by_guild[GUILD].standings_log
    assert entry is not None and (entry.state, entry.claimed_by) == ("claimed", 1)
    assert by_guild[GUILD].results_log is None and by_guild[GUILD + 1].standings_log is None
