"""Which store rows a feed driver, track or race is: attach to what the history import made, never duplicate.

Feed ids are the strongest evidence and are remembered on the row once a match is made; before that
the history's names decide, through the one normalisation (`fold`) and the alias data.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Driver, DriverAlias, Event, Track, TrackAlias
from db.naming import AliasEntry, fold

log = logging.getLogger(__name__)

# Live feeds mark rookies "Name #" and drivers not racing for points "Name(i)".
_LIVE_MARKERS = re.compile(r"(\s*(#|\(i\)))+\s*$", re.IGNORECASE)


# Words every other track name has; sharing one of these says nothing about being the same place.
_GENERIC_TRACK_WORDS = frozenset(
    "the at of and international motor raceway speedway superspeedway race track course circuit road "  # noqa: SIM905
    "street dirt park sports car mile".split()
)


def _share_place(a: str, b: str) -> bool:
    return bool((set(fold(a).split()) & set(fold(b).split())) - _GENERIC_TRACK_WORDS)


def clean_feed_name(name: str) -> str:
    """The driver's name without live-feed markers: "Josh Berry(i)" -> "Josh Berry"."""
    return " ".join(_LIVE_MARKERS.sub("", name).split())


def driver_key(name: str) -> str:
    """Name key of a feed driver; "AJ"/"A.J." and "Van"/"van" fold alike."""
    return fold(clean_feed_name(name))


class Identities:
    """Resolves feed ids to store ids within one import transaction, remembering what it decided."""

    def __init__(self, session: AsyncSession, aliases: Sequence[AliasEntry]) -> None:
        self.session = session
        self._track_aliases = {fold(a.alias): a.target for a in aliases if a.kind == "track"}
        self._drivers: dict[int, int] = {}
        self._tracks: dict[int, int] = {}
        self.drivers_created = 0
        self.tracks_created = 0
        self.drivers_linked = 0

    async def driver(self, feed_id: int, name: str) -> int:
        """Store id of feed driver `feed_id`, linking or creating the driver on first sight."""
        if feed_id in self._drivers:
            return self._drivers[feed_id]
        driver = await self.session.scalar(select(Driver).where(Driver.feed_driver_id == feed_id))
        if driver is None:
            driver = await self._unlinked_driver(name)
            if driver is not None:
                driver.feed_driver_id = feed_id
                self.drivers_linked += 1
        if driver is None:
            driver = await self._new_driver(feed_id, clean_feed_name(name))
        self._drivers[feed_id] = driver.id
        return driver.id

    async def drivers(self, entries: Iterable[tuple[int, str]]) -> dict[int, int]:
        """Feed id -> store id for a whole field: one query for the linked, one by one for the rest."""
        wanted = dict(entries)
        unseen = [feed_id for feed_id in wanted if feed_id not in self._drivers]
        if unseen:
            linked = await self.session.execute(
                select(Driver.feed_driver_id, Driver.id).where(Driver.feed_driver_id.in_(unseen))
            )
            self._drivers.update({feed_id: driver_id for feed_id, driver_id in linked if feed_id is not None})
        return {feed_id: await self.driver(feed_id, name) for feed_id, name in wanted.items()}

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

    async def _unlinked_driver(self, name: str) -> Driver | None:
        """A driver with this name key (or alias) and no feed id; an exact spelling wins a tie."""
        key = driver_key(name)
        by_key = select(Driver).where(Driver.name_key == key, Driver.feed_driver_id.is_(None))
        by_alias = (
            select(Driver)
            .join(DriverAlias, DriverAlias.driver_id == Driver.id)
            .where(DriverAlias.alias_key == key, Driver.feed_driver_id.is_(None))
        )
        clean = clean_feed_name(name)
        for query in (by_key, by_alias):
            candidates = sorted(
                (await self.session.scalars(query)).all(), key=lambda d: (d.name != clean, d.id)
            )
            if candidates:
                if len(candidates) > 1:
                    log.warning(
                        "feed driver %r matches %d drivers; using %r",
                        name,
                        len(candidates),
                        candidates[0].name,
                    )
                return candidates[0]
        return None

    async def _new_driver(self, feed_id: int, name: str) -> Driver:
        # The name is taken by a driver with another feed id: a namesake, so keep both apart.
        if await self.session.scalar(select(Driver.id).where(Driver.name == name)) is not None:
            name = f"{name} (NASCAR id {feed_id})"
        driver = Driver(name=name, name_key=fold(name), feed_driver_id=feed_id)
        self.session.add(driver)
        await self.session.flush()
        self.drivers_created += 1
        return driver

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
        track = Track(name=name, name_key=fold(name), feed_track_id=feed_id)
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
