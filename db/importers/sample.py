"""The bundled sample (one real Truck weekend), loaded into an empty store so the bot answers at once."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from db.importers import identity
from db.importers.aliases import import_aliases, load_alias_csvs
from db.store import Store
from db.store.locking import is_locked, lock_for_writing
from db.store.models import Driver, Event, Manufacturer, Result, Session, Team, Track
from db.store.state import bump_data_version

log = logging.getLogger(__name__)

SAMPLE_DIR = Path(__file__).parents[1] / "sample_data"
# Seeding waits this long for another writer, then leaves the store to the import that is filling it.
SEED_WAIT_S = 10.0


async def store_is_empty(session: AsyncSession) -> bool:
    return not await session.scalar(select(exists().where(Event.id.is_not(None))))


async def remove_sample(session: AsyncSession) -> bool:
    """Real imports replace the sample rather than count it twice; True if there was one.

    The sample's drivers, teams, makes and tracks go with it unless real rows use them, so its
    spellings ("Tricon Garage") never linger beside the history's ("TRICON Garage"). Their alias rows
    go too; every import rebuilds the alias tables afterwards.
    """
    result = await session.execute(delete(Event).where(Event.is_sample.is_(True)))
    if not getattr(result, "rowcount", 0):
        return False
    await session.execute(
        delete(Driver).where(Driver.feed_driver_id.is_(None), ~exists().where(Result.driver_id == Driver.id))
    )
    await session.execute(delete(Team).where(~exists().where(Result.team_id == Team.id)))
    await session.execute(
        delete(Manufacturer).where(~exists().where(Result.manufacturer_id == Manufacturer.id))
    )
    await session.execute(
        delete(Track).where(Track.feed_track_id.is_(None), ~exists().where(Event.track_id == Track.id))
    )
    return True


async def seed_if_empty(store: Store) -> bool:
    """Give a store with no events the sample and the alias tables, so it answers at once; True if it did.

    Safe beside a first import in another process: the check runs under the write lock, and when the
    lock is not free within the usual busy timeout (an import is filling the store) there is no sample.
    """
    async with store.sessions() as session:
        if not await store_is_empty(session):
            return False  # the common case, and the only one a read-only store can answer
    try:
        async with store.sessions.begin() as session:
            await lock_for_writing(session, wait_s=SEED_WAIT_S)
            if not await store_is_empty(session):
                return False
            for path in sorted(SAMPLE_DIR.glob("*.json")):
                await _load_weekend(session, json.loads(path.read_text(encoding="utf-8")))
            await session.flush()
            await import_aliases(session, load_alias_csvs())
            await bump_data_version(session)
    except OperationalError as error:
        if not is_locked(error):
            raise
        log.warning("another process is writing to the store (an import?); not loading the sample")
        return False
    return True


async def _load_weekend(session: AsyncSession, data: dict[str, Any]) -> None:
    track = data["track"]
    event = Event(
        series_id=await identity.series_id(session, data["series"]),
        season=data["season"],
        round=data["round"],
        name=data["name"],
        track_id=await identity.track_id(
            session,
            track["name"],
            city=track["city"],
            state=track["state"],
            length_miles=track["length_miles"],
            surface=track["surface"],
            layout=track["layout"],
        ),
        start_time_utc=datetime.fromisoformat(data["start_time_utc"]),
        scheduled_laps=data["scheduled_laps"],
        scheduled_distance_miles=data["scheduled_laps"] * track["length_miles"],
        stage_ends=data["stage_ends"],
        purse_usd=data["purse_usd"],
        tv_network=data["tv_network"],
        is_sample=True,
    )
    qualifying = Session(kind="qualifying", name="Qualifying")
    race = Session(kind="race", name=data["name"], start_time_utc=event.start_time_utc)
    event.sessions = [qualifying, race]
    for entry in data["entries"]:
        common = {
            "driver_id": await identity.driver_id(session, entry["driver"]),
            "car_number": entry["car"],
            "team_id": await identity.team_id(session, entry["team"]),
            "manufacturer_id": await identity.manufacturer_id(session, entry["make"]),
        }
        race.results.append(Result(start_position=entry["qualifying"], **common))
        if entry["qualifying"] is not None:
            qualifying.results.append(Result(finish_position=entry["qualifying"], **common))
    session.add(event)
