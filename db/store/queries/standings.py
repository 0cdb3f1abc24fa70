"""The standings tables NASCAR's feed published, as stored: read whole (they are a few hundred rows)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.store.models import Driver, Series, StandingsRow, StandingsTable
from kernel.standings import FeedStandings, StandingsLine


async def feed_standings(sessions: async_sessionmaker[AsyncSession]) -> list[FeedStandings]:
    """Every stored table (official and live), its lines in the feed's order, drivers by their store
    name where linked, each line's gap to the leader, and the races the table counts."""
    async with sessions() as session:
        tables = (
            await session.execute(
                select(
                    StandingsTable.id,
                    Series.code,
                    StandingsTable.season,
                    StandingsTable.kind,
                    StandingsTable.fetched_at,
                    StandingsTable.event_id,
                    StandingsTable.lap,
                    StandingsTable.laps_in_race,
                ).join(Series, Series.id == StandingsTable.series_id)
            )
        ).all()
        rows: defaultdict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for row in await session.execute(
            select(
                StandingsRow.table_id,
                StandingsRow.position,
                func.coalesce(Driver.name, StandingsRow.name),
                StandingsRow.points,
                StandingsRow.car_number,
                StandingsRow.to_cut,
                StandingsRow.wins,
                StandingsRow.stage_wins,
                StandingsRow.top5,
                StandingsRow.top10,
                StandingsRow.earned_this_race,
                StandingsRow.clinched,
                StandingsRow.driver_id,
                StandingsRow.starts,
            )
            .outerjoin(Driver, Driver.id == StandingsRow.driver_id)
            .order_by(StandingsRow.table_id, StandingsRow.line)
        ):
            rows[row[0]].append(tuple(row))
    return [
        FeedStandings(
            code,
            season,
            kind,
            _lines(rows.get(table_id, [])),
            # SQLite hands datetimes back naive; the store keeps UTC throughout.
            fetched_at.replace(tzinfo=fetched_at.tzinfo or UTC),
            event_id,
            lap,
            laps_in_race,
            races=max((row[-1] for row in rows.get(table_id, []) if row[-1] is not None), default=None),
        )
        for table_id, code, season, kind, fetched_at, event_id, lap, laps_in_race in tables
    ]


def _lines(rows: list[tuple[Any, ...]]) -> tuple[StandingsLine, ...]:
    """The table's lines, each with its gap to the leader (the most points in the table)."""
    top = max((row[3] for row in rows), default=0)
    return tuple(
        StandingsLine(
            position=position,
            name=name,
            points=points,
            behind_leader=points - top,
            car_number=car_number,
            to_cut=to_cut,
            wins=wins,
            stage_wins=stage_wins,
            top5=top5,
            top10=top10,
            earned_this_race=earned,
            clinched=clinched,
            driver_id=driver_id,
        )
        for _, position, name, points, car_number, to_cut, wins, stage_wins, top5, top10, earned, clinched, driver_id, _ in rows
    )
