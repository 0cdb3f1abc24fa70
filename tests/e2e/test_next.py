"""/next end to end: the next weekend's sessions as Discord timestamps, or word that no schedule is stored."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from bot.client import RaceBot
from db.store import open_store
from db.store.models import Event, Session
from tests.fakediscord.server import FakeDiscord
from tests.store.builders import Row, add_race

GREEN_FLAG = datetime.now(UTC).replace(microsecond=0) + timedelta(days=5)


@pytest.fixture
async def weekend_ahead(store_url: str) -> AsyncIterator[None]:
    """Last year's Cup race at Bristol (won by Kyle Busch) and this weekend's, qualifying the day before."""
    store = await open_store(store_url)
    await add_race(store, series="cup", season=2024, round=8, track="Bristol Motor Speedway",
                   rows=[Row("Kyle Busch", 3, 1), Row("Denny Hamlin", 1, 2)])  # fmt: skip
    upcoming = await add_race(store, series="cup", season=2099, round=8, track="Bristol Motor Speedway",
                              rows=[Row("Kyle Busch", None, None), Row("Denny Hamlin", None, None)])  # fmt: skip
    async with store.sessions.begin() as session:
        await session.execute(
            update(Event).where(Event.id == upcoming).values(start_time_utc=GREEN_FLAG, tv_network="FS1")
        )
        await session.execute(
            update(Session).where(Session.event_id == upcoming).values(start_time_utc=GREEN_FLAG)
        )
        session.add(
            Session(
                event_id=upcoming,
                kind="qualifying",
                name="Qualifying",
                start_time_utc=GREEN_FLAG - timedelta(days=1),
            )
        )
    await store.close()
    yield


async def test_next_weekend_in_discord_timestamps(
    weekend_ahead: None, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    reply = await fake_discord.send_command("next", {"series": "cup"})
    embed = reply.embeds[0]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    qualifying, race = int((GREEN_FLAG - timedelta(days=1)).timestamp()), int(GREEN_FLAG.timestamp())
    assert (
        fields["Sessions"]
        == f"Qualifying: <t:{qualifying}:F> (<t:{qualifying}:R>)\nRace: <t:{race}:F> (<t:{race}:R>)"
    )
    assert (fields["Defending winner here"], fields["Entry list"], fields["Watch and listen"]) == (
        "Kyle Busch",
        "2 cars",
        "TV: FS1",
    )
    assert fake_discord.violations == []


async def test_no_schedule_ahead_says_it_is_not_published(
    racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    reply = await fake_discord.send_command("next")
    assert reply.ephemeral and "No race ahead in the store: the coming schedule is not published" in (
        reply.content or ""
    )
