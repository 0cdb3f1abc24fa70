"""Get-or-create for the named things results point at (drivers, tracks, teams, makes).

The one rule for "is this the same driver or track", used by every importer: the same name, else the
same name key (`kernel.naming.name_key`: "Daniel Suárez" is "Daniel Suarez"). The feed importer puts
its own ids in front of this rule and the alias tables behind it (`db.importers.feed.identity`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.store.models import Driver, Manufacturer, Series, Team, Track
from kernel.naming import name_key


async def series_id(session: AsyncSession, code: str) -> int:
    found = await session.scalar(select(Series.id).where(Series.code == code))
    if found is None:
        raise LookupError(f"unknown series {code!r}")
    return found


async def driver_id(session: AsyncSession, name: str) -> int:
    found = await session.scalar(
        select(Driver.id)
        .where((Driver.name == name) | (Driver.name_key == name_key(name)))
        .order_by(Driver.name != name, Driver.id)
        .limit(1)
    )
    if found is not None:
        return found
    driver = Driver(name=name, name_key=name_key(name))
    session.add(driver)
    await session.flush()
    return driver.id


async def team_id(session: AsyncSession, name: str) -> int:
    return await _named_id(session, Team, name)


async def manufacturer_id(session: AsyncSession, name: str) -> int:
    return await _named_id(session, Manufacturer, name)


async def _named_id(session: AsyncSession, model: type[Team] | type[Manufacturer], name: str) -> int:
    found = await session.scalar(select(model.id).where(model.name == name))
    if found is not None:
        return found
    row = model(name=name)
    session.add(row)
    await session.flush()
    return row.id


async def track_id(
    session: AsyncSession,
    name: str,
    *,
    city: str | None = None,
    state: str | None = None,
    length_miles: float | None = None,
    surface: str | None = None,
    layout: str | None = None,
) -> int:
    """Find the track by name, filling in facts it lacks; create it if new."""
    track = await session.scalar(
        select(Track)
        .where((Track.name == name) | (Track.name_key == name_key(name)))
        .order_by(Track.name != name, Track.id)
        .limit(1)
    )
    if track is None:
        track = Track(name=name, name_key=name_key(name))
        session.add(track)
    track.city = track.city or city
    track.state = track.state or state
    track.length_miles = track.length_miles or length_miles
    track.surface = track.surface or surface
    track.layout = track.layout or layout
    await session.flush()
    return track.id
