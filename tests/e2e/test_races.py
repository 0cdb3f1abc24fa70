"""/grid, /results and /help end to end: the real client, the fake Discord, every payload checked by the spec."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import update

from bot.client import RaceBot
from db.store import open_store
from db.store.models import Event
from tests.fakediscord.server import FakeDiscord
from tests.store.builders import Row, add_race

SAMPLE = json.loads(
    (Path(__file__).resolve().parents[2] / "db" / "sample_data" / "truck_2025_homestead.json").read_text()
)
FIELD = [f"Driver Number {n:02d}" for n in range(1, 41)]


@pytest.fixture
async def forty_cars(store_url: str) -> AsyncIterator[None]:
    """A 40-car Cup race at Daytona (official, as history is), finishing in grid order reversed."""
    store = await open_store(store_url)
    rows = [
        Row(name, n, 41 - n, led=10 if n == 40 else 0, car=str(n)) for n, name in enumerate(FIELD, start=1)
    ]
    event_id = await add_race(
        store, series="cup", season=2024, round=1, track="Daytona International Speedway", rows=rows
    )
    async with store.sessions.begin() as session:
        await session.execute(update(Event).where(Event.id == event_id).values(results_official=True))
    await store.close()
    yield


async def test_grid_of_the_sample_weekend(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """The sample's lineup as it qualified: Heim and Gray on row 1, Larson third in the No. 07."""
    reply = await fake_discord.send_command("grid", {"race": "homestead"})
    embed = reply.embeds[0]
    assert not reply.ephemeral and fake_discord.violations == []
    by_slot = {e["qualifying"]: e for e in SAMPLE["entries"] if e["qualifying"]}
    assert embed["fields"][0]["name"] == "Row 1"
    assert (
        by_slot[1]["driver"] in embed["fields"][0]["value"]
        and by_slot[2]["driver"] in embed["fields"][0]["value"]
    )
    assert f"3. #{by_slot[3]['car']} **{by_slot[3]['driver']}**" in embed["fields"][1]["value"]


async def test_a_forty_car_grid_fits_one_message(
    forty_cars: None, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """20 rows of two, inside Discord's limits (the fake validates the body against the spec)."""
    reply = await fake_discord.send_command("grid", {"race": "daytona", "series": "cup", "year": 2024})
    fields = reply.embeds[0]["fields"]
    assert [f["name"] for f in fields] == [f"Row {n}" for n in range(1, 21)]
    assert "40. #40 **Driver Number 40**" in fields[-1]["value"]
    assert fake_discord.violations == []


async def test_results_name_the_winner_and_the_field(
    forty_cars: None, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    reply = await fake_discord.send_command("results", {"race": "daytona", "year": 2024})
    embed = reply.embeds[0]
    assert embed["title"] == "Driver Number 40 won the Daytona International Speedway 2024 race 1"
    assert "1. #40 Driver Number 40 (from 40th)" in embed["description"]
    assert {f["name"]: f["value"] for f in embed["fields"]}["Most laps led"] == "Driver Number 40 (10)"
    assert fake_discord.violations == []


async def test_results_before_the_race_is_run_say_so(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """The sample has a grid but no finishing order: the answer says there are no results yet."""
    reply = await fake_discord.send_command("results", {"race": "homestead"})
    assert reply.ephemeral and "has no results yet" in (reply.content or "")


async def test_race_autocomplete_offers_tracks_and_races(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    reply = await fake_discord.send_autocomplete("grid", {"race": "home"}, focused="race")
    names = [c["name"] for c in reply.choices]
    assert names[0] == "Homestead-Miami Speedway"


async def test_help_lists_every_command_with_an_example(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    reply = await fake_discord.send_command("help")
    fields = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}
    assert set(fields) == {
        "/announce",
        "/compare",
        "/driver",
        "/grid",
        "/help",
        "/leaders",
        "/next",
        "/ping",
        "/pole",
        "/results",
        "/schedule",
        "/track",
    }
    assert "`/grid race:homestead series:truck year:2025`" in fields["/grid"]
    assert "`/announce channel channel:#race-day series:cup`" in fields["/announce"]
    assert reply.ephemeral and fake_discord.violations == []
