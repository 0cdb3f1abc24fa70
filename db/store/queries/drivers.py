"""A driver's record: per-series career figures, optionally at one track, and their latest entry."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from db.store.models import Driver, Event, Result, Series, Session, Team, Track
from db.store.queries.common import EVENT_COLUMNS, event_info_select, to_event_info
from kernel.reports import DriverReport, LatestEntry, SeriesRecord
from kernel.series import SERIES_CODES


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


_FINISHED = Result.finish_position.is_not(None)
# The figures of a record, one definition for every answer: a start is a race with an official finish, a
# pole a start from first; before 1963 the source often lacks the grid (counted, so poles read "at least").
_RECORD_COLUMNS = (
    _count_if(_FINISHED),
    _count_if(Result.finish_position == 1),
    _count_if(Result.finish_position <= 5),
    _count_if(Result.finish_position <= 10),
    _count_if(Result.start_position == 1),
    func.coalesce(func.sum(Result.laps_led), 0),
    func.avg(case((_FINISHED, Result.start_position))),
    func.avg(Result.finish_position),
    # A season range runs from the first start to the last, not to an entry that never started.
    func.coalesce(func.min(case((_FINISHED, Event.season))), func.min(Event.season)),
    func.coalesce(func.max(case((_FINISHED, Event.season))), func.max(Event.season)),
    _count_if(_FINISHED & Result.start_position.is_(None)),
)


def _record(row: Sequence[Any]) -> SeriesRecord:
    """A SeriesRecord from (series code, *the _RECORD_COLUMNS values)."""
    code, starts, wins, top5, top10, poles, led, avg_start, avg_finish, first, last, gridless = row
    return SeriesRecord(
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
        unknown_grid_starts=int(gridless),
    )


async def records_by_driver(
    sessions: async_sessionmaker[AsyncSession], *, track_id: int | None = None
) -> list[tuple[int, str, SeriesRecord]]:
    """Every driver's record per series (at one track, if given), in one query: for leader tables and audits."""
    query = (
        select(Driver.id, Driver.name, Series.code, *_RECORD_COLUMNS)
        .select_from(Result)
        .join(Session)
        .join(Event)
        .join(Series)
        .join(Driver, Driver.id == Result.driver_id)
        .where(Session.kind == "race")
        .group_by(Driver.id, Driver.name, Series.code)
    )
    if track_id is not None:
        query = query.where(Event.track_id == track_id)
    async with sessions() as session:
        rows = (await session.execute(query)).all()
    return [(driver_id, name, _record(rest)) for driver_id, name, *rest in rows]


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
        rows = (
            await session.execute(
                select(Series.code, *_RECORD_COLUMNS)
                .select_from(Result)
                .join(Session)
                .join(Event)
                .join(Series)
                .where(*filters)
                .group_by(Series.code)
            )
        ).all()
        records = sorted((_record(row) for row in rows), key=lambda r: SERIES_CODES.index(r.series_code))
        entries: list[tuple[LatestEntry, bool]] = []
        name = None
        for record in records:
            found = await _latest_entry(session, [*filters, Series.code == record.series_code])
            if found is not None:
                entry, finale, name = found
                entries.append((entry, finale))
        latest = newest(entries)
        if latest:
            track_name = latest[0].event.track_name if track_id is not None else None
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


# 2002-2025: the three finales share one weekend, Truck then Xfinity then Cup, after every other race.
FINALES_SHARE_A_WEEKEND = range(2002, 2026)
FINALE_ORDER = ("truck", "xfinity", "cup")


def newest(entries: list[tuple[LatestEntry, bool]]) -> tuple[LatestEntry, ...]:
    """The newest of each series' latest entries (with whether it was its season's finale).

    Real start times decide where every contender has one; otherwise what the history can prove (a
    later season; a finale after any other race that season; the finales' order). Where the order
    cannot be known, every contender is returned, Cup first, rather than a guess.
    """
    if not entries:
        return ()
    season = max(entry.event.season for entry, _ in entries)
    contenders = [(entry, finale) for entry, finale in entries if entry.event.season == season]
    if len(contenders) == 1:
        return (contenders[0][0],)
    dated = [(entry.event.start_time_utc, entry) for entry, _ in contenders if entry.event.start_time_utc]
    if len(dated) == len(contenders):
        return (max(dated, key=lambda pair: pair[0])[1],)
    finales = [entry for entry, finale in contenders if finale]
    if season in FINALES_SHARE_A_WEEKEND and finales:
        return (max(finales, key=lambda entry: FINALE_ORDER.index(entry.event.series_code)),)
    return tuple(entry for entry, _ in contenders)


_SEASON_EVENT = Event.__table__.alias("season_event")


async def _latest_entry(
    session: AsyncSession, filters: list[ColumnElement[bool]]
) -> tuple[LatestEntry, bool, str] | None:
    """The newest matching race entry, whether it was its series' last race that season, and the
    driver's name; None without one."""
    season_end = (
        select(func.max(_SEASON_EVENT.c.round))
        .where(_SEASON_EVENT.c.series_id == Event.series_id, _SEASON_EVENT.c.season == Event.season)
        .scalar_subquery()
    )
    row = (
        await session.execute(
            event_info_select(
                Result.car_number,
                Team.name,
                Result.start_position,
                Result.finish_position,
                Driver.name,
                Event.round == season_end,
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
        return None
    car, team, start, finish, name, finale = row[len(EVENT_COLUMNS) :]
    return LatestEntry(to_event_info(row), car, team, start, finish), bool(finale), name
