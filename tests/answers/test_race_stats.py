"""/results and /grid for races NASCAR's feed imported: the race's figures and how the grid was set.

Expected values are read from the payloads themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bot.answers.service import Answers
from bot.render.races import results_embed
from db.importers.feed.client import FeedClient
from db.importers.feed.importer import import_feed
from db.store import Store
from tests.importers.feed.server import FeedServer
from tests.store.builders import Row, add_race

Payloads = Callable[[str], Any]
NOW = datetime(2026, 12, 1, tzinfo=UTC)


async def _answers(store: Store, feed: FeedServer, client: FeedClient, *seasons: int) -> Answers:
    for season in seasons:
        await import_feed(store, season=season, series="cup", base_url=feed.base_url, client=client)
    answers = Answers(store, clock=lambda: NOW)
    await answers.refresh()
    return answers


async def test_results_of_a_feed_race_carry_its_figures(
    empty_store: Store, feed: FeedServer, client: FeedClient, payloads: Payloads
) -> None:
    """Sonoma 2026 (official in the feed): margin, cautions and lead changes as the payload gives them."""
    race = payloads("weekend-feed_2026_1_5617_TRIMMED.json")["weekend_race"][0]
    answers = await _answers(empty_store, feed, client, 2026)
    report = await answers.results("sonoma", year=2026)
    assert report.stats is not None
    assert (
        report.stats.margin_s,
        report.stats.cautions,
        report.stats.caution_laps,
        report.stats.lead_changes,
        report.stats.leaders,
    ) == (
        float(race["margin_of_victory"]),
        race["number_of_cautions"],
        race["number_of_caution_laps"],
        race["number_of_lead_changes"],
        race["number_of_leaders"],
    )
    # The race's figures lead the summary, above the top ten.
    race_line = (results_embed(report).description or "").split("\n\n")[1].splitlines()[0]
    assert race_line.startswith(f"Won by {float(race['margin_of_victory']):.3f} s")
    assert f"{race['number_of_lead_changes']} lead changes" in race_line


async def test_results_name_the_stage_winners(
    empty_store: Store, feed: FeedServer, client: FeedClient, payloads: Payloads
) -> None:
    """Richmond 2023 (finishes from history, the rest from the feed): stage winners by name, in order."""
    race = payloads("weekend-feed_2023_1_5274.json")["weekend_race"][0]
    await add_race(
        empty_store,
        series="cup",
        season=2023,
        round=7,
        track="Richmond Raceway",
        length=0.75,
        rows=[Row("Kyle Larson", None, 1, led=93, car="5"), Row("A.J. Allmendinger", 25, 20, car="16")],
    )
    answers = await _answers(empty_store, feed, client, 2023)
    report = await answers.results("richmond", year=2023)
    winners = [
        entry["driver_fullname"]
        for stage in sorted(race["stage_results"], key=lambda s: s["stage_number"])
        for entry in stage["results"]
        if entry["finishing_position"] == 1
    ]
    assert report.stats is not None
    assert (report.stats.stage_winners, report.stats.cautions) == (tuple(winners), race["number_of_cautions"])


async def test_grid_of_richmond_2023_was_set_by_metric(
    empty_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """Qualifying at Richmond 2023 was cancelled, so /grid says the metric set the lineup."""
    answers = await _answers(empty_store, feed, client, 2023)
    report = await answers.grid("richmond", year=2023)
    assert (report.event.grid_method, report.from_qualifying) == ("metric", False)


async def test_history_results_carry_no_figures(empty_store: Store) -> None:
    """A race the feed never described has no figures (not zeros)."""
    await add_race(
        empty_store,
        series="cup",
        season=2010,
        round=1,
        track="Bristol Motor Speedway",
        rows=[Row("Kyle Busch", 1, 1, car="18")],
    )
    answers = Answers(empty_store, clock=lambda: NOW)
    await answers.refresh()
    report = await answers.results("bristol", year=2010)
    assert report.stats is None
