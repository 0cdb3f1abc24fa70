"""Two real races with NASCAR's lap times: 2020 Martinsville (Cup, feed race 4973) and 2023 Atlanta
(Xfinity, feed race 5314). Their official results are cut from the history files, the feed links them
(race list, and 4973's weekend feed), and their lap-times payloads are served at their feed paths."""

from __future__ import annotations

import csv
import gzip
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db.importers.feed.client import FeedClient
from db.importers.feed.importer import import_feed
from db.importers.feed.lap_times import LapTimesReport, import_lap_times
from db.importers.history.importer import import_history
from db.store import Store
from db.store.models import Event
from tests.importers.feed.server import FeedServer

AT = datetime(2026, 6, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class LapRace:
    payload: str
    series: str
    season: int
    round: int
    race_id: int
    history: str

    @property
    def path(self) -> str:
        series_id = {"cup": 1, "xfinity": 2}[self.series]
        return f"/{self.season}/{series_id}/{self.race_id}/lap-times.json"


MARTINSVILLE_2020 = LapRace("lap-times_2020_1_4973.json.gz", "cup", 2020, 11, 4973, "cup_series")
ATLANTA_2023 = LapRace("lap-times_2023_2_5314.json.gz", "xfinity", 2023, 5, 5314, "xfinity_series")
LAP_RACES = (MARTINSVILLE_2020, ATLANTA_2023)


def lap_payload(shared_data: Path, race: LapRace) -> dict[str, Any]:
    with gzip.open(shared_data / "nascar-feed" / race.payload, "rt", encoding="utf-8") as stream:
        payload: dict[str, Any] = json.load(stream)
    return payload


def serve_lap_times(feed: FeedServer, shared_data: Path, *races: LapRace) -> None:
    for race in races or LAP_RACES:
        with gzip.open(shared_data / "nascar-feed" / race.payload) as stream:
            feed.serve(race.path, stream.read())


def _history_cut(shared_data: Path, folder: Path, race: LapRace) -> Path:
    """The race's rows of the real history file, in a file named for its series."""
    folder.mkdir(exist_ok=True)
    cut = folder / f"{race.history}.csv"
    with gzip.open(shared_data / "nascar" / f"{race.history}.csv.gz", "rt", encoding="utf-8") as source:
        rows = [
            row
            for row in csv.DictReader(source)
            if (row["Season"], row["Race"]) == (str(race.season), str(race.round))
        ]
    with cut.open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return cut


async def import_results(
    store: Store, feed: FeedServer, client: FeedClient, shared_data: Path, tmp_path: Path, *races: LapRace
) -> dict[int, int]:
    """The races' official results (history) linked to the feed (its race lists): feed race id -> event id."""
    for race in races or LAP_RACES:
        await import_history(store, [_history_cut(shared_data, tmp_path / race.payload, race)])
        await import_feed(
            store, season=race.season, series=race.series, base_url=feed.base_url, client=client
        )
    async with store.sessions() as session:
        rows = await session.execute(
            select(Event.feed_race_id, Event.id).where(
                Event.feed_race_id.in_([r.race_id for r in races or LAP_RACES])
            )
        )
        return {race_id: event_id for race_id, event_id in rows if race_id is not None}


async def import_laps(store: Store, feed: FeedServer, client: FeedClient, race: LapRace) -> LapTimesReport:
    """`racebot import feed`'s lap-times step for the race's season and series."""
    return await import_lap_times(
        store, season=race.season, series=race.series, base_url=feed.base_url, client=client, at=AT
    )
