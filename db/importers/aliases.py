"""Store the alias tables from the shipped CSVs; aliases whose target is not in the store wait.

Race aliases are not stored: their targets are race names, which recur every season and have no table
of their own to point at, so the name index reads them straight from the CSV (`bot.names`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Driver, DriverAlias, Series, SeriesAlias, Track, TrackAlias
from db.naming import AliasEntry, fold


@dataclass(frozen=True, slots=True)
class AliasImport:
    stored: int
    waiting: int


async def import_aliases(session: AsyncSession, entries: Sequence[AliasEntry]) -> AliasImport:
    """Replace every alias row; run after each import so new drivers and tracks pick theirs up."""
    drivers: dict[str, int] = dict((await session.execute(select(Driver.name, Driver.id))).all())
    tracks: dict[str, int] = dict((await session.execute(select(Track.name, Track.id))).all())
    series: dict[str, int] = dict((await session.execute(select(Series.code, Series.id))).all())
    await session.execute(delete(DriverAlias))
    await session.execute(delete(TrackAlias))
    await session.execute(delete(SeriesAlias))
    seen: set[tuple[str, str]] = set()
    stored = waiting = 0
    for entry in entries:
        key = fold(entry.alias)
        if entry.kind == "race" or not key or (entry.kind, key) in seen:
            continue
        target = {"driver": drivers, "track": tracks, "series": series}[entry.kind].get(entry.target)
        if target is None:
            waiting += 1
            continue
        seen.add((entry.kind, key))
        stored += 1
        if entry.kind == "driver":
            session.add(DriverAlias(driver_id=target, alias=entry.alias, alias_key=key, source=entry.source))
        elif entry.kind == "track":
            session.add(TrackAlias(track_id=target, alias=entry.alias, alias_key=key, source=entry.source))
        else:
            session.add(SeriesAlias(series_id=target, alias=entry.alias, alias_key=key, source=entry.source))
    await session.flush()
    return AliasImport(stored=stored, waiting=waiting)
