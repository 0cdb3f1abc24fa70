"""The store's name → id maps for one history import: loaded once, then grown by each batch's new names.

Every row names its driver, team, make and track, so the maps live in memory and a batch adds what
it brings in one insert per table. Drivers and tracks also match by name key: the feed may have
added "Daniel Suárez" before history's "Daniel Suarez", and they are one driver.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.importers.history.report import HistoryImportReport
from db.importers.history.rows import Race
from db.store.models import Driver, Manufacturer, Series, Team, Track
from kernel.naming import name_key

NamedModel = type[Driver] | type[Team] | type[Manufacturer] | type[Track]


class KnownNames:
    """Name → id for series, drivers, teams, makes and tracks: what the store held plus what was added."""

    def __init__(self, session: AsyncSession, report: HistoryImportReport) -> None:
        self.session = session
        self.report = report
        self.series: dict[str, int] = {}
        self.drivers: dict[str, int] = {}
        self.teams: dict[str, int] = {}
        self.makes: dict[str, int] = {}
        self.tracks: dict[str, int] = {}
        self.driver_keys: dict[str, int] = {}
        self.track_keys: dict[str, int] = {}
        self.added_tracks: set[int] = set()

    async def load(self) -> None:
        async def pairs(key: Any, value: Any) -> dict[Any, int]:
            return dict((await self.session.execute(select(key, value))).all())

        self.series = await pairs(Series.code, Series.id)
        self.drivers = await pairs(Driver.name, Driver.id)
        self.teams = await pairs(Team.name, Team.id)
        self.makes = await pairs(Manufacturer.name, Manufacturer.id)
        self.tracks = await pairs(Track.name, Track.id)
        # The feed may have added "Daniel Suárez" before history's "Daniel Suarez": one driver.
        self.driver_keys = await pairs(Driver.name_key, Driver.id)
        self.track_keys = await pairs(Track.name_key, Track.id)

    async def add(self, batch: list[Race]) -> None:
        entries = [entry for race in batch for entry in race.entries.values()]
        report = self.report
        report.drivers_added += await self._add_named(Driver, self.drivers, (e.driver for e in entries))
        report.teams_added += await self._add_named(Team, self.teams, (e.team for e in entries))
        report.manufacturers_added += await self._add_named(
            Manufacturer, self.makes, (e.make for e in entries)
        )
        before = set(self.tracks.values())
        report.tracks_added += await self._add_named(Track, self.tracks, (race.track for race in batch))
        self.added_tracks.update(set(self.tracks.values()) - before)

    async def _add_named(self, model: NamedModel, known: dict[str, int], names: Iterable[str | None]) -> int:
        new = sorted({name for name in names if name is not None and name not in known})
        with_key = model is Driver or model is Track
        if with_key:
            keys = self.driver_keys if model is Driver else self.track_keys
            for name in [n for n in new if name_key(n) in keys]:
                known[name] = keys[name_key(name)]
                new.remove(name)
        if not new:
            return 0
        rows = [{"name": name, "name_key": name_key(name)} if with_key else {"name": name} for name in new]
        result = await self.session.execute(insert(model).returning(model.id, model.name), rows)
        added = {name: id_ for id_, name in result}
        known.update(added)
        if with_key:
            keys.update((name_key(name), id_) for name, id_ in added.items())
        return len(new)
