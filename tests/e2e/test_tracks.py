"""/track and /schedule end to end on the sample store, every payload checked against Discord's spec."""

from __future__ import annotations

import json
from pathlib import Path

from bot.client import RaceBot
from tests.fakediscord.server import FakeDiscord

SAMPLE = json.loads(
    (Path(__file__).resolve().parents[2] / "db" / "sample_data" / "truck_2025_homestead.json").read_text()
)


async def test_track_gives_length_and_surface(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    reply = await fake_discord.send_command("track", {"track": "homestead"})
    embed = reply.embeds[0]
    track = SAMPLE["track"]
    assert embed["title"] == track["name"]
    assert f"{track['length_miles']:g} miles" in embed["description"]
    assert fake_discord.violations == []


async def test_schedule_lists_the_season_with_discord_timestamps(
    racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    reply = await fake_discord.send_command("schedule", {"series": "truck", "season": 2025})
    embed = reply.embeds[0]
    stamp = "<t:1742688000:f>"  # 2025-03-23T00:00Z, the sample's green flag
    assert embed["title"] == "2025 Craftsman Truck Series schedule"
    assert (
        f"**{SAMPLE['round']}.** {SAMPLE['track']['name']} · {stamp} · {SAMPLE['tv_network']}"
        in embed["description"]
    )
    assert fake_discord.violations == []


async def test_schedule_of_a_season_not_in_the_store_says_so(
    racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    reply = await fake_discord.send_command("schedule", {"series": "cup", "season": 1990})
    assert reply.ephemeral and "No 1990 cup schedule in the store: that season's history isn't loaded" in (
        reply.content or ""
    )
