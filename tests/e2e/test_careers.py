"""/leaders points earned and driver rating end to end on the real Cup races at Homestead: the real client,
the fake Discord checking every payload against Discord's spec, expected figures summed from the rows."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.client import RaceBot
from db.importers.history.importer import import_history
from db.store import open_store
from tests.e2e.test_leaders import HOMESTEAD, write_cup_track
from tests.fakediscord.server import FakeDiscord


@pytest.fixture
async def rows(shared_data: Path, store_url: str, tmp_path: Path) -> list[dict[str, str]]:
    """The bot's store holds Cup at Homestead; returns those rows as the file has them."""
    source = write_cup_track(shared_data, HOMESTEAD, tmp_path)
    store = await open_store(store_url)
    await import_history(store, [source])
    await store.close()
    with source.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
async def bot(rows: list[dict[str, str]], racebot: RaceBot) -> AsyncIterator[RaceBot]:
    yield racebot


async def test_points_earned_at_homestead_since_2017(
    rows: list[dict[str, str]], bot: RaceBot, fake_discord: FakeDiscord
) -> None:
    points: defaultdict[str, int] = defaultdict(int)
    starts: defaultdict[str, int] = defaultdict(int)
    for row in rows:
        if int(row["Season"]) >= 2017:
            points[row["Driver"]] += int(row["Pts"])
            starts[row["Driver"]] += bool(row["Finish"])
    best = min(points, key=lambda name: (-points[name], name))
    reply = await fake_discord.send_command(
        "leaders", {"stat": "points", "track": "homestead", "from_year": 2017}
    )
    [embed] = reply.embeds
    assert embed["title"] == "Most points earned — NASCAR Cup Series at Homestead-Miami Speedway, from 2017"
    assert embed["description"].splitlines()[0] == f"**1.** {best} — {points[best]:,} ({starts[best]} starts)"
    assert "Points earned: each driver's championship points race by race" in embed["description"]
    assert not reply.ephemeral and fake_discord.problems() == []


async def test_driver_rating_at_homestead(
    rows: list[dict[str, str]], bot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """The best mean `Rating` over at least 10 rated starts there, and how many starts have none."""
    ratings: defaultdict[str, list[float]] = defaultdict(list)
    for row in rows:
        if row["Finish"] and row["Rating"]:
            ratings[row["Driver"]].append(float(row["Rating"]))
    means = {name: sum(r) / len(r) for name, r in ratings.items() if len(r) >= 10}
    best = max(means, key=means.__getitem__)
    unrated = sum(1 for row in rows if row["Finish"] and not row["Rating"])
    reply = await fake_discord.send_command("leaders", {"stat": "rating", "track": "homestead"})
    [embed] = reply.embeds
    lines = embed["description"].splitlines()
    assert embed["title"] == "Best average driver rating — NASCAR Cup Series at Homestead-Miami Speedway"
    assert lines[0] == f"**1.** {best} — {means[best]:.1f} ({len(ratings[best])} rated starts)"
    assert any(line.startswith(f"Driver rating unknown for {unrated:,} of ") for line in lines)
    assert not reply.ephemeral and fake_discord.problems() == []
