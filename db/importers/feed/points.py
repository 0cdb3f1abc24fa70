"""NASCAR's points tables and live points into the store: `racebot import feed` and each live-sync round.

The tables (drivers, owners, manufacturers) of a season are fetched, checked and stored whole, each
replacing the one before it; a table not published (403) is skipped. A changed table bumps the data
version so every process refreshes its answers. The live points of the race on track are stored as
one more table (with the race and its lap) while a race runs and dropped when the live feed shows
none; they change every few seconds, so they never bump the data version (answers re-read them on
each sync round instead).

Paths: the drivers table sits under the feed host's `/data/cacher/production/`, the owners and
manufacturers tables beside the race lists under `/cacher/`, the live files under `/live/feeds/`
(`../shared/notes/nascar-points-feeds.md`). FEED_BASE_URL names the `/cacher` folder; the host is
what is left without it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Final, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.importers.feed.client import FeedClient, FeedError, FeedInvalid, FeedNotPublished, FeedRefused
from db.importers.feed.json_paths import FeedFormatError
from db.importers.feed.points_payloads import (
    LiveRace,
    PointsRow,
    TooManyRows,
    parse_live_points,
    parse_live_race,
    parse_points_table,
)
from db.store import Store
from db.store.locking import lock_for_writing
from db.store.models import Driver, Event, Series, StandingsRow, StandingsTable
from db.store.state import bump_data_version
from kernel.series import SERIES_BY_CODE, SERIES_BY_FEED_ID
from kernel.standings import TABLES

log = logging.getLogger(__name__)

LIVE: Final = "live"
# A round asks for 3 series x 3 tables, three live feeds and the live points: 13 fetches, each retried
# at most RetryPolicy.attempts (4) times.
MAX_REQUESTS_PER_ROUND: Final = 52
NAME_LIMIT, CAR_LIMIT = 160, 8  # StandingsRow's columns

TableKey = tuple[str, str]  # (series code, table kind)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PointsImportReport:
    """What one import of a season's tables did."""

    stored: tuple[TableKey, ...]
    changed: int
    not_published: int


def feed_host(base_url: str) -> str:
    """The feed's host URL: FEED_BASE_URL without its `/cacher` folder."""
    return base_url.rstrip("/").removesuffix("/cacher")


def points_table_url(base_url: str, season: int, series_id: int, kind: str) -> str:
    """Where NASCAR publishes one series' table of a season."""
    if kind == "drivers":
        return f"{feed_host(base_url)}/data/cacher/production/{season}/{series_id}/racinginsights-points-feed.json"
    name = {"owners": "owners", "manufacturers": "manufacturer"}[kind]
    return f"{base_url.rstrip('/')}/{season}/{series_id}/final/{series_id}-{name}-points.json"


def live_feed_urls(base_url: str) -> tuple[str, ...]:
    """Where the race on track shows: the main live feed, then Xfinity's and Truck's own."""
    live = f"{feed_host(base_url)}/live/feeds"
    return (f"{live}/live-feed.json", *(f"{live}/series_{s}/live-feed.json" for s in (2, 3)))


def live_points_url(base_url: str, race: LiveRace | None = None) -> str:
    """The main live points, or (for a race found in a series' own live feed) that race's."""
    live = f"{feed_host(base_url)}/live/feeds"
    if race is None:
        return f"{live}/live-points.json"
    return f"{live}/series_{race.series_id}/{race.race_id}/live_points.json"


async def _checked(feed: FeedClient, url: str, parse: Callable[[Any], T], *, empty_ok: bool = False) -> T:
    """Fetch and parse one payload; a bad shape is FeedInvalid, an overlong one FeedRefused."""
    payload = await feed.get_json(url, empty_ok=empty_ok)
    try:
        return parse(payload)
    except TooManyRows as error:
        raise FeedRefused(url, str(error)) from None
    except FeedFormatError as error:
        raise FeedInvalid(url, str(error)) from None


async def fetch_tables(
    feed: FeedClient, base_url: str, season: int, series: Iterable[str]
) -> tuple[dict[TableKey, list[PointsRow]], int]:
    """The season's published tables of each series, and how many are not published (yet)."""
    tables: dict[TableKey, list[PointsRow]] = {}
    missing = 0
    for code in series:
        series_id = SERIES_BY_CODE[code].feed_series_id
        for kind in TABLES:
            url = points_table_url(base_url, season, series_id, kind)
            try:
                tables[(code, kind)] = await _checked(feed, url, partial(parse_points_table, kind))
            except FeedNotPublished:
                missing += 1
    return tables, missing


async def fetch_live(feed: FeedClient, base_url: str) -> tuple[LiveRace | None, list[PointsRow]]:
    """The race on track and its live points; (None, []) when no race runs: the live files then answer
    200 with an empty body (or are not there), or show practice or qualifying."""
    main, *own = live_feed_urls(base_url)
    for url in (main, *own):
        race = await _live_race(feed, url)
        if race is None:
            continue
        points = live_points_url(base_url, None if url == main else race)
        try:
            rows = await _checked(feed, points, _live_points, empty_ok=True)
        except FeedNotPublished:
            rows = []
        return (race, rows) if rows else (None, [])
    return None, []


async def _live_race(feed: FeedClient, url: str) -> LiveRace | None:
    try:
        race = await _checked(feed, url, parse_live_race, empty_ok=True)
    except FeedNotPublished:
        return None
    return race if race is not None and race.series_id in SERIES_BY_FEED_ID else None


def _live_points(payload: Any) -> list[PointsRow]:
    return [] if payload is None else parse_live_points(payload)


async def import_points(
    store: Store, *, season: int, series: str | None, base_url: str, client: FeedClient, at: datetime
) -> PointsImportReport:
    """Fetch and store `season`'s tables (one series, or all three)."""
    codes = (series,) if series is not None else tuple(SERIES_BY_CODE)
    tables, missing = await fetch_tables(client, base_url, season, codes)
    changed = await store_tables(store, season, tables, at=at)
    return PointsImportReport(tuple(tables), changed, missing)


async def sync_points(store: Store, *, base_url: str, client: FeedClient, at: datetime) -> None:
    """The live-sync round's standings step: this season's tables, then the live points. A feed
    failure here is logged and leaves the stored standings (and the rest of the round) as they were."""
    feed = client.limited(MAX_REQUESTS_PER_ROUND)
    try:
        tables, _ = await fetch_tables(feed, base_url, at.year, SERIES_BY_CODE)
        await store_tables(store, at.year, tables, at=at)
        race, rows = await fetch_live(feed, base_url)
        await store_live(store, race, rows, at=at)
    except FeedError as error:
        log.warning("standings sync: %s; the stored standings are unchanged", error)


async def store_tables(
    store: Store, season: int, tables: Mapping[TableKey, Sequence[PointsRow]], *, at: datetime
) -> int:
    """Replace each given table in one transaction; returns how many changed (then the data version moves)."""
    if not tables:
        return 0
    async with store.sessions.begin() as session:
        await lock_for_writing(session)
        series_ids = await _series_ids(session)
        drivers = await _linked_drivers(session, [row for rows in tables.values() for row in rows])
        changed = 0
        for (code, kind), rows in tables.items():
            changed += await _replace(session, series_ids[code], season, kind, rows, drivers, at=at)
        if changed:
            await bump_data_version(session)
    return changed


async def store_live(store: Store, race: LiveRace | None, rows: Sequence[PointsRow], *, at: datetime) -> None:
    """Keep the live points of the race on track as its series' one live table; with no race, none."""
    async with store.sessions.begin() as session:
        await lock_for_writing(session)
        if race is None:
            await session.execute(delete(StandingsTable).where(StandingsTable.kind == LIVE))
            return
        code = SERIES_BY_FEED_ID[race.series_id]
        series_ids = await _series_ids(session)
        event = await session.scalar(select(Event).where(Event.feed_race_id == race.race_id))
        season = at.year if event is None else event.season
        mine = (StandingsTable.series_id == series_ids[code]) & (StandingsTable.season == season)
        await session.execute(delete(StandingsTable).where(StandingsTable.kind == LIVE, ~mine))
        drivers = await _linked_drivers(session, rows)
        await _replace(session, series_ids[code], season, LIVE, rows, drivers, at=at)
        table = await session.scalar(select(StandingsTable).where(mine, StandingsTable.kind == LIVE))
        if table is not None:
            table.event_id = None if event is None else event.id
            table.lap, table.laps_in_race = race.lap, race.laps_in_race


async def _series_ids(session: AsyncSession) -> dict[str, int]:
    return dict((await session.execute(select(Series.code, Series.id))).all())


async def _linked_drivers(session: AsyncSession, rows: Iterable[PointsRow]) -> dict[int, int]:
    """Feed driver id -> store driver id, for the drivers the store knows by feed id."""
    feed_ids = {row.feed_driver_id for row in rows if row.feed_driver_id is not None}
    if not feed_ids:
        return {}
    found = await session.execute(
        select(Driver.feed_driver_id, Driver.id).where(Driver.feed_driver_id.in_(feed_ids))
    )
    return {feed_id: id_ for feed_id, id_ in found if feed_id is not None}


async def _replace(
    session: AsyncSession,
    series_id: int,
    season: int,
    kind: str,
    rows: Sequence[PointsRow],
    drivers: Mapping[int, int],
    *,
    at: datetime,
) -> int:
    """Store one table; 1 when its rows changed, 0 when only its fetch time did."""
    table = await session.scalar(
        select(StandingsTable).where(
            StandingsTable.series_id == series_id,
            StandingsTable.season == season,
            StandingsTable.kind == kind,
        )
    )
    new = [_values(row, drivers) for row in rows]
    if table is None:
        table = StandingsTable(series_id=series_id, season=season, kind=kind, fetched_at=at)
        session.add(table)
    else:
        table.fetched_at = at
        old = await session.execute(
            select(*_COLUMNS).where(StandingsRow.table_id == table.id).order_by(StandingsRow.line)
        )
        if [tuple(row) for row in old] == new:
            return 0
        await session.execute(delete(StandingsRow).where(StandingsRow.table_id == table.id))
    await session.flush()
    session.add_all(
        StandingsRow(table_id=table.id, line=line, **dict(zip(_NAMES, values, strict=True)))
        for line, values in enumerate(new, start=1)
    )
    return 1


_COLUMNS = (
    StandingsRow.position,
    StandingsRow.name,
    StandingsRow.points,
    StandingsRow.driver_id,
    StandingsRow.car_number,
    StandingsRow.to_cut,
    StandingsRow.wins,
    StandingsRow.stage_wins,
    StandingsRow.top5,
    StandingsRow.top10,
    StandingsRow.earned_this_race,
    StandingsRow.clinched,
    StandingsRow.starts,
)
_NAMES = tuple(column.key for column in _COLUMNS)


def _values(row: PointsRow, drivers: Mapping[int, int]) -> tuple[object, ...]:
    """A row as the store's columns (`_COLUMNS`), its driver linked by feed id where the store knows it."""
    return (
        row.position,
        row.name[:NAME_LIMIT],
        row.points,
        None if row.feed_driver_id is None else drivers.get(row.feed_driver_id),
        None if row.car_number is None else row.car_number[:CAR_LIMIT],
        row.to_cut,
        row.wins,
        row.stage_wins,
        row.top5,
        row.top10,
        row.earned_this_race,
        row.clinched,
        row.starts,
    )
