"""The bundled sample (one real Truck weekend), loaded into an empty store so the bot answers at once."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from db import entities
from db.models import Event, Result, Session

SAMPLE_DIR = Path(__file__).parent / "sample_data"


async def store_is_empty(session: AsyncSession) -> bool:
    return not await session.scalar(select(exists().where(Event.id.is_not(None))))


async def sample_only(session: AsyncSession) -> bool:
    """True while every event in the store came from the bundled sample."""
    has_sample, has_real = (
        await session.execute(
            select(exists().where(Event.is_sample.is_(True)), exists().where(Event.is_sample.is_(False)))
        )
    ).one()
    return bool(has_sample) and not has_real


async def remove_sample(session: AsyncSession) -> bool:
    """Real imports replace the sample rather than count it twice; True if there was one."""
    result = await session.execute(delete(Event).where(Event.is_sample.is_(True)))
    return bool(getattr(result, "rowcount", 0))


async def load_sample(session: AsyncSession) -> None:
    for path in sorted(SAMPLE_DIR.glob("*.json")):
        await _load_weekend(session, json.loads(path.read_text(encoding="utf-8")))


async def _load_weekend(session: AsyncSession, data: dict[str, Any]) -> None:
    track = data["track"]
    event = Event(
        series_id=await entities.series_id(session, data["series"]),
        season=data["season"],
        round=data["round"],
        name=data["name"],
        track_id=await entities.track_id(
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
            "driver_id": await entities.driver_id(session, entry["driver"]),
            "car_number": entry["car"],
            "team_id": await entities.team_id(session, entry["team"]),
            "manufacturer_id": await entities.manufacturer_id(session, entry["make"]),
        }
        race.results.append(Result(start_position=entry["qualifying"], **common))
        if entry["qualifying"] is not None:
            qualifying.results.append(Result(finish_position=entry["qualifying"], **common))
    session.add(event)
