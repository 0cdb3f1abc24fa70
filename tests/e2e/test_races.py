"""/grid, /results and /help end to end: the real client, the fake Discord, every payload checked by the spec."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from bot.client import RaceBot
from db.store import open_store
from db.store.models import Event
from tests.e2e.test_schedule_pages import press
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
        Row(name, n, 41 - n, led=10 if n == 40 else 0, car=str(n), status="running")
        for n, name in enumerate(FIELD, start=1)
    ]
    event_id = await add_race(
        store, series="cup", season=2024, round=1, track="Daytona International Speedway", rows=rows
    )
    async with store.sessions.begin() as session:
        await session.execute(update(Event).where(Event.id == event_id).values(results_official=True))
    await store.close()
    yield


def block(field: dict[str, Any]) -> list[str]:
    """The lines of a grid field's code block."""
    value: str = field["value"]
    assert value.startswith("```\n") and value.endswith("\n```")
    return value[4:-4].splitlines()


async def test_grid_of_the_sample_weekend(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """The sample's lineup as it qualified, a compact block: Heim and Gray first, Larson third in the No. 07."""
    reply = await fake_discord.send_command("grid", {"race": "homestead"})
    embed = reply.embeds[0]
    assert not reply.ephemeral and fake_discord.violations == []
    by_slot = {e["qualifying"]: e for e in SAMPLE["entries"] if e["qualifying"]}
    lines = block(embed["fields"][0])
    assert embed["fields"][0]["name"] == f"Rows 1–{(len(lines) - 1 + 1) // 2}"
    assert lines[0].split() == ["Car", "Driver"]  # the sample has no qualifying speeds
    assert [line.split()[:2] for line in lines[1:4]] == [[str(n), f"#{by_slot[n]['car']}"] for n in (1, 2, 3)]
    assert by_slot[3]["driver"] in lines[3]


async def test_a_forty_car_grid_fits_one_message(
    forty_cars: None, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """Two blocks of ten rows, one message with no page buttons (the fake validates the body)."""
    reply = await fake_discord.send_command("grid", {"race": "daytona", "series": "cup", "year": 2024})
    fields = reply.embeds[0]["fields"]
    assert [f["name"] for f in fields] == ["Rows 1–10", "Rows 11–20"]
    assert block(fields[-1])[-1] == "40 #40 Driver Number 40"
    assert not fake_discord.original_message(reply).get("components")
    assert fake_discord.violations == []


async def test_results_name_the_winner_and_lead_with_the_summary(
    forty_cars: None, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """Page 1: who led most and the DNFs, then the top ten; ▶ turns to the full order of 40."""
    reply = await fake_discord.send_command("results", {"race": "daytona", "year": 2024})
    message = fake_discord.original_message(reply)
    [embed] = message["embeds"]
    assert embed["title"] == "Driver Number 40 won the Daytona International Speedway 2024 race 1 (1/2)"
    _, summary, top = embed["description"].split("\n\n")
    assert summary.splitlines() == ["Most laps led: Driver Number 40 (10)", "Did not finish: 0 of 40"]
    assert top.splitlines()[:2] == ["**Top 10**", "1. #40 Driver Number 40 (from 40th) · 10 led"]
    assert top.splitlines()[-1] == "The full order of 40 on the next page."
    turned = await press(fake_discord, message, "▶")
    [full] = turned.embeds
    assert full["title"] == "Full order — Daytona International Speedway 2024 race 1 (2/2)"
    assert [line.split(".")[0] for line in full["description"].splitlines()] == [str(n) for n in range(1, 41)]
    assert fake_discord.problems() == []


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
        "/standings",
        "/track",
    }
    assert "`/grid race:homestead series:truck year:2025`" in fields["/grid"]
    assert "`/announce channel channel:#race-day series:cup`" in fields["/announce"]
    assert reply.ephemeral and fake_discord.violations == []
