"""Fixed reference rows every store has: the three national series and their titles over time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Series, SeriesName


@dataclass(frozen=True, slots=True)
class SeriesTitle:
    name: str
    first_season: int
    last_season: int | None


@dataclass(frozen=True, slots=True)
class SeriesSpec:
    code: str
    name: str
    feed_series_id: int
    titles: tuple[SeriesTitle, ...]


SERIES: tuple[SeriesSpec, ...] = (
    SeriesSpec(
        "cup",
        "NASCAR Cup Series",
        1,
        (
            SeriesTitle("Strictly Stock Series", 1949, 1949),
            SeriesTitle("Grand National Series", 1950, 1970),
            SeriesTitle("Winston Cup Series", 1971, 2003),
            SeriesTitle("Nextel Cup Series", 2004, 2007),
            SeriesTitle("Sprint Cup Series", 2008, 2016),
            SeriesTitle("Monster Energy NASCAR Cup Series", 2017, 2019),
            SeriesTitle("NASCAR Cup Series", 2020, None),
        ),
    ),
    SeriesSpec(
        "xfinity",
        "NASCAR Xfinity Series",
        2,
        (
            SeriesTitle("Budweiser Late Model Sportsman Series", 1982, 1983),
            SeriesTitle("Busch Grand National Series", 1984, 2002),
            SeriesTitle("Busch Series", 2003, 2007),
            SeriesTitle("Nationwide Series", 2008, 2014),
            SeriesTitle("Xfinity Series", 2015, 2025),
            SeriesTitle("O'Reilly Auto Parts Series", 2026, None),
        ),
    ),
    SeriesSpec(
        "truck",
        "NASCAR Craftsman Truck Series",
        3,
        (
            SeriesTitle("Craftsman SuperTruck Series", 1995, 1995),
            SeriesTitle("Craftsman Truck Series", 1996, 2008),
            SeriesTitle("Camping World Truck Series", 2009, 2018),
            SeriesTitle("Gander Outdoors Truck Series", 2019, 2019),
            SeriesTitle("Gander RV & Outdoors Truck Series", 2020, 2020),
            SeriesTitle("Camping World Truck Series", 2021, 2022),
            SeriesTitle("Craftsman Truck Series", 2023, None),
        ),
    ),
)

SERIES_CODES: tuple[str, ...] = tuple(spec.code for spec in SERIES)
SERIES_BY_FEED_ID: dict[int, str] = {spec.feed_series_id: spec.code for spec in SERIES}


def series_title(code: str, season: int) -> str:
    """The name a series raced under in `season` (Busch in 2005, O'Reilly in 2026)."""
    spec = next(s for s in SERIES if s.code == code)
    for title in spec.titles:
        if title.first_season <= season and (title.last_season is None or season <= title.last_season):
            return title.name
    return spec.name


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
