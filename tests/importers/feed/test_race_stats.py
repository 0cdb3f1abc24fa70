"""Race figures and how the grid was set: read from the real payloads, then stored on import and sync.

Expected values are read from the payload JSON in each test, never copied from the importer's output.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from db.importers.feed.client import FeedClient
from db.importers.feed.importer import import_feed
from db.importers.feed.payloads import parse_race_list, parse_weekend_feed
from db.importers.feed.sync import sync_round
from db.store import Store
from db.store.models import Driver, Event, StageWinner
from tests.importers.feed.server import FeedServer

Payloads = Callable[[str], Any]
RICHMOND_2023 = "weekend-feed_2023_1_5274.json"
MARTINSVILLE_2020 = "weekend-feed_2020_1_4973.json"
SONOMA_2026 = "weekend-feed_2026_1_5617_TRIMMED.json"
WEEKEND_2023 = "/2023/1/5274/weekend-feed.json"


def _race(payload: dict[str, Any]) -> dict[str, Any]:
    race: dict[str, Any] = payload["weekend_race"][0]
    return race


def _figures(race: dict[str, Any]) -> tuple[float, int, int, int, int]:
    """The payload's own figures: margin (seconds as text), cautions, caution laps, lead changes, leaders."""
    return (
        float(race["margin_of_victory"]),
        race["number_of_cautions"],
        race["number_of_caution_laps"],
        race["number_of_lead_changes"],
        race["number_of_leaders"],
    )


def _stage_winners(race: dict[str, Any]) -> list[tuple[int, int]]:
    """(stage number, feed driver id) of each stage's first place, in stage order."""
    return sorted(
        (stage["stage_number"], entry["driver_id"])
        for stage in race["stage_results"]
        for entry in stage["results"]
        if entry["finishing_position"] == 1
    )


async def _stored_event(store: Store, feed_race_id: int) -> Event:
    async with store.sessions() as session:
        event = await session.scalar(select(Event).where(Event.feed_race_id == feed_race_id))
    assert event is not None
    return event


async def _stored_stage_winners(store: Store, event_id: int) -> list[tuple[int, int | None]]:
    async with store.sessions() as session:
        rows = await session.execute(
            select(StageWinner.stage, Driver.feed_driver_id)
            .join(Driver, Driver.id == StageWinner.driver_id)
            .where(StageWinner.event_id == event_id)
            .order_by(StageWinner.stage)
        )
        return [(stage, feed_id) for stage, feed_id in rows]


# Parsing


@pytest.mark.parametrize("name", [RICHMOND_2023, MARTINSVILLE_2020, SONOMA_2026])
def test_figures_are_read_as_the_payload_gives_them(payloads: Payloads, name: str) -> None:
    """Margin (text to seconds), cautions, caution laps, lead changes and leaders match the payload."""
    payload = payloads(name)
    stats = parse_weekend_feed(payload).race.stats
    assert stats is not None
    parsed = (stats.margin_s, stats.cautions, stats.caution_laps, stats.lead_changes, stats.leaders)
    assert (parsed, stats.under_caution) == (_figures(_race(payload)), False)


@pytest.mark.parametrize("name", [RICHMOND_2023, MARTINSVILLE_2020])
def test_stage_winners_are_each_stages_first_place(payloads: Payloads, name: str) -> None:
    """Stage winners come from `stage_results`, in stage order."""
    payload = payloads(name)
    winners = parse_weekend_feed(payload).race.stage_winners
    assert [(w.stage, w.driver_id) for w in winners] == _stage_winners(_race(payload))


@pytest.mark.parametrize("text", ["Caution", "Under Caution"])
def test_a_race_ended_under_caution_has_no_margin(payloads: Payloads, text: str) -> None:
    """The feed writes words for a finish under yellow (the 2023 Daytona 500: "Caution")."""
    payload = payloads(RICHMOND_2023)
    _race(payload)["margin_of_victory"] = text
    stats = parse_weekend_feed(payload).race.stats
    assert stats is not None and (stats.margin_s, stats.under_caution) == (None, True)


def test_a_race_not_run_yet_has_no_figures(payloads: Payloads) -> None:
    """Races ahead in the April 2023 list carry a blank margin and zero counts: no figures, not zeros."""
    data = payloads("race_list_basic_2023_all-series_snapshot-2023-04.json")
    listed = {r["race_id"]: r for r in data["series_1"]}
    ahead = [race for race in parse_race_list(data) if race.series_id == 1 and race.is_points_race]
    ahead = [race for race in ahead if listed[race.race_id]["margin_of_victory"] == ""]
    assert ahead and all(race.stats is None for race in ahead)


def test_richmond_2023_grid_was_set_by_metric(payloads: Payloads) -> None:
    """Richmond 2023's qualifying was cancelled: the payload names a pole sitter but every speed is 0."""
    payload = payloads(RICHMOND_2023)
    race = _race(payload)
    assert race["track_name"] == "Richmond Raceway" and race["race_season"] == 2023
    qualifying_runs = [run for run in payload["weekend_runs"] if run["run_type"] == 2]
    assert race["pole_winner_driver_id"] > 0 and race["pole_winner_speed"] == 0
    assert {r["qualifying_speed"] for r in race["results"]} == {0}
    assert {e["best_lap_speed"] for run in qualifying_runs for e in run["results"]} == {0}
    assert parse_weekend_feed(payload).race.grid_method == "metric"


def test_sonoma_2026_grid_was_set_by_qualifying(payloads: Payloads) -> None:
    """Sonoma 2026 carries real qualifying speeds."""
    payload = payloads(SONOMA_2026)
    assert _race(payload)["pole_winner_speed"] > 0
    assert parse_weekend_feed(payload).race.grid_method == "qualifying"


def test_grid_method_from_the_race_list_alone(payloads: Payloads) -> None:
    """A listed pole with a speed is qualifying, one without is the metric, no pole sitter is unknown."""
    data = payloads("race_list_basic_2019_cup.json")
    data[0]["pole_winner_driver_id"], data[0]["pole_winner_speed"] = 4184, 194.305
    data[1]["pole_winner_driver_id"], data[1]["pole_winner_speed"] = 4184, 0
    data[2]["pole_winner_driver_id"], data[2]["pole_winner_speed"] = 0, 0
    assert [race.grid_method for race in parse_race_list(data[:3])] == ["qualifying", "metric", None]


# Storing


async def test_import_stores_the_figures(
    empty_store: Store, feed: FeedServer, client: FeedClient, payloads: Payloads
) -> None:
    """Richmond 2023 (feed only): the event carries the payload's figures and the metric grid."""
    race = _race(payloads(RICHMOND_2023))
    await import_feed(empty_store, season=2023, series="cup", base_url=feed.base_url, client=client)
    event = await _stored_event(empty_store, race["race_id"])
    stored = (
        event.margin_of_victory_s,
        event.cautions,
        event.caution_laps,
        event.lead_changes,
        event.leaders,
    )
    assert (stored, event.finished_under_caution, event.grid_method) == (_figures(race), False, "metric")


async def test_import_stores_stage_winners(
    empty_store: Store, feed: FeedServer, client: FeedClient, payloads: Payloads
) -> None:
    """Richmond 2023's stage winners are stored in stage order, as the drivers the results link."""
    race = _race(payloads(RICHMOND_2023))
    await import_feed(empty_store, season=2023, series="cup", base_url=feed.base_url, client=client)
    event = await _stored_event(empty_store, race["race_id"])
    assert await _stored_stage_winners(empty_store, event.id) == _stage_winners(race)


async def test_changed_stage_winner_replaces_the_stored_one(
    sqlite_store: Store, feed: FeedServer, client: FeedClient, payloads: Payloads
) -> None:
    """A corrected stage result in a later payload replaces the stored winner; no stage is doubled."""
    await import_feed(sqlite_store, season=2023, series="cup", base_url=feed.base_url, client=client)
    payload = payloads(RICHMOND_2023)
    race = _race(payload)
    stage_1 = race["stage_results"][0]["results"]
    first, second = stage_1[0], stage_1[1]
    first["finishing_position"], second["finishing_position"] = (
        second["finishing_position"],
        first["finishing_position"],
    )
    feed.serve(WEEKEND_2023, payload)
    await import_feed(sqlite_store, season=2023, series="cup", base_url=feed.base_url, client=client)
    event = await _stored_event(sqlite_store, race["race_id"])
    assert await _stored_stage_winners(sqlite_store, event.id) == _stage_winners(race)


async def test_race_list_alone_stores_figures_without_stage_winners(
    sqlite_store: Store, feed: FeedServer, client: FeedClient, payloads: Payloads
) -> None:
    """Las Vegas 2023 (race list only) gets its figures and grid method; the list has no stage results."""
    listed = next(
        r
        for r in payloads("race_list_basic_2023_all-series_snapshot-2023-04.json")["series_1"]
        if r["track_name"].startswith("Las Vegas")
    )
    await import_feed(sqlite_store, season=2023, series="cup", base_url=feed.base_url, client=client)
    event = await _stored_event(sqlite_store, listed["race_id"])
    stored = (
        event.margin_of_victory_s,
        event.cautions,
        event.caution_laps,
        event.lead_changes,
        event.leaders,
    )
    assert (stored, event.grid_method) == (_figures(listed), "qualifying")
    assert await _stored_stage_winners(sqlite_store, event.id) == []


async def test_live_sync_stores_the_figures(
    sqlite_store: Store, feed: FeedServer, client: FeedClient, payloads: Payloads
) -> None:
    """A sync round on the Sonoma 2026 weekend stores its figures and its qualifying grid."""
    race = _race(payloads(SONOMA_2026))
    saturday = datetime(2026, 6, 27, 18, 0, tzinfo=UTC)
    await sync_round(sqlite_store, base_url=feed.base_url, client=client, now=lambda: saturday)
    event = await _stored_event(sqlite_store, race["race_id"])
    stored = (
        event.margin_of_victory_s,
        event.cautions,
        event.caution_laps,
        event.lead_changes,
        event.leaders,
    )
    assert (stored, event.grid_method) == (_figures(race), "qualifying")
