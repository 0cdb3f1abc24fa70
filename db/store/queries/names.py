"""What the name index is built from: every driver, track, event, alias and car number in the store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Row, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.store.models import (
    Driver,
    DriverAlias,
    Event,
    Result,
    Series,
    SeriesAlias,
    Session,
    Track,
    TrackAlias,
)
from kernel.naming import AliasEntry


@dataclass(frozen=True, slots=True)
class NameRows:
    """Raw rows; `bot.answers.names` turns them into index entries."""

    driver_series: Sequence[Row[int, str, str | None, int, int, int, int | None, int | None]]
    tracks: Sequence[Row[int, str, str | None, str | None, str | None, int, int | None]]
    cars: Sequence[Row[str, int, str | None, int, int]]
    events: Sequence[Row[int, str, int, int, str, str]]
    aliases: Sequence[AliasEntry]


async def name_rows(sessions: async_sessionmaker[AsyncSession]) -> NameRows:
    async with sessions() as session:
        finished = Result.finish_position.is_not(None)
        driver_series = (
            await session.execute(
                select(
                    Driver.id,
                    Driver.name,
                    Series.code,
                    func.coalesce(func.sum(case((finished, 1), else_=0)), 0),
                    func.coalesce(func.sum(case((Result.finish_position == 1, 1), else_=0)), 0),
                    func.coalesce(func.sum(case((Result.start_position == 1, 1), else_=0)), 0),
                    func.min(Event.season),
                    func.max(Event.season),
                )
                .select_from(Driver)
                .outerjoin(Result, Result.driver_id == Driver.id)
                .outerjoin(Session, (Session.id == Result.session_id) & (Session.kind == "race"))
                .outerjoin(Event, Event.id == Session.event_id)
                .outerjoin(Series, Series.id == Event.series_id)
                .group_by(Driver.id, Driver.name, Series.code)
            )
        ).all()
        tracks = (
            await session.execute(
                select(
                    Track.id,
                    Track.name,
                    Track.city,
                    Track.state,
                    Series.code,
                    func.count(Event.id),
                    func.max(Event.season),
                )
                .outerjoin(Event, Event.track_id == Track.id)
                .outerjoin(Series, Series.id == Event.series_id)
                .group_by(Track.id, Track.name, Track.city, Track.state, Series.code)
            )
        ).all()
        cars = (
            await session.execute(
                select(Series.code, Event.season, Result.car_number, Result.driver_id, func.count())
                .select_from(Result)
                .join(Session, (Session.id == Result.session_id) & (Session.kind == "race"))
                .join(Event)
                .join(Series)
                .where(Result.car_number.is_not(None))
                .group_by(Series.code, Event.season, Result.car_number, Result.driver_id)
            )
        ).all()
        events = (
            await session.execute(
                select(Event.id, Series.code, Event.season, Event.round, Event.name, Track.name)
                .join(Series, Series.id == Event.series_id)
                .join(Track, Track.id == Event.track_id)
            )
        ).all()
        aliases: list[AliasEntry] = []
        for kind, query in (
            ("driver", select(DriverAlias.alias, Driver.name, DriverAlias.source).join(Driver)),
            ("track", select(TrackAlias.alias, Track.name, TrackAlias.source).join(Track)),
            ("series", select(SeriesAlias.alias, Series.code, SeriesAlias.source).join(Series)),
        ):
            for alias, target, source in await session.execute(query):
                aliases.append(AliasEntry(kind, alias, target, source))  # type: ignore[arg-type]
        return NameRows(driver_series=driver_series, tracks=tracks, cars=cars, events=events, aliases=aliases)
