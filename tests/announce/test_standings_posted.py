"""Standings posts end to end: the running bot against the fake Discord (every request checked against
Discord's spec), NASCAR's real 2020 Cup drivers table (published after race 11) in the store, and a 2020
Cup race numbered 11 whose results become official."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from db.importers.feed.points import store_tables
from db.importers.feed.points_payloads import parse_points_table
from db.store import Store
from db.store.models import Event
from db.store.queries import announce_log as log_store
from kernel.announcing import PostKey
from tests.announce.running import CHANNEL, GUILD, announced, filled, is_post, posts, racebot
from tests.announce.world import follow, make_official
from tests.conftest import _reset_postgres as reset_postgres
from tests.fakediscord.clock import FakeClock
from tests.fakediscord.fixtures import start_bot
from tests.fakediscord.server import FakeDiscord
from tests.store.builders import Row, add_race

DRIVERS_2020 = "points-drivers_2020_cup_snapshot-2020-06-11.json"
GREEN_FLAG = datetime(2020, 6, 10, 23, 0, tzinfo=UTC)  # Martinsville, race 11 of 2020
AFTER = GREEN_FLAG + timedelta(hours=3)
NO_PING: dict[str, list[str]] = {"parse": []}


def snapshot(shared_data: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((shared_data / "nascar-feed" / DRIVERS_2020).read_text("utf-8"))
    return rows


async def store_table(store: Store, rows: list[dict[str, Any]], at: datetime) -> None:
    """NASCAR's drivers table as the live sync stores it (replacing the one before; bumps the data version)."""
    await store_tables(store, 2020, {("cup", "drivers"): parse_points_table("drivers", rows)}, at=at)


async def race_11(
    store_url: str, shared_data: Path, *, standings: bool, results: str = "off", servers: int = 1
) -> int:
    """Race 11 of 2020 with its lineup, not yet official; the 2020 table stored; `servers` servers
    following Cup, each in a channel of its own."""
    async with filled(store_url) as store:
        event_id = await add_race(
            store, series="cup", season=2020, round=11, track="Martinsville Speedway",
            rows=[Row("Kevin Harvick", 1, None, car="4"), Row("Joey Logano", 2, None, car="22")],
        )  # fmt: skip
        async with store.sessions.begin() as session:
            await session.execute(update(Event).where(Event.id == event_id).values(start_time_utc=GREEN_FLAG))
        await store_table(store, snapshot(shared_data), AFTER)
        for n in range(servers):
            await follow(store, GUILD + n, CHANNEL + n, series="cup", results=results, standings=standings)
    return event_id


def first_entry(body: dict[str, Any]) -> str:
    return str(body["embeds"][0]["description"]).split("```\n", 1)[1].splitlines()[0]


async def test_standings_on_posts_once_after_the_official_results(
    fake_discord: FakeDiscord, store_url: str, shared_data: Path
) -> None:
    """Nothing before the results are official; then one post, which further passes and a restarted bot
    leave alone; it mentions nobody."""
    event_id = await race_11(store_url, shared_data, standings=True)
    clock = FakeClock(AFTER)
    bot = racebot(fake_discord, store_url, clock, store_poll_seconds=0.05)
    async with start_bot(fake_discord, bot):
        await announced(bot)
        assert posts(fake_discord) == []
        async with filled(store_url) as store:
            await make_official(store, event_id)
        sent = await fake_discord.wait_for(is_post(CHANNEL))
        await announced(bot)
        await announced(bot)
    clock.advance(60)
    async with start_bot(fake_discord, racebot(fake_discord, store_url, clock)) as again:
        await announced(again)
    assert len(posts(fake_discord)) == 1 and len(fake_discord.channel_messages(CHANNEL)) == 1
    body = sent.json
    assert body["nonce"] == PostKey(GUILD, CHANNEL, event_id, "standings").nonce
    assert body["allowed_mentions"] == NO_PING
    assert (
        body["content"]
        == "Standings after the race: Martinsville Speedway 2020 race 11 at Martinsville Speedway"
    )
    assert body["embeds"][0]["title"] == "2020 NASCAR Cup Series standings after race 11"
    top = snapshot(shared_data)[0]
    assert first_entry(body).split() == [
        str(top["position"]),
        top["driver_name"].split()[0],
        "Harvick",
        "452",
        "–",
    ]
    async with filled(store_url) as store:
        entry = await log_store.log_entry(store.sessions, PostKey(GUILD, CHANNEL, event_id, "standings"))
    assert entry is not None and entry.state == "sent"
    assert entry.message_id == int(fake_discord.channel_messages(CHANNEL)[0]["id"])
    assert fake_discord.problems() == []


async def test_standings_off_posts_none(fake_discord: FakeDiscord, store_url: str, shared_data: Path) -> None:
    """Standings off, results on: once official the results go out, and no standings post follows."""
    event_id = await race_11(store_url, shared_data, standings=False, results="on")
    clock = FakeClock(AFTER)
    bot = racebot(fake_discord, store_url, clock, store_poll_seconds=0.05)
    async with start_bot(fake_discord, bot):
        async with filled(store_url) as store:
            await make_official(store, event_id)
        await fake_discord.wait_for(is_post(CHANNEL))
        await announced(bot)
        await announced(bot)
    [results] = posts(fake_discord)
    assert results.json["content"].startswith("Official results: ")
    assert results.json["allowed_mentions"] == NO_PING
    assert fake_discord.problems() == []


async def test_a_penalty_edits_the_post_until_a_later_race_counts(
    fake_discord: FakeDiscord, store_url: str, shared_data: Path
) -> None:
    """A penalty changes the table after the post: the message is edited, not posted again. Once the table
    counts race 12, this race's post is left as it was."""
    event_id = await race_11(store_url, shared_data, standings=True)
    async with filled(store_url) as store:
        await make_official(store, event_id)
    clock = FakeClock(AFTER)
    bot = racebot(fake_discord, store_url, clock, store_poll_seconds=0.05)
    async with start_bot(fake_discord, bot):
        await fake_discord.wait_for(is_post(CHANNEL))
        message_id = fake_discord.channel_messages(CHANNEL)[0]["id"]
        penalised = snapshot(shared_data)
        penalised[0]["points"] -= 10  # 452 -> 442, still first
        async with filled(store_url) as store:
            await store_table(store, penalised, AFTER + timedelta(hours=1))
        edits = f"/channels/{CHANNEL}/messages/{message_id}"
        edit = await fake_discord.wait_for(lambda r: r.method == "PATCH" and r.path == edits)
        assert first_entry(edit.json).split()[-2:] == ["442", "–"]
        assert edit.json["allowed_mentions"] == NO_PING
        later = snapshot(shared_data)
        for row in later:
            row["starts"] += 1  # race 12 counted
        later[0]["points"] += 40
        async with filled(store_url) as store:
            await store_table(store, later, AFTER + timedelta(days=3))
        await bot.answers.refresh_if_changed()
        counted = await bot.answers.published_standings("cup", 2020)
        assert counted is not None and counted.races == 12
        await announced(bot)
        await announced(bot)
    assert len(fake_discord.requests.matching(lambda r: r.method == "PATCH")) == 1
    assert len(posts(fake_discord)) == 1
    assert fake_discord.problems() == []


@pytest.mark.postgres
async def test_two_bots_on_one_postgres_store_post_the_standings_once(
    fake_discord: FakeDiscord, postgres_database: str, shared_data: Path
) -> None:
    """Two bot processes sharing one PostgreSQL store, twenty servers: each channel gets one standings post."""
    await reset_postgres(postgres_database)
    event_id = await race_11(postgres_database, shared_data, standings=True, servers=20)
    async with filled(postgres_database) as store:
        await make_official(store, event_id)
    clock = FakeClock(AFTER)
    first, second = (racebot(fake_discord, postgres_database, clock) for _ in range(2))
    async with start_bot(fake_discord, first), start_bot(fake_discord, second):
        await asyncio.gather(announced(first), announced(second))
        await asyncio.gather(announced(first), announced(second))
    sent = posts(fake_discord)
    assert len({r.json["nonce"] for r in sent}) == len(sent) == 20
    assert all(len(fake_discord.channel_messages(CHANNEL + n)) == 1 for n in range(20))
    assert all(r.json["allowed_mentions"] == NO_PING for r in sent)
    assert fake_discord.problems() == []
