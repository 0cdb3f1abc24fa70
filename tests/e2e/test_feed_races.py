"""/results and /grid end to end on races imported from NASCAR's feed: figures and grid method reach Discord.

The fake Discord checks every payload against Discord's spec.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot.client import RaceBot
from db.importers.feed.client import FeedClient
from db.importers.feed.importer import import_feed
from db.store import open_store
from tests.fakediscord.server import FakeDiscord
from tests.importers.feed.server import FeedServer


@pytest.fixture
async def feed_races(store_url: str, feed: FeedServer, client: FeedClient) -> AsyncIterator[None]:
    """The bot's store after `import feed` of Cup 2023 (through Richmond) and Cup 2026 (Sonoma)."""
    store = await open_store(store_url)
    for season in (2023, 2026):
        await import_feed(store, season=season, series="cup", base_url=feed.base_url, client=client)
    await store.close()
    yield


async def test_results_show_the_race_figures(
    feed_races: None, racebot: RaceBot, fake_discord: FakeDiscord, payloads: Callable[[str], Any]
) -> None:
    """Sonoma 2026: margin, cautions and lead changes as the payload gives them, first in the summary
    above the top ten, in a valid embed."""
    race = payloads("weekend-feed_2026_1_5617_TRIMMED.json")["weekend_race"][0]
    reply = await fake_discord.send_command("results", {"race": "sonoma", "year": 2026})
    summary = reply.embeds[0]["description"].split("\n\n")[1]
    assert summary.splitlines()[0] == (
        f"Won by {float(race['margin_of_victory']):.3f} s · {race['number_of_cautions']} cautions "
        f"({race['number_of_caution_laps']} laps) · {race['number_of_lead_changes']} lead changes "
        f"among {race['number_of_leaders']} leaders"
    )
    assert not reply.ephemeral and fake_discord.violations == []


async def test_grid_says_the_metric_set_richmond_2023(
    feed_races: None, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """Richmond 2023's qualifying was cancelled: /grid says the metric set the lineup."""
    reply = await fake_discord.send_command("grid", {"race": "richmond", "series": "cup", "year": 2023})
    assert "Grid set by metric (qualifying cancelled)" in reply.embeds[0]["description"]
    assert not reply.ephemeral and fake_discord.violations == []
