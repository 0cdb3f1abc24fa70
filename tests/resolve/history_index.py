"""Build resolver entries straight from the nascaR.data history CSVs (../shared/data/nascar).

Kept small on purpose: the eval and the benchmark need realistic entries before the store exists.
"""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bot.resolve import CarEntry, DriverEntry, NameIndex, TrackEntry
from db.importers.aliases import load_alias_csvs

DATA_DIR = Path(__file__).resolve().parents[3] / "shared" / "data"
HISTORY_DIR = DATA_DIR / "nascar"
SERIES_FILES = {
    "cup": "cup_series.csv.gz",
    "xfinity": "xfinity_series.csv.gz",
    "truck": "truck_series.csv.gz",
}


@dataclass
class _Tally:
    starts: int = 0
    wins: int = 0
    poles: int = 0
    seasons: set[int] = field(default_factory=set)
    series: set[str] = field(default_factory=set)


def history_rows(history_dir: Path = HISTORY_DIR):
    """(series, row) for every real result row; the junk placeholder rows have no Track."""
    for series, filename in SERIES_FILES.items():
        with gzip.open(history_dir / filename, "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["Track"]:
                    yield series, row


def history_entries(
    history_dir: Path = HISTORY_DIR,
) -> tuple[list[DriverEntry], list[TrackEntry], list[CarEntry]]:
    """Drivers, tracks and car numbers with the figures the resolver ranks by."""
    drivers: dict[str, _Tally] = defaultdict(_Tally)
    tracks: dict[str, _Tally] = defaultdict(_Tally)
    races: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    cars: dict[tuple[str, int, str, str], int] = defaultdict(int)
    for series, row in history_rows(history_dir):
        season = int(row["Season"])
        tally = drivers[row["Driver"]]
        tally.starts += 1
        tally.wins += row["Win"] == "1"
        tally.poles += row["Start"] == "1"
        tally.seasons.add(season)
        tally.series.add(series)
        track = tracks[row["Track"]]
        track.seasons.add(season)
        track.series.add(series)
        races[row["Track"]].add((series, row["Season"], row["Race"]))
        if row["Car"]:
            cars[(series, season, row["Car"], row["Driver"])] += 1
    driver_ids = {name: number for number, name in enumerate(sorted(drivers), start=1)}
    driver_entries = [
        DriverEntry(
            id=driver_ids[name],
            name=name,
            starts=t.starts,
            wins=t.wins,
            poles=t.poles,
            first_season=min(t.seasons),
            last_season=max(t.seasons),
            series=frozenset(t.series),
        )
        for name, t in drivers.items()
    ]
    track_entries = [
        TrackEntry(
            id=number,
            name=name,
            city=None,
            state=None,
            races=len(races[name]),
            last_season=max(tracks[name].seasons),
            series=frozenset(tracks[name].series),
        )
        for number, name in enumerate(sorted(tracks), start=1)
    ]
    car_entries = [
        CarEntry(series=series, season=season, car_number=car, driver_id=driver_ids[name], starts=starts)
        for (series, season, car, name), starts in cars.items()
    ]
    return driver_entries, track_entries, car_entries


def build_history_index(history_dir: Path = HISTORY_DIR) -> NameIndex:
    """The resolver over the full history plus the shipped alias CSVs."""
    drivers, tracks, cars = history_entries(history_dir)
    return NameIndex.build(drivers=drivers, tracks=tracks, aliases=load_alias_csvs(), cars=cars)
