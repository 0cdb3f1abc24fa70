"""Which store rows a feed driver, track or race is: attach to what the history import made, never duplicate.

Feed ids are the strongest evidence and are remembered on the row once a match is made; before that
the history's names decide, by the one rule of `db.importers.identity` (name, then name key), then the
alias data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.store.models import Driver, DriverAlias, Event, Track, TrackAlias
from kernel.naming import AliasEntry, fold, name_key, place_words

# Live feeds mark rookies "Name #" and drivers not racing for points "Name(i)".
_LIVE_MARKERS = re.compile(r"(\s*(#|\(i\)))+\s*$", re.IGNORECASE)


def _share_place(a: str, b: str) -> bool:
    return bool(place_words(a) & place_words(b))


def clean_feed_name(name: str) -> str:
    """The driver's name without live-feed markers: "Josh Berry(i)" -> "Josh Berry"."""
    return " ".join(_LIVE_MARKERS.sub("", name).split())


def driver_key(name: str) -> str:
    """Name key of a feed driver; "AJ"/"A.J." and "Van"/"van" fold alike."""
    return name_key(clean_feed_name(name))


class Identities:
    """Resolves feed ids to store ids within one import transaction, remembering what it decided."""

    def __init__(self, session: AsyncSession, aliases: Sequence[AliasEntry]) -> None:
        self.session = session
        self._track_aliases = {fold(a.alias): a.target for a in aliases if a.kind == "track"}
        # Alias targets are history's spellings; new rows take them so a later history import finds them.
        self._spellings = {(a.kind, fold(a.target)): a.target for a in aliases}
        self._drivers: dict[int, int] = {}
        self._tracks: dict[int, int] = {}
        self.drivers_created = 0
        self.tracks_created = 0
        self.drivers_linked = 0

    async def driver(self, feed_id: int, name: str) -> int:
        """Store id of feed driver `feed_id`, linking or creating the driver on first sight."""
        return (await self.drivers([(feed_id, name)]))[feed_id]

    async def drivers(self, entries: Iterable[tuple[int, str]]) -> dict[int, int]:
        """Feed id -> store id for a whole field, in a few queries however large the field."""
        wanted = dict(entries)
        unseen = [feed_id for feed_id in wanted if feed_id not in self._drivers]
        if unseen:
            linked = await self.session.execute(
                select(Driver.feed_driver_id, Driver.id).where(Driver.feed_driver_id.in_(unseen))
            )
            self._drivers.update({feed_id: driver_id for feed_id, driver_id in linked if feed_id is not None})
        unknown = {feed_id: wanted[feed_id] for feed_id in unseen if feed_id not in self._drivers}
        if unknown:
            await self._link_or_create(unknown)
        return {feed_id: self._drivers[feed_id] for feed_id in wanted}

    async def known_driver(self, feed_id: int) -> int | None:
        """Store id of a feed driver already linked, without creating one."""
        if feed_id not in self._drivers:
            found = await self.session.scalar(select(Driver.id).where(Driver.feed_driver_id == feed_id))
            if found is None:
                return None
            self._drivers[feed_id] = found
        return self._drivers[feed_id]

    async def link_driver(self, driver_id: int, feed_id: int) -> bool:
        """Give a driver its feed id when neither side is linked yet (the race list's pole sitter)."""
        if await self.known_driver(feed_id) is not None:
            return False
        driver = await self.session.get(Driver, driver_id)
        if driver is None or driver.feed_driver_id is not None:
            return False
        driver.feed_driver_id = feed_id
        self._drivers[feed_id] = driver_id
        self.drivers_linked += 1
        return True

    async def _link_or_create(self, unknown: dict[int, str]) -> None:
        """Link each new feed id to an unlinked driver with its name key (or alias), else create the driver.

        A name-key match beats an alias match, and an exact spelling beats both.
        """
        keys = {feed_id: driver_key(name) for feed_id, name in unknown.items()}
        wanted = set(keys.values())
        by_name = (
            select(Driver, Driver.name_key)
            .where(Driver.name_key.in_(wanted), Driver.feed_driver_id.is_(None))
            .order_by(Driver.id)
        )
        by_alias = (
            select(Driver, DriverAlias.alias_key)
            .join(DriverAlias, DriverAlias.driver_id == Driver.id)
            .where(DriverAlias.alias_key.in_(wanted), Driver.feed_driver_id.is_(None))
            .order_by(Driver.id)
        )
        candidates: dict[str, list[Driver]] = {}
        for query in (by_name, by_alias):
            for driver, key in await self.session.execute(query):
                candidates.setdefault(key, []).append(driver)
        created: list[Driver] = []
        for feed_id, raw_name in unknown.items():
            name = clean_feed_name(raw_name)
            free = [d for d in candidates.get(keys[feed_id], ()) if d.feed_driver_id is None]
            match = next((d for d in free if d.name == name), free[0] if free else None)
            if match is not None:
                match.feed_driver_id = feed_id
                self.drivers_linked += 1
            else:
                name = self._spellings.get(("driver", keys[feed_id]), name)
                created.append(Driver(name=name, name_key=name_key(name), feed_driver_id=feed_id))
        if created:
            await self._store_new(created)
        for driver in [*created, *(d for found in candidates.values() for d in found)]:
            if driver.feed_driver_id in unknown:
                self._drivers[driver.feed_driver_id] = driver.id

    async def _store_new(self, drivers: list[Driver]) -> None:
        # A name already taken belongs to a driver with another feed id: a namesake, so keep both apart.
        names = [driver.name for driver in drivers]
        taken = set((await self.session.scalars(select(Driver.name).where(Driver.name.in_(names)))).all())
        for driver in drivers:
            if driver.name in taken:
                driver.name = f"{driver.name} (NASCAR id {driver.feed_driver_id})"
                driver.name_key = name_key(driver.name)
            taken.add(driver.name)
        self.session.add_all(drivers)
        await self.session.flush()
        self.drivers_created += len(drivers)

    async def find_track(self, feed_id: int, name: str) -> int | None:
        """Store id of feed track `feed_id` by feed id, name, alias row or alias data; None if unknown."""
        if feed_id in self._tracks:
            return self._tracks[feed_id]
        track = await self.session.scalar(select(Track).where(Track.feed_track_id == feed_id))
        if track is None:
            track = await self._named_track(name)
            if track is not None and track.feed_track_id is None:
                track.feed_track_id = feed_id
        if track is None:
            return None
        self._tracks[feed_id] = track.id
        return track.id

    async def adopt_track(self, track_id: int, feed_id: int, name: str) -> int | None:
        """Take an unrecognised feed track to be the slot's history track, if the names share a place.

        ("Portland International Raceway" for history's "Portland Speedway"); a feed id linked to the
        wrong track would misplace every later race, so without a shared place word nothing is linked.
        """
        track = await self.session.get(Track, track_id)
        if track is None or not _share_place(track.name, name):
            return None
        if track.feed_track_id is None:
            track.feed_track_id = feed_id
        self._tracks[feed_id] = track_id
        return track_id

    async def new_track(self, feed_id: int, name: str) -> int:
        """A track history does not have yet, under history's name for it if the alias data knows one.

        So a feed-first import of 2017 stores "Phoenix Raceway", not "ISM Raceway" (and "Circuit of the
        Americas", not "... of The ..."), and the history import later finds it by name.
        """
        key = fold(name)
        name = self._track_aliases.get(key) or self._spellings.get(("track", key), name)
        track = Track(name=name, name_key=name_key(name), feed_track_id=feed_id)
        self.session.add(track)
        await self.session.flush()
        self.tracks_created += 1
        self._tracks[feed_id] = track.id
        return track.id

    async def _named_track(self, name: str) -> Track | None:
        key = fold(name)
        track = await self.session.scalar(
            select(Track).where(Track.name_key == key).order_by(Track.id).limit(1)
        )
        if track is None:
            track = await self.session.scalar(
                select(Track)
                .join(TrackAlias, TrackAlias.track_id == Track.id)
                .where(TrackAlias.alias_key == key)
            )
        if track is None and key in self._track_aliases:
            # Alias rows wait until their target exists; the alias data itself still knows the name.
            track = await self.session.scalar(select(Track).where(Track.name == self._track_aliases[key]))
        return track


async def find_event(
    session: AsyncSession, *, series_id: int, season: int, round: int, feed_race_id: int
) -> Event | None:
    """The store's event for a feed race: by race id, else the (series, season, round) slot."""
    event = await session.scalar(select(Event).where(Event.feed_race_id == feed_race_id))
    if event is not None:
        return event
    return await event_in_slot(session, series_id=series_id, season=season, round=round)


async def event_in_slot(session: AsyncSession, *, series_id: int, season: int, round: int) -> Event | None:
    return await session.scalar(
        select(Event).where(Event.series_id == series_id, Event.season == season, Event.round == round)
    )
