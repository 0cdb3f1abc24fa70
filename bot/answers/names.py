"""Builds the in-memory name index from the store's rows (and the shipped race aliases)."""

from __future__ import annotations

from collections import defaultdict

from bot.resolve import CarEntry, DriverEntry, NameIndex, RaceEntry, TrackEntry
from db.importers.aliases import load_alias_csvs
from db.store import Store
from db.store.queries.names import NameRows, name_rows
from kernel.naming import AliasEntry


def index_from_rows(rows: NameRows) -> NameIndex:
    """Fold per-series driver rows into one entry per driver."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    names: dict[int, str] = {}
    seasons: dict[int, list[int]] = defaultdict(list)
    series: dict[int, set[str]] = defaultdict(set)
    for driver_id, name, code, starts, wins, poles, first, last in rows.driver_series:
        names[driver_id] = name
        total = totals[driver_id]
        total[0] += starts
        total[1] += wins
        total[2] += poles
        if code is not None:
            series[driver_id].add(code)
        seasons[driver_id].extend(s for s in (first, last) if s is not None)
    drivers = [
        DriverEntry(
            id=driver_id,
            name=name,
            starts=totals[driver_id][0],
            wins=totals[driver_id][1],
            poles=totals[driver_id][2],
            first_season=min(seasons[driver_id], default=None),
            last_season=max(seasons[driver_id], default=None),
            series=frozenset(series[driver_id]),
        )
        for driver_id, name in names.items()
    ]
    return NameIndex.build(
        drivers=drivers,
        tracks=_tracks(rows),
        aliases=[*rows.aliases, *_race_aliases()],
        cars=_cars(rows),
        races=[RaceEntry(*row) for row in rows.events],
    )


def _race_aliases() -> list[AliasEntry]:
    """Race aliases come from the shipped CSV, not the store: their targets are race names that recur
    every season, with no table to point at, so `import_aliases` leaves them out."""
    return [alias for alias in load_alias_csvs() if alias.kind == "race"]


def _tracks(rows: NameRows) -> list[TrackEntry]:
    """One entry per track from its per-series rows."""
    merged: dict[int, TrackEntry] = {}
    for track_id, name, city, state, code, races, last in rows.tracks:
        seen = merged.get(track_id)
        series = frozenset({code} if code else ())
        if seen is not None:
            races += seen.races
            last = max((s for s in (last, seen.last_season) if s is not None), default=None)
            series |= seen.series
        merged[track_id] = TrackEntry(track_id, name, city, state, races, last, series)
    return list(merged.values())


def _cars(rows: NameRows) -> list[CarEntry]:
    return [
        CarEntry(series=code, season=season, car_number=car, driver_id=driver_id, starts=starts)
        for code, season, car, driver_id, starts in rows.cars
        if car is not None
    ]


async def build_name_index(store: Store) -> NameIndex:
    return index_from_rows(await name_rows(store.sessions))
