"""Fixed reference rows every store has: the three national series and their titles over time."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.store.models import Series, SeriesName
from kernel.series import SERIES


async def ensure_reference_data(session: AsyncSession) -> None:
    """Insert the series rows that are missing; existing rows are left alone."""
    known = set((await session.scalars(select(Series.code))).all())
    for spec in SERIES:
        if spec.code in known:
            continue
        series = Series(code=spec.code, name=spec.name, feed_series_id=spec.feed_series_id)
        series.names = [
            SeriesName(name=t.name, first_season=t.first_season, last_season=t.last_season)
            for t in spec.titles
        ]
        session.add(series)
