"""A track's facts and its races with their winners and pole sitters; a season's schedule the same way."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.store.models import Driver, Event, Result, Series, Session, Track
from db.store.queries.common import EVENT_COLUMNS, event_info_select, to_event_info
from kernel.reports import RaceOutcome

_WINNER = Result.__table__.alias("winner_result")
_POLE = Result.__table__.alias("pole_result")
_WINNER_DRIVER = Driver.__table__.alias("winner_driver")
_POLE_DRIVER = Driver.__table__.alias("pole_driver")


def _outcomes() -> Select[tuple[object, ...]]:
    """Events with the race session's winner and pole sitter (each may be missing)."""
    return (
        event_info_select(_WINNER_DRIVER.c.name, _POLE_DRIVER.c.name)
        .outerjoin(Session, (Session.event_id == Event.id) & (Session.kind == "race"))
        .outerjoin(_WINNER, (_WINNER.c.session_id == Session.id) & (_WINNER.c.finish_position == 1))
        .outerjoin(_WINNER_DRIVER, _WINNER_DRIVER.c.id == _WINNER.c.driver_id)
        .outerjoin(_POLE, (_POLE.c.session_id == Session.id) & (_POLE.c.start_position == 1))
        .outerjoin(_POLE_DRIVER, _POLE_DRIVER.c.id == _POLE.c.driver_id)
    )


def _outcome(row: tuple[object, ...]) -> RaceOutcome:
    winner, pole = row[len(EVENT_COLUMNS) :]
    return RaceOutcome(
        to_event_info(row),
        winner if isinstance(winner, str) else None,
        pole if isinstance(pole, str) else None,
    )


async def track_facts(
    sessions: async_sessionmaker[AsyncSession], track_id: int
) -> tuple[str, str | None, str | None, float | None, str | None, str | None]:
    """(name, city, state, length in miles, surface, layout)."""
    async with sessions() as session:
        row = (
            await session.execute(
                select(
                    Track.name, Track.city, Track.state, Track.length_miles, Track.surface, Track.layout
                ).where(Track.id == track_id)
            )
        ).one()
    return row[0], row[1], row[2], row[3], row[4], row[5]


async def series_raced_at(sessions: async_sessionmaker[AsyncSession], track_id: int) -> list[tuple[str, int]]:
    """(series code, races) at the track, most races first."""
    async with sessions() as session:
        rows = await session.execute(
            select(Series.code, func.count(Event.id))
            .join(Event, Event.series_id == Series.id)
            .where(Event.track_id == track_id)
            .group_by(Series.code)
            .order_by(func.count(Event.id).desc())
        )
        return [(code, int(count)) for code, count in rows]


async def races_at(
    sessions: async_sessionmaker[AsyncSession], *, track_id: int, series: str, limit: int
) -> list[RaceOutcome]:
    """The newest races at the track in the series that have a winner, newest first."""
    query = (
        _outcomes()
        .where(Event.track_id == track_id, Series.code == series, _WINNER_DRIVER.c.name.is_not(None))
        .order_by(Event.season.desc(), Event.round.desc())
        .limit(limit)
    )
    async with sessions() as session:
        return [_outcome(tuple(row)) for row in await session.execute(query)]


async def season_races(
    sessions: async_sessionmaker[AsyncSession], *, series: str, season: int
) -> list[RaceOutcome]:
    """Every race of the series' season in round order, with winners and pole sitters where known."""
    query = _outcomes().where(Series.code == series, Event.season == season).order_by(Event.round)
    async with sessions() as session:
        return [_outcome(tuple(row)) for row in await session.execute(query)]


async def latest_season(sessions: async_sessionmaker[AsyncSession], series: str) -> int | None:
    async with sessions() as session:
        found = await session.scalar(select(func.max(Event.season)).join(Series).where(Series.code == series))
    return int(found) if found is not None else None


async def pole_conversions(
    sessions: async_sessionmaker[AsyncSession], *, track_id: int, series: str
) -> tuple[int, int]:
    """(races the pole sitter won, races with a recorded pole sitter) at the track in the series."""
    query = (
        select(func.count(_POLE.c.id), func.count(_WINNER.c.id))
        .select_from(Event)
        .join(Series, Series.id == Event.series_id)
        .join(Session, (Session.event_id == Event.id) & (Session.kind == "race"))
        .join(_POLE, (_POLE.c.session_id == Session.id) & (_POLE.c.start_position == 1))
        .outerjoin(_WINNER, (_WINNER.c.id == _POLE.c.id) & (_WINNER.c.finish_position == 1))
        .where(Event.track_id == track_id, Series.code == series)
    )
    async with sessions() as session:
        poles, won = (await session.execute(query)).one()
    return int(won), int(poles)
