"""A server's grid-card setting in the store (SQLite and PostgreSQL): on by default, off when turned off,
and carried to the announcer with each followed channel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from db.store import Store
from db.store.models import Event
from db.store.queries import announce_log
from db.store.queries import announce_settings as stored
from tests.store.builders import Row, add_race

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
GUILD, CHANNEL = 111, 1001


async def test_cards_are_on_for_a_new_server_and_turn_off(empty_store: Store) -> None:
    """Following a channel gives cards on; saving cards=False keeps the rest and turns them off."""
    followed = await stored.follow(empty_store.sessions, GUILD, CHANNEL, ["cup"], now=NOW)
    assert followed.cards is True
    off = await stored.save_settings(empty_store.sessions, GUILD, now=NOW, cards=False)
    assert off.cards is False and off.followed == followed.followed
    assert (await stored.guild_settings(empty_store.sessions, GUILD)).cards is False  # type: ignore[union-attr]


async def test_the_announcer_sees_each_servers_setting(empty_store: Store) -> None:
    """The announcement targets of a server that turned cards off say so; another server's stay on."""
    event_id = await add_race(
        empty_store,
        series="cup",
        season=2026,
        round=3,
        track="Bristol Motor Speedway",
        rows=[Row("Kyle Busch", 1, None)],
    )
    async with empty_store.sessions.begin() as session:
        await session.execute(
            update(Event).where(Event.id == event_id).values(start_time_utc=NOW + timedelta(days=1))
        )
    await stored.follow(empty_store.sessions, GUILD, CHANNEL, ["cup"], now=NOW)
    await stored.follow(empty_store.sessions, GUILD + 1, CHANNEL + 1, ["cup"], now=NOW)
    await stored.save_settings(empty_store.sessions, GUILD, now=NOW, cards=False)
    targets = await announce_log.announcement_targets(
        empty_store.sessions, now=NOW, behind=timedelta(days=1), ahead=timedelta(days=7)
    )
    assert {(target.guild_id, target.cards) for target in targets} == {(GUILD, False), (GUILD + 1, True)}
