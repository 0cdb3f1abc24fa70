"""`racebot import history`: nascaR.data race results (Cup 1949-, Xfinity 1982-, Truck 1995-) into the store.

Input is the nascaR.data format, as CSV, gzip'd CSV or Parquet (columns and quirks: `history_rows`).
Given no path, `racebot import history` downloads the public Parquet files the R package serves,
https://nascar.kylegrealis.com/{cup_series,nxs_series,truck_series}.parquet (refreshed Mondays in
season; see `history_fetch`).

Each race becomes one event (matched by series, season and round), one race session named after the
race, and one result per driver. Everything happens in one transaction, so a bad file leaves the store
exactly as it was, and re-importing the same files changes nothing: events are updated in place, which
keeps their ids and whatever the feed importer added (feed race id, start time, TV), and results are
matched by driver and written only where a value differs. A track's length and surface come from its
most recent row that has them, so 1961's half-mile Bristol never overrides today's.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.importers.aliases import import_aliases, load_alias_csvs
from db.importers.history.rows import (
    Entry,
    HistoryFile,
    HistoryFormatError,
    HistoryImportError,
    Race,
    read_history_file,
    series_for,
)
from db.importers.history.tracks import TrackFacts
from db.importers.progress import Progress
from db.importers.sample import remove_sample
from db.store import Store
from db.store.models import Driver, Event, Manufacturer, Result, Series, Session, Team, Track
from db.store.state import bump_data_version
from kernel.naming import name_key
from kernel.series import SERIES_CODES

__all__ = ["HistoryFormatError", "HistoryImportError", "HistoryImportReport", "import_history"]

log = logging.getLogger(__name__)

RESULT_BATCH_ROWS = 5_000
_RESULT_VALUES = (
    "car_number",
    "team_id",
    "manufacturer_id",
    "start_position",
    "finish_position",
    "laps_completed",
    "laps_led",
    "status",
    "points",
)

NamedModel = type[Driver] | type[Team] | type[Manufacturer] | type[Track]


@dataclass(slots=True)
class HistoryImportReport:
    """What an import did; re-importing the same files reports nothing added, updated or removed."""

    files: int = 0
    rows_read: int = 0
    duplicate_rows_skipped: int = 0
    events_added: int = 0
    events_updated: int = 0
    results_added: int = 0
    results_updated: int = 0
    results_removed: int = 0
    drivers_added: int = 0
    teams_added: int = 0
    manufacturers_added: int = 0
    tracks_added: int = 0
    tracks_updated: int = 0

    @property
    def changed(self) -> bool:
        """Whether the import wrote anything (a re-import of the same files writes nothing)."""
        return any(
            (
                self.events_added,
                self.events_updated,
                self.results_added,
                self.results_updated,
                self.results_removed,
                self.drivers_added,
                self.teams_added,
                self.manufacturers_added,
                self.tracks_added,
                self.tracks_updated,
            )
        )


class _StoredEvent(NamedTuple):
    id: int
    name: str
    track_id: int
    feed_race_id: int | None
    results_official: bool


def _batches(races: Sequence[Race]) -> Iterator[list[Race]]:
    batch: list[Race] = []
    rows = 0
    for race in races:
        batch.append(race)
        rows += len(race.entries)
        if rows >= RESULT_BATCH_ROWS:
            yield batch
            batch, rows = [], 0
    if batch:
        yield batch


def _id(known: dict[str, int], name: str | None) -> int | None:
    return None if name is None else known[name]


class _Writer:
    """Writes races a batch at a time from pre-loaded name → id maps: one round trip per batch and table."""

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
        self.track_facts = TrackFacts()

    async def load_names(self) -> None:
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

    async def write(self, history: HistoryFile, progress: Progress) -> None:
        series_id = self.series[history.series]
        events = {
            (season, round_): _StoredEvent(id_, name, track_id, feed_race_id, official)
            for season, round_, id_, name, track_id, feed_race_id, official in await self.session.execute(
                select(
                    Event.season,
                    Event.round,
                    Event.id,
                    Event.name,
                    Event.track_id,
                    Event.feed_race_id,
                    Event.results_official,
                ).where(Event.series_id == series_id)
            )
        }
        race_sessions: dict[int, tuple[int, str]] = {}
        for event_id, session_id, name in await self.session.execute(
            select(Session.event_id, Session.id, Session.name)
            .join(Event)
            .where(Event.series_id == series_id, Session.kind == "race")
            .order_by(Session.id.desc())  # the oldest race session wins when an event has two
        ):
            race_sessions[event_id] = (session_id, name)
        progress.start(f"{history.path.name} ({history.series})", sum(len(r.entries) for r in history.races))
        try:
            for batch in _batches(history.races):
                await self._add_names(batch)
                event_ids, renamable = await self._write_events(series_id, batch, events)
                session_ids, fresh = await self._write_sessions(batch, event_ids, renamable, race_sessions)
                await self._write_results(batch, session_ids, fresh)
                for race in batch:
                    self.track_facts.note(race)
                progress.advance(sum(len(race.entries) for race in batch))
        finally:
            progress.finish()  # ends the bar's line, so an error prints on a line of its own

    async def _add_names(self, batch: list[Race]) -> None:
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

    async def _write_events(
        self, series_id: int, batch: list[Race], events: dict[tuple[int, int], _StoredEvent]
    ) -> tuple[list[int], set[int]]:
        """Event ids in batch order, and the ids whose names follow the history (not set by the feed)."""
        ids: list[int | None] = []
        renamable: set[int] = set()
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for race in batch:
            track_id = self.tracks[race.track]
            stored = events.get((race.season, race.round))
            if stored is None:
                ids.append(None)
                inserts.append(
                    {
                        "series_id": series_id,
                        "season": race.season,
                        "round": race.round,
                        "name": race.name,
                        "track_id": track_id,
                        "results_official": True,
                        "is_sample": False,
                    }
                )
                continue
            ids.append(stored.id)
            changes: dict[str, Any] = {}
            if stored.feed_race_id is None:  # the feed is NASCAR's own record; its name and track stay
                renamable.add(stored.id)
                if stored.name != race.name:
                    changes["name"] = race.name
                if stored.track_id != track_id:
                    changes["track_id"] = track_id
            if not stored.results_official:
                changes["results_official"] = True
            if changes:
                updates.append({"id": stored.id, **changes})
        if updates:
            await self.session.execute(update(Event), updates)
            self.report.events_updated += len(updates)
        if inserts:
            result = await self.session.execute(
                insert(Event).returning(Event.id, sort_by_parameter_order=True), inserts
            )
            new_ids = result.scalars().all()
            renamable.update(new_ids)
            pending = iter(new_ids)
            ids = [next(pending) if id_ is None else id_ for id_ in ids]
            self.report.events_added += len(inserts)
        return [id_ for id_ in ids if id_ is not None], renamable

    async def _write_sessions(
        self,
        batch: list[Race],
        event_ids: list[int],
        renamable: set[int],
        race_sessions: dict[int, tuple[int, str]],
    ) -> tuple[list[int], set[int]]:
        """Race-session ids in batch order, and those created now (which cannot have results yet)."""
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for race, event_id in zip(batch, event_ids, strict=True):
            found = race_sessions.get(event_id)
            if found is None:
                inserts.append({"event_id": event_id, "kind": "race", "name": race.name})
            elif found[1] != race.name and event_id in renamable:
                updates.append({"id": found[0], "name": race.name})
        if updates:
            await self.session.execute(update(Session), updates)
        fresh: set[int] = set()
        if inserts:
            result = await self.session.execute(
                insert(Session).returning(Session.event_id, Session.id, Session.name), inserts
            )
            for event_id, session_id, name in result:
                race_sessions[event_id] = (session_id, name)
                fresh.add(session_id)
        return [race_sessions[event_id][0] for event_id in event_ids], fresh

    async def _write_results(self, batch: list[Race], session_ids: list[int], fresh: set[int]) -> None:
        stored = await self._stored_results([id_ for id_ in session_ids if id_ not in fresh])
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for race, session_id in zip(batch, session_ids, strict=True):
            for entry in race.entries.values():
                driver_id = self.drivers[entry.driver]
                values = self._result_values(entry)
                named = dict(zip(_RESULT_VALUES, values, strict=True))
                old = stored.pop((session_id, driver_id), None)
                if old is None:
                    inserts.append({"session_id": session_id, "driver_id": driver_id, **named})
                elif old[1:] != values:
                    updates.append({"id": old[0], **named})
        if inserts:
            await self.session.execute(insert(Result), inserts)
            self.report.results_added += len(inserts)
        if updates:
            await self.session.execute(update(Result), updates)
            self.report.results_updated += len(updates)
        if stored:  # drivers the source no longer lists in a race it still has
            removed = [old[0] for old in stored.values()]
            await self.session.execute(delete(Result).where(Result.id.in_(removed)))
            self.report.results_removed += len(stored)

    def _result_values(self, entry: Entry) -> tuple[Any, ...]:
        """The values in `_RESULT_VALUES` order."""
        team, make = _id(self.teams, entry.team), _id(self.makes, entry.make)
        return (
            entry.car,
            team,
            make,
            entry.start,
            entry.finish,
            entry.laps,
            entry.led,
            entry.status,
            entry.points,
        )

    async def _stored_results(self, session_ids: list[int]) -> dict[tuple[int, int], tuple[Any, ...]]:
        """(session, driver) → (result id, *values) for race sessions that existed before this import."""
        if not session_ids:
            return {}
        columns = [getattr(Result, name) for name in _RESULT_VALUES]
        rows = await self.session.execute(
            select(Result.session_id, Result.driver_id, Result.id, *columns).where(
                Result.session_id.in_(session_ids)
            )
        )
        return {(row[0], row[1]): tuple(row[2:]) for row in rows}


async def import_history(
    store: Store,
    paths: Sequence[Path],
    *,
    series: str | None = None,
    progress: Progress | None = None,
) -> HistoryImportReport:
    """Import the files in one transaction: on any error the store is left exactly as it was.

    `series` overrides the series read from each file name. Raises HistoryImportError (or its
    HistoryFormatError, which names file, row and column) for input that cannot be imported.
    """
    if series is not None and series not in SERIES_CODES:
        raise HistoryImportError(f"unknown series {series!r}; expected one of {', '.join(SERIES_CODES)}")
    if not paths:
        raise HistoryImportError("no files to import")
    for path in paths:
        if not path.is_file():
            raise HistoryImportError(f"{path}: no such file")
    sources = [(path, series_for(path, series)) for path in paths]
    progress = progress if progress is not None else Progress(quiet=True)
    report = HistoryImportReport()
    aliases = load_alias_csvs()
    # A facility renamed in the data's last season ("EchoPark Speedway") keeps its one name.
    renamed = {a.alias: a.target for a in aliases if a.kind == "track" and a.source == "new_name"}
    async with store.sessions.begin() as session:
        sample_removed = await remove_sample(session)
        writer = _Writer(session, report)
        await writer.load_names()
        for path, code in sources:
            # Parsing in a thread keeps the event loop free for readers sharing this process.
            history = await asyncio.to_thread(read_history_file, path, code)
            report.files += 1
            report.rows_read += history.rows
            report.duplicate_rows_skipped += history.duplicates
            for race in history.races:
                race.track = renamed.get(race.track, race.track)
            await writer.write(history, progress)
        changed_tracks = await writer.track_facts.settle(session)
        report.tracks_updated = len(set(changed_tracks) - writer.added_tracks)
        await import_aliases(session, aliases)
        if report.changed or sample_removed:
            await bump_data_version(session)
    log.info("history import: %s", report)
    return report
