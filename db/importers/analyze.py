"""The end of every import: fresh planner statistics for the tables imports fill."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from db.store.engine import refresh_statistics
from db.store.models import (
    Driver,
    DriverAlias,
    Event,
    Manufacturer,
    Result,
    SeriesAlias,
    Session,
    StageWinner,
    Team,
    Track,
    TrackAlias,
)

IMPORTED_TABLES: tuple[str, ...] = tuple(
    model.__tablename__
    for model in (
        Track,
        Driver,
        Team,
        Manufacturer,
        Event,
        Session,
        Result,
        StageWinner,
        DriverAlias,
        TrackAlias,
        SeriesAlias,
    )
)


async def analyze_imported(session: AsyncSession) -> None:
    """Last in the import's transaction, so the statistics commit with the rows they describe."""
    await refresh_statistics(session, IMPORTED_TABLES)
