"""Writing one feed race into the store: the event, its race and qualifying sessions, and their rows.

Values the feed leaves out never overwrite what the store already knows, and unchanged values are
not rewritten, so importing the same payloads twice changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.importers import identity as entities
from db.importers.feed.identity import Identities, event_in_slot, find_event
from db.importers.feed.payloads import RUN_QUALIFYING, FeedRace, FeedResult, WeekendRun
from db.store.models import Event, Result, Series, Session, Track
from kernel.series import SERIES_BY_FEED_ID

log = logging.getLogger(__name__)

QUALIFYING_NAME = "Qualifying"


@dataclass(slots=True)
class Tally:
    created: int = 0
    updated: int = 0
    lineups: list[int] = field(default_factory=list)
    results: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, datetime) and isinstance(new, datetime):
        # SQLite hands datetimes back naive; the store keeps UTC throughout.
        return old.replace(tzinfo=old.tzinfo or UTC) == new.replace(tzinfo=new.tzinfo or UTC)
    return bool(old == new)


def assign(row: object, values: Mapping[str, Any]) -> bool:
    """Set the attributes that differ, skipping Nones (the feed not knowing is not a fact); True if any."""
    changed = False
    for name, value in values.items():
        if value is not None and not _same(getattr(row, name), value):
            setattr(row, name, value)
            changed = True
    return changed


def _lineup(rows: Mapping[int, Result]) -> tuple[tuple[int, int], ...]:
    return tuple(sorted((d, r.start_position) for d, r in rows.items() if r.start_position is not None))


def _outcome(rows: Mapping[int, Result]) -> tuple[tuple[Any, ...], ...]:
    return tuple(
        sorted(
            (d, r.finish_position, r.status, r.laps_completed, r.laps_led, r.points, r.car_number)
            for d, r in rows.items()
        )
    )


def _qualifying_laps(runs: Sequence[WeekendRun]) -> dict[int, tuple[float | None, float | None]]:
    """Driver id -> (time, speed) of their last qualifying run with a timed lap (later rounds decide)."""
    laps: dict[int, tuple[float | None, float | None]] = {}
    for run in sorted((r for r in runs if r.run_type == RUN_QUALIFYING), key=lambda r: r.run_id):
        for entry in run.results:
            if entry.best_lap_time_s or entry.best_lap_speed_mph:
                laps[entry.driver_id] = (entry.best_lap_time_s, entry.best_lap_speed_mph)
    return laps


class EventWriter:
    """Writes feed races into one open transaction and tallies what changed."""

    def __init__(self, session: AsyncSession, identities: Identities, series_ids: dict[int, int]) -> None:
        self.session = session
        self.ids = identities
        self.series_ids = series_ids
        self.tally = Tally()
        self._teams: dict[str, int] = {}
        self._makes: dict[str, int] = {}

    @classmethod
    async def open(cls, session: AsyncSession, identities: Identities) -> EventWriter:
        rows = await session.execute(select(Series.feed_series_id, Series.id))
        return cls(session, identities, {feed_id: id_ for feed_id, id_ in rows if feed_id is not None})

    async def write(
        self,
        race: FeedRace,
        round: int,
        results: Sequence[FeedResult],
        runs: Sequence[WeekendRun],
    ) -> None:
        """One points race; `results` is empty until its weekend feed is out and lists the field."""
        event = await self._event(race, round)
        if event is None:
            return
        created = event.id is None
        if created:
            self.session.add(event)
            await self.session.flush()
        race_session, changed = await self._session(event, "race", event.name)
        rows = await self._rows(race_session)
        if not any(r.finish_position for r in rows.values()):
            # Sponsors are named late, so upcoming races follow the feed; a run race keeps its name.
            changed |= assign(event, {"name": race.name}) | assign(race_session, {"name": race.name})
        changed |= assign(
            event,
            {
                "feed_race_id": race.race_id,
                "start_time_utc": race.start_time_utc,
                "tv_network": race.tv_network,
                "radio_network": race.radio_network,
                "scheduled_laps": race.scheduled_laps,
                "scheduled_distance_miles": race.scheduled_distance_miles,
                "stage_ends": list(race.stage_ends) or None,
            },
        )
        changed |= assign(race_session, {"start_time_utc": race.start_time_utc})
        changed |= await self._track_length(event.track_id, race)
        if results:
            changed |= await self._grid_and_results(event, race_session, rows, race, results)
            changed |= await self._qualifying(event, race, results, runs)
        else:
            changed |= await self._listed_pole(event, race, rows)
        if created:
            self.tally.created += 1
        elif changed:
            self.tally.updated += 1

    async def _event(self, race: FeedRace, round: int) -> Event | None:
        """The store's event for the race, a new one, or None when the store's slot holds another race."""
        series_id = self.series_ids[race.series_id]
        track_id = await self.ids.find_track(race.track_id, race.track_name)
        event = await find_event(
            self.session, series_id=series_id, season=race.season, round=round, feed_race_id=race.race_id
        )
        if event is None:
            if track_id is None:
                track_id = await self.ids.new_track(race.track_id, race.track_name)
            return Event(
                series_id=series_id, season=race.season, round=round, name=race.name, track_id=track_id
            )
        where = f"{SERIES_BY_FEED_ID[race.series_id]} {race.season} round {round} (race {race.race_id})"
        if event.feed_race_id not in (None, race.race_id):
            self._warn(f"{where}: the store's round {round} is feed race {event.feed_race_id}")
            return None
        if event.feed_race_id is None:
            # Matched by slot only, so the track must agree, or the two sides number rounds differently.
            if track_id is None:
                track_id = await self.ids.adopt_track(event.track_id, race.track_id, race.track_name)
            if track_id != event.track_id:
                self._warn(f"{where}: the store's round {round} is at another track; rounds disagree")
                return None
        if event.round != round:
            # The schedule moved (a postponement); follow it unless another race holds the new slot.
            taken = await event_in_slot(self.session, series_id=series_id, season=race.season, round=round)
            if taken is None:
                event.round = round
            else:
                self._warn(f"{where}: stays round {event.round}; round {round} is taken")
        return event

    async def _track_length(self, track_id: int, race: FeedRace) -> bool:
        """Fill a missing track length from the race's miles per lap (pole margins need it)."""
        if not (race.scheduled_laps and race.scheduled_distance_miles):
            return False
        track = await self.session.get(Track, track_id)
        if track is None or track.length_miles is not None:
            return False
        track.length_miles = round(race.scheduled_distance_miles / race.scheduled_laps, 3)
        return True

    def _warn(self, warning: str) -> None:
        log.warning("feed import: %s", warning)
        self.tally.warnings.append(warning)

    async def _session(self, event: Event, kind: str, name: str) -> tuple[Session, bool]:
        found = await self.session.scalar(
            select(Session)
            .where(Session.event_id == event.id, Session.kind == kind)
            .order_by(Session.id)
            .limit(1)
        )
        if found is not None:
            return found, False
        created = Session(event_id=event.id, kind=kind, name=name)
        self.session.add(created)
        await self.session.flush()
        return created, True

    async def _rows(self, session_row: Session) -> dict[int, Result]:
        rows = await self.session.scalars(select(Result).where(Result.session_id == session_row.id))
        return {row.driver_id: row for row in rows}

    async def _car(self, result: FeedResult) -> dict[str, Any]:
        return {
            "car_number": result.car_number,
            "team_id": await self._named(self._teams, entities.team_id, result.team_name),
            "manufacturer_id": await self._named(self._makes, entities.manufacturer_id, result.make),
        }

    async def _named(
        self,
        cache: dict[str, int],
        get_or_create: Callable[[AsyncSession, str], Awaitable[int]],
        name: str | None,
    ) -> int | None:
        """A team or make id, asked of the store once per name and import."""
        if name is None:
            return None
        if name not in cache:
            cache[name] = await get_or_create(self.session, name)
        return cache[name]

    def _upsert(
        self, session_row: Session, rows: dict[int, Result], driver_id: int, values: dict[str, Any]
    ) -> bool:
        row = rows.get(driver_id)
        if row is None:
            row = rows[driver_id] = Result(session_id=session_row.id, driver_id=driver_id)
            self.session.add(row)
            assign(row, values)
            return True
        return assign(row, values)

    async def _prune(self, rows: dict[int, Result], keep: set[int]) -> bool:
        gone = [driver_id for driver_id in rows if driver_id not in keep]
        for driver_id in gone:
            await self.session.delete(rows.pop(driver_id))
        return bool(gone)

    async def _grid_and_results(
        self,
        event: Event,
        race_session: Session,
        rows: dict[int, Result],
        race: FeedRace,
        results: Sequence[FeedResult],
    ) -> bool:
        """The starting lineup always; finishing results only once NASCAR calls them official."""
        lineup_before, outcome_before = _lineup(rows), _outcome(rows)
        had_finishes = any(r.finish_position for r in rows.values())
        official = race.results_official and any(r.finish_position for r in results)
        changed = False
        seen: set[int] = set()
        drivers = await self.ids.drivers((r.driver_id, r.driver_name) for r in results)
        for result in results:
            if result.start_position is None and not official:
                continue
            driver_id = drivers[result.driver_id]
            if driver_id in seen:
                continue
            seen.add(driver_id)
            values = await self._car(result) | {"start_position": result.start_position}
            if official:
                values |= {
                    "finish_position": result.finish_position,
                    "laps_completed": result.laps_completed,
                    "laps_led": result.laps_led,
                    "status": result.status,
                    "points": result.points,
                }
            changed |= self._upsert(race_session, rows, driver_id, values)
        if seen and (official or not had_finishes):
            # The feed's field is the field; history rows of a run race stay until results are official.
            changed |= await self._prune(rows, seen)
        if official:
            changed |= assign(event, {"results_official": True})
        await self.session.flush()
        if _lineup(rows) and _lineup(rows) != lineup_before:
            self.tally.lineups.append(event.id)
        if official and _outcome(rows) != outcome_before:
            self.tally.results.append(event.id)
        return changed

    async def _qualifying(
        self, event: Event, race: FeedRace, results: Sequence[FeedResult], runs: Sequence[WeekendRun]
    ) -> bool:
        """Per-driver qualifying times and speeds, if qualifying was held (a cancelled one is all zeros)."""
        laps = _qualifying_laps(runs)
        entries = []
        for result in results:
            if result.qualifying_position is None:
                continue
            time_s, lap_speed = laps.get(result.driver_id, (None, None))
            speed = result.qualifying_speed_mph or lap_speed
            entries.append((result, time_s, speed))
        if not any(time_s or speed for _, time_s, speed in entries):
            return False
        session_row, changed = await self._session(event, "qualifying", QUALIFYING_NAME)
        changed |= assign(session_row, {"start_time_utc": race.qualifying_time_utc})
        rows = await self._rows(session_row)
        seen: set[int] = set()
        drivers = await self.ids.drivers((r.driver_id, r.driver_name) for r, _, _ in entries)
        for result, time_s, speed in entries:
            driver_id = drivers[result.driver_id]
            if driver_id in seen:
                continue
            seen.add(driver_id)
            values = await self._car(result) | {
                "finish_position": result.qualifying_position,
                "qualifying_time_s": time_s,
                "qualifying_speed_mph": speed,
            }
            changed |= self._upsert(session_row, rows, driver_id, values)
        changed |= await self._prune(rows, seen)
        await self.session.flush()
        return changed

    async def _listed_pole(self, event: Event, race: FeedRace, rows: dict[int, Result]) -> bool:
        """Without a weekend feed the race list still names the pole sitter and their speed."""
        if race.pole_driver_id is None:
            return False
        driver_id = await self.ids.known_driver(race.pole_driver_id)
        if driver_id is None:
            # History's pole sitter (start 1) is the feed's pole sitter: that is how we learn their id.
            sitter = next((d for d, r in rows.items() if r.start_position == 1), None)
            if sitter is None or not await self.ids.link_driver(sitter, race.pole_driver_id):
                return False
            driver_id = sitter
        if race.pole_speed_mph is None:
            return False
        session_row, changed = await self._session(event, "qualifying", QUALIFYING_NAME)
        qualifying = await self._rows(session_row)
        if qualifying and set(qualifying) != {driver_id}:
            return changed  # a full qualifying order is already stored; the list adds nothing
        changed |= self._upsert(
            session_row,
            qualifying,
            driver_id,
            {"finish_position": 1, "qualifying_speed_mph": race.pole_speed_mph},
        )
        changed |= assign(session_row, {"start_time_utc": race.qualifying_time_utc})
        await self.session.flush()
        return changed
