"""Writing the rows of a feed race's sessions: the starting lineup, official results and qualifying.

The feed's field replaces the stored one only when it knows as much: a run race keeps its history rows
until NASCAR calls the feed's results official. Lineups and results that changed are noted in the
tally, so live sync can announce them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.importers import identity as entities
from db.importers.feed.changes import Tally, assign
from db.importers.feed.identity import Identities
from db.importers.feed.payloads import RUN_QUALIFYING, FeedRace, FeedResult, WeekendRun
from db.store.models import Event, Result, Session

QUALIFYING_NAME = "Qualifying"


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


class SessionRows:
    """Finds or adds an event's sessions and writes their per-driver rows, tallying lineups and results."""

    def __init__(self, session: AsyncSession, identities: Identities, tally: Tally) -> None:
        self.session = session
        self.ids = identities
        self.tally = tally
        self._teams: dict[str, int] = {}
        self._makes: dict[str, int] = {}

    async def session_for(self, event: Event, kind: str, name: str) -> tuple[Session, bool]:
        """The event's first session of this kind, added under `name` if it has none; True when added."""
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

    async def rows(self, session_row: Session) -> dict[int, Result]:
        """The session's results by store driver id."""
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

    async def grid_and_results(
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

    async def qualifying(
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
        session_row, changed = await self.session_for(event, "qualifying", QUALIFYING_NAME)
        changed |= assign(session_row, {"start_time_utc": race.qualifying_time_utc})
        rows = await self.rows(session_row)
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

    async def listed_pole(self, event: Event, race: FeedRace, rows: dict[int, Result]) -> bool:
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
        session_row, changed = await self.session_for(event, "qualifying", QUALIFYING_NAME)
        qualifying = await self.rows(session_row)
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
