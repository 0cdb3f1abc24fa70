"""A driver's record: per-series career figures, optionally at one track, and their latest entry."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from db.store.models import Driver, Event, Result, Series, Session, Team, Track
from db.store.queries.common import EVENT_COLUMNS, event_info_select, to_event_info
from kernel.reports import DriverReport, LatestEntry, SeriesRecord
from kernel.series import SERIES_CODES


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


async def driver_report(
    sessions: async_sessionmaker[AsyncSession],
    driver_id: int,
    *,
    series: str | None = None,
    track_id: int | None = None,
) -> DriverReport:
    """Aggregate race-session results; a start is a race with an official finish.

    Two queries in the usual case (the latest entry carries the driver's and track's names);
    every round trip counts for a cold answer.
    """
    async with sessions() as session:
        filters = [Result.driver_id == driver_id, Session.kind == "race"]
        if series is not None:
            filters.append(Series.code == series)
        if track_id is not None:
            filters.append(Event.track_id == track_id)
        finished = Result.finish_position.is_not(None)
        rows = (
            await session.execute(
                select(
                    Series.code,
                    _count_if(finished),
                    _count_if(Result.finish_position == 1),
                    _count_if(Result.finish_position <= 5),
                    _count_if(Result.finish_position <= 10),
                    _count_if(Result.start_position == 1),
                    func.coalesce(func.sum(Result.laps_led), 0),
                    func.avg(case((finished, Result.start_position))),
                    func.avg(Result.finish_position),
                    func.min(Event.season),
                    func.max(Event.season),
                )
                .select_from(Result)
                .join(Session)
                .join(Event)
                .join(Series)
                .where(*filters)
                .group_by(Series.code)
            )
        ).all()
        records = sorted(
            (
                SeriesRecord(
                    series_code=code,
                    starts=int(starts),
                    wins=int(wins),
                    top5=int(top5),
                    top10=int(top10),
                    poles=int(poles),
                    laps_led=int(led),
                    avg_start=None if avg_start is None else float(avg_start),
                    avg_finish=None if avg_finish is None else float(avg_finish),
                    first_season=first,
                    last_season=last,
                )
                for code, starts, wins, top5, top10, poles, led, avg_start, avg_finish, first, last in rows
            ),
            key=lambda r: SERIES_CODES.index(r.series_code),
        )
        latest, name = await _latest_entry(session, filters)
        if latest is not None:
            track_name = latest.event.track_name if track_id is not None else None
        else:
            name = await session.scalar(select(Driver.name).where(Driver.id == driver_id))
            track_name = None
            if track_id is not None:
                track_name = await session.scalar(select(Track.name).where(Track.id == track_id))
        if name is None:
            raise LookupError(f"no driver with id {driver_id}")
        return DriverReport(
            driver_id=driver_id, name=name, track_name=track_name, records=tuple(records), latest=latest
        )


async def _latest_entry(
    session: AsyncSession, filters: list[ColumnElement[bool]]
) -> tuple[LatestEntry | None, str | None]:
    """The newest matching race entry and the driver's name, or (None, None) without one."""
    row = (
        await session.execute(
            event_info_select(
                Result.car_number, Team.name, Result.start_position, Result.finish_position, Driver.name
            )
            .join(Session, Session.event_id == Event.id)
            .join(Result, Result.session_id == Session.id)
            .join(Driver, Driver.id == Result.driver_id)
            .outerjoin(Team, Result.team_id == Team.id)
            .where(*filters)
            .order_by(Event.season.desc(), Event.start_time_utc.desc().nulls_last(), Event.round.desc())
            .limit(1)
        )
    ).first()
    if row is None:
        return None, None
    car, team, start, finish, name = row[len(EVENT_COLUMNS) :]
    return LatestEntry(to_event_info(row), car, team, start, finish), name
