"""/driver's place in the current season's points: NASCAR's real 2020 Cup table (published 2020-06-11)
served on loopback and imported, read back for a driver against the JSON (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.answers.service import Answers
from bot.render.drivers import driver_embed
from db.importers.feed.client import FeedClient
from db.importers.feed.points import import_points, points_table_url
from db.importers.history.importer import import_history
from db.store import Store
from kernel.careers import PointsPlace
from tests.importers.feed.server import FeedServer
from tests.importers.history.files import row, write_csv

DRIVERS_2020 = "points-drivers_2020_cup_snapshot-2020-06-11.json"
AT = datetime(2020, 6, 11, 12, 0, tzinfo=UTC)
BUSCH = "Kyle Busch"


@pytest.fixture
async def answers(
    empty_store: Store, tmp_path: Path, payloads: Callable[[str], Any], client: FeedClient
) -> AsyncIterator[Answers]:
    """A store with two Kyle Busch Cup starts (2019 and 2020) and NASCAR's 2020 Cup drivers table."""
    rows = [
        row(BUSCH, 1, 3, Season=2019, Car="18"),
        row(BUSCH, 2, 5, Season=2020, Car="18"),
        row("Denny Hamlin", 1, 2, Season=2020, Car="11"),
    ]
    await import_history(empty_store, [write_csv(tmp_path / "cup_series.csv", rows)])
    server = FeedServer()
    await server.start()
    url = points_table_url(server.base_url, 2020, 1, "drivers")
    server.serve(url.removeprefix(server.base_url.removesuffix("/cacher")), payloads(DRIVERS_2020))
    await import_points(
        empty_store, season=2020, series="cup", base_url=server.base_url, client=client, at=AT
    )
    await server.close()
    service = Answers(empty_store, clock=lambda: AT)
    await service.refresh()
    yield service


def expected(payloads: Callable[[str], Any]) -> PointsPlace:
    """Kyle Busch's line as the JSON has it: place, points, behind the leader, and to the playoff cut."""
    table = payloads(DRIVERS_2020)
    line = next(entry for entry in table if entry["driver_name"] == BUSCH)
    top = max(entry["points"] for entry in table)
    return PointsPlace(
        "cup",
        2020,
        line["position"],
        line["points"],
        line["points"] - top,
        to_cut=line["delta_playoff"],
        fetched_at=AT,
    )


async def test_the_driver_page_has_the_current_points_place(
    answers: Answers, payloads: Callable[[str], Any]
) -> None:
    place = expected(payloads)
    report = await answers.driver(BUSCH)
    assert report.points_places == (place,)
    lines = driver_embed(report).to_dict()["fields"][0]["value"].splitlines()
    assert lines[:2] == [
        "**2× Cup champion** (2015, 2019)",
        f"2020 points: **{place.position}th** with {place.points:,}, {-place.behind_leader:,} behind the leader"
        f" · {place.to_cut:,} above the cut line",
    ]


async def test_no_points_place_outside_the_span_or_at_a_track(answers: Answers) -> None:
    assert (await answers.driver(BUSCH, to_year=2019)).points_places == ()
    assert (await answers.driver(BUSCH, track="daytona")).points_places == ()
