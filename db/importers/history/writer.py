"""Writing a checked history file into the store a batch of races at a time.

Each batch costs one round trip per table: events are matched by series, season and round and updated
in place (a feed-matched event keeps its name and track), each gets one race session named after the
race, and results are matched by driver and written only where a value differs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.importers.history.names import KnownNames
from db.importers.history.report import HistoryImportReport
from db.importers.history.rows import Entry, HistoryFile, Race
from db.importers.history.tracks import TrackFacts
from db.importers.progress import Progress
from db.store.models import Event, Result, Session

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
    "rating",
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


class HistoryWriter:
    """Writes races a batch at a time, one round trip per batch and table; load `names` before the first."""

    def __init__(self, session: AsyncSession, report: HistoryImportReport) -> None:
        self.session = session
        self.report = report
        self.names = KnownNames(session, report)
        self.track_facts = TrackFacts()

    async def write(self, history: HistoryFile, progress: Progress) -> None:
        series_id = self.names.series[history.series]
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
                await self.names.add(batch)
                event_ids, renamable = await self._write_events(series_id, batch, events)
                session_ids, fresh = await self._write_sessions(batch, event_ids, renamable, race_sessions)
                await self._write_results(batch, session_ids, fresh)
                for race in batch:
                    self.track_facts.note(race)
                progress.advance(sum(len(race.entries) for race in batch))
        finally:
            progress.finish()  # ends the bar's line, so an error prints on a line of its own

    async def _write_events(
        self, series_id: int, batch: list[Race], events: dict[tuple[int, int], _StoredEvent]
    ) -> tuple[list[int], set[int]]:
        """Event ids in batch order, and the ids whose names follow the history (not set by the feed)."""
        ids: list[int | None] = []
        renamable: set[int] = set()
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for race in batch:
            track_id = self.names.tracks[race.track]
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
                driver_id = self.names.drivers[entry.driver]
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
        team, make = _id(self.names.teams, entry.team), _id(self.names.makes, entry.make)
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
            entry.rating,
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
