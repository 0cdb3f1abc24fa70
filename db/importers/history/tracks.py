"""A track's length, surface and layout as the history tells them: from the newest row that has them.

Rows carry the track as it was that day (0.5-mile Bristol in 1961), and the newest venues carry
nothing at all (EchoPark Speedway 2025), so the newest known value wins and a missing one is never
guessed. An import of old seasons only does not override a track the store has newer races for.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.importers.history.rows import Race
from db.store.models import Event, Track

LAYOUTS = {"road": "road course", "dirt": "dirt", "paved": "oval"}


class _Fact(NamedTuple):
    when: tuple[int, int]
    value: Any


class TrackFacts:
    """Collects the newest length and surface per track name over one import."""

    def __init__(self) -> None:
        self.lengths: dict[str, _Fact] = {}
        self.surfaces: dict[str, _Fact] = {}

    def note(self, race: Race) -> None:
        when = (race.season, race.round)
        for facts, value in ((self.lengths, race.length), (self.surfaces, race.surface)):
            known = facts.get(race.track)
            if value is not None and (known is None or when > known.when):
                facts[race.track] = _Fact(when, value)

    async def settle(self, session: AsyncSession) -> list[int]:
        """Write the facts, unless the store knows a newer race at the track; returns the ids changed."""
        latest = select(Event.track_id, func.max(Event.season)).group_by(Event.track_id)
        newest_race = dict((await session.execute(latest)).all())
        updates: list[dict[str, Any]] = []
        rows = await session.execute(
            select(Track.id, Track.name, Track.length_miles, Track.surface, Track.layout)
        )
        for track_id, name, length, surface, layout in rows:
            newest = newest_race.get(track_id, 0)
            changes: dict[str, Any] = {}
            fact = self.lengths.get(name)
            if fact is not None and fact.value != length and (length is None or fact.when[0] >= newest):
                changes["length_miles"] = fact.value
            fact = self.surfaces.get(name)
            if fact is not None and fact.value != surface and (surface is None or fact.when[0] >= newest):
                changes["surface"] = surface = fact.value
            wanted = LAYOUTS.get(surface or "")
            if wanted is not None and wanted != layout and (layout is None or "surface" in changes):
                changes["layout"] = wanted
            if changes:
                updates.append({"id": track_id, **changes})
        if updates:
            await session.execute(update(Track), updates)
        return [change["id"] for change in updates]
