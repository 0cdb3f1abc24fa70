"""Writing one feed race into the store: finding or adding its event and keeping its fields current.

The rows of its race and qualifying sessions are written by `session_rows`; the race's figures
(margin, cautions, lead changes, how the grid was set) and stage winners are kept here. Values the
feed leaves out never overwrite what the store already knows, and unchanged values are not
rewritten, so importing the same payloads twice changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.importers.feed.changes import Tally, assign
from db.importers.feed.identity import Identities, event_in_slot, find_event
from db.importers.feed.official import OfficialWatch
from db.importers.feed.payloads import FeedInfraction, FeedRace, FeedResult, FeedStageWinner, WeekendRun
from db.importers.feed.session_rows import SessionRows
from db.store.models import Event, Series, StageWinner, Track
from kernel.series import SERIES_BY_FEED_ID

log = logging.getLogger(__name__)


class EventWriter:
    """Writes feed races into one open transaction and tallies what changed."""

    def __init__(
        self, session: AsyncSession, identities: Identities, series_ids: dict[int, int], at: datetime
    ) -> None:
        self.session = session
        self.ids = identities
        self.series_ids = series_ids
        self.tally = Tally()
        self.session_rows = SessionRows(session, identities, self.tally)
        self.official = OfficialWatch(session, identities, at)

    @classmethod
    async def open(cls, session: AsyncSession, identities: Identities, at: datetime) -> EventWriter:
        """`at`: when the payloads were read, the moment a change after the race is recorded as seen."""
        rows = await session.execute(select(Series.feed_series_id, Series.id))
        return cls(session, identities, {feed_id: id_ for feed_id, id_ in rows if feed_id is not None}, at)

    async def write(
        self,
        race: FeedRace,
        round: int,
        results: Sequence[FeedResult],
        runs: Sequence[WeekendRun],
        infractions: Sequence[FeedInfraction] = (),
    ) -> None:
        """One points race; `results` is empty until its weekend feed is out and lists the field."""
        event = await self._event(race, round)
        if event is None:
            return
        created = event.id is None
        if created:
            self.session.add(event)
            await self.session.flush()
        race_session, changed = await self.session_rows.session_for(event, "race", event.name)
        rows = await self.session_rows.rows(race_session)
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
                "grid_method": race.grid_method,
            },
        )
        if race.stats is not None:
            changed |= assign(
                event,
                {
                    "margin_of_victory_s": race.stats.margin_s,
                    "finished_under_caution": race.stats.under_caution,
                    "cautions": race.stats.cautions,
                    "caution_laps": race.stats.caution_laps,
                    "lead_changes": race.stats.lead_changes,
                    "leaders": race.stats.leaders,
                },
            )
        changed |= assign(race_session, {"start_time_utc": race.start_time_utc})
        changed |= await self._track_length(event.track_id, race)
        if results:
            changed |= await self.session_rows.grid_and_results(event, race_session, rows, race, results)
            changed |= await self.session_rows.qualifying(event, race, results, runs)
            official = race.results_official and any(r.finish_position for r in results)
            if official and await self.official.read(event, results, infractions):
                changed = True
                if event.id not in self.tally.results:  # a disqualification alone moves no row
                    self.tally.results.append(event.id)
        else:
            changed |= await self.session_rows.listed_pole(event, race, rows)
        changed |= await self._stage_winners(event, race.stage_winners)
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

    async def _stage_winners(self, event: Event, winners: Sequence[FeedStageWinner]) -> bool:
        """The feed's stage winners replace the stored ones; a feed without any leaves them alone."""
        if not winners:
            return False
        drivers = await self.ids.drivers((w.driver_id, w.driver_name) for w in winners)
        wanted = {w.stage: drivers[w.driver_id] for w in winners}
        stored = {
            row.stage: row
            for row in await self.session.scalars(select(StageWinner).where(StageWinner.event_id == event.id))
        }
        changed = False
        for stage, driver_id in wanted.items():
            row = stored.pop(stage, None)
            if row is None:
                self.session.add(StageWinner(event_id=event.id, stage=stage, driver_id=driver_id))
                changed = True
            else:
                changed |= assign(row, {"driver_id": driver_id})
        for row in stored.values():
            await self.session.delete(row)
            changed = True
        await self.session.flush()
        return changed

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
