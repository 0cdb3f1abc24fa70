"""The history as the raw CSVs say it, plus the shipped corrections tables: the independent truth tests check
answers against. Plain csv and dicts only; nothing here is shared with the importer or the queries.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORRECTIONS = ROOT / "db" / "corrections"
SERIES_FILES = {
    "cup": "cup_series.csv.gz",
    "xfinity": "xfinity_series.csv.gz",
    "truck": "truck_series.csv.gz",
}


def _renamed_facilities() -> dict[str, str]:
    """A facility's new name in the data's last season is kept as its one name (alias rows 'new_name')."""
    with (ROOT / "db" / "aliases" / "tracks.csv").open(encoding="utf-8", newline="") as handle:
        return {r["alias"]: r["target"] for r in csv.DictReader(handle) if r["source"] == "new_name"}


def _corrections() -> tuple[dict[tuple[str, int, int], str], set[tuple[str, int, int, int]]]:
    with (CORRECTIONS / "tracks.csv").open(encoding="utf-8", newline="") as handle:
        tracks = {(r["series"], int(r["season"]), int(r["race"])): r["track"] for r in csv.DictReader(handle)}
    with (CORRECTIONS / "results.csv").open(encoding="utf-8", newline="") as handle:
        dropped = {
            (r["series"], int(r["season"]), int(r["race"]), int(r["finish"])) for r in csv.DictReader(handle)
        }
    return tracks, dropped


def corrected_rows(nascar_dir: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """(series, row) for every result row that stands, its Track corrected; a driver listed twice in a race
    that no correction settles keeps the better finish, as the import's documented rule says."""
    tracks, dropped = _corrections()
    renamed = _renamed_facilities()
    for series, filename in SERIES_FILES.items():
        kept: dict[tuple[str, str, str], dict[str, str]] = {}
        with gzip.open(nascar_dir / filename, "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if not row["Track"]:
                    continue
                season, race = int(row["Season"]), int(row["Race"])
                if row["Finish"] and (series, season, race, int(row["Finish"])) in dropped:
                    continue
                track = tracks.get((series, season, race), row["Track"])
                row["Track"] = renamed.get(track, track)
                key = (row["Season"], row["Race"], row["Driver"])
                other = kept.get(key)
                if other is None or (
                    row["Finish"] and (not other["Finish"] or int(row["Finish"]) < int(other["Finish"]))
                ):
                    kept[key] = row
        for row in kept.values():
            yield series, row
