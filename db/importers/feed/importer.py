"""Import a season of NASCAR's feed: fetch and validate everything first, then write it in one transaction.

The feed enriches what the history import made (one event per race, found by feed id or by
series/season/round) and never erases a fact it does not itself know.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime

import aiohttp

from db.importers.aliases import import_aliases, load_alias_csvs
from db.importers.analyze import analyze_imported
from db.importers.feed.client import (
    FeedClient,
    FeedInvalid,
    FeedNotPublished,
    FeedRefused,
    race_list_url,
    weekend_feed_url,
)
from db.importers.feed.identity import Identities
from db.importers.feed.json_paths import FeedFormatError
from db.importers.feed.payloads import (
    FeedRace,
    TooManyRaces,
    WeekendFeed,
    number_rounds,
    parse_race_list,
    parse_weekend_feed,
)
from db.importers.feed.writer import EventWriter
from db.importers.sample import remove_sample
from db.store import Store
from db.store.locking import lock_for_writing
from db.store.state import bump_data_version
from kernel.series import SERIES_BY_FEED_ID, series_spec

ProgressCallback = Callable[[int, int, str], None]
"""Called as (done, total, label) while weekend feeds arrive."""

FETCH_CONCURRENCY = 4


@dataclass(frozen=True, slots=True)
class FeedImportReport:
    """What one import did; `lineups` and `results` name the events whose grid or result changed."""

    season: int
    series: tuple[str, ...]
    races: int
    weekends: int
    not_published: int
    events_created: int
    events_updated: int
    drivers_created: int
    drivers_linked: int
    tracks_created: int
    lineups: tuple[int, ...]
    results: tuple[int, ...]
    warnings: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(
            self.events_created
            or self.events_updated
            or self.drivers_created
            or self.drivers_linked
            or self.tracks_created
        )


async def import_feed(
    store: Store,
    *,
    season: int,
    series: str | None = None,
    base_url: str,
    client: FeedClient | None = None,
    progress: ProgressCallback | None = None,
) -> FeedImportReport:
    """Import `season` (one series, or all three) from the feed at `base_url`."""
    series_id = None if series is None else series_spec(series).feed_series_id
    async with open_client(client) as feed:
        races = [
            race
            for race in await fetch_season(feed, base_url, season, series_id)
            if race.season == season and series_id in (None, race.series_id)
        ]
        points = [race for race in races if race.is_points_race]
        weekends, not_published = await fetch_weekends(feed, base_url, points, progress)
    return await store_feed(store, races, weekends, season=season, not_published=not_published)


@asynccontextmanager
async def open_client(client: FeedClient | None) -> AsyncIterator[FeedClient]:
    """The caller's client, or one on a private HTTP session closed afterwards."""
    if client is not None:
        yield client
        return
    async with aiohttp.ClientSession() as http:
        yield FeedClient(http)


async def fetch_race_list(
    feed: FeedClient, base_url: str, season: int, series_id: int | None
) -> list[FeedRace]:
    url = race_list_url(base_url, season, series_id)
    try:
        return parse_race_list(await feed.get_json(url))
    except TooManyRaces as error:
        raise FeedRefused(url, str(error)) from None
    except FeedFormatError as error:
        raise FeedInvalid(url, str(error)) from None


async def fetch_season(feed: FeedClient, base_url: str, season: int, series_id: int | None) -> list[FeedRace]:
    """One series' race list, or all series': the combined list, else (archived seasons) each series' own."""
    try:
        return await fetch_race_list(feed, base_url, season, series_id)
    except FeedNotPublished as combined_missing:
        if series_id is not None:
            raise
        races: list[FeedRace] = []
        published = False
        for each in SERIES_BY_FEED_ID:
            try:
                races.extend(await fetch_race_list(feed, base_url, season, each))
            except FeedNotPublished:
                continue
            published = True
        if not published:
            raise combined_missing from None
        return races


async def fetch_weekend(feed: FeedClient, base_url: str, race: FeedRace) -> WeekendFeed:
    url = weekend_feed_url(base_url, race.season, race.series_id, race.race_id)
    try:
        return parse_weekend_feed(await feed.get_json(url))
    except FeedFormatError as error:
        raise FeedInvalid(url, str(error)) from None


async def fetch_weekends(
    feed: FeedClient, base_url: str, races: Sequence[FeedRace], progress: ProgressCallback | None = None
) -> tuple[dict[int, WeekendFeed], int]:
    """Weekend feeds by race id, a few at a time, and how many are not published yet."""
    gate = asyncio.Semaphore(FETCH_CONCURRENCY)
    weekends: dict[int, WeekendFeed] = {}
    missing = 0

    async def fetch(race: FeedRace) -> None:
        nonlocal missing
        async with gate:
            try:
                weekends[race.race_id] = await fetch_weekend(feed, base_url, race)
            except FeedNotPublished:
                missing += 1
        if progress is not None:
            progress(len(weekends) + missing, len(races), f"{race.season} {race.track_name}")

    try:
        async with asyncio.TaskGroup() as group:
            for race in races:
                group.create_task(fetch(race))
    except ExceptionGroup as failures:
        # One bad payload fails the import; report it, not the cancellations it caused.
        raise failures.exceptions[0] from None
    return weekends, missing


def _merged(weekend: FeedRace, listed: FeedRace) -> FeedRace:
    """The weekend feed's view of the race, with gaps filled from the race list."""
    gaps = {
        f.name: getattr(listed, f.name) for f in fields(weekend) if getattr(weekend, f.name) in (None, ())
    }
    return replace(weekend, **gaps)


async def store_feed(
    store: Store,
    races: Sequence[FeedRace],
    weekends: Mapping[int, WeekendFeed],
    *,
    season: int,
    not_published: int = 0,
    at: datetime | None = None,
) -> FeedImportReport:
    """Write the points races and their weekends in ONE transaction; any error leaves the store as it was.

    `at` is when the payloads were read (now if not given): a result changed after the race is recorded
    as seen then."""
    rounds = number_rounds([race for race in races if race.series_id in SERIES_BY_FEED_ID])
    # Weekends first: their results teach the feed ids that list-only races' pole sitters need.
    points = sorted(
        (r for r in races if r.race_id in rounds),
        key=lambda r: (r.race_id not in weekends, r.series_id, rounds[r.race_id]),
    )
    aliases = load_alias_csvs()
    async with store.sessions.begin() as session:
        await lock_for_writing(session)
        sample_removed = bool(points) and await remove_sample(session)
        identities = Identities(session, aliases)
        writer = await EventWriter.open(session, identities, at or datetime.now(UTC))
        for listed in points:
            weekend = weekends.get(listed.race_id)
            race = _merged(weekend.race, listed) if weekend else listed
            await writer.write(
                race,
                rounds[listed.race_id],
                weekend.results if weekend else (),
                weekend.runs if weekend else (),
                weekend.infractions if weekend else (),
            )
        if sample_removed or identities.drivers_created or identities.tracks_created:
            await import_aliases(session, aliases)
        report = _report(season, points, weekends, not_published, writer, identities)
        # An unchanged re-import (most live sync rounds) leaves the statistics and the data version alone.
        if report.changed or sample_removed:
            await analyze_imported(session)
            await bump_data_version(session)
    return report


def _report(
    season: int,
    points: Sequence[FeedRace],
    weekends: Mapping[int, WeekendFeed],
    not_published: int,
    writer: EventWriter,
    identities: Identities,
) -> FeedImportReport:
    tally = writer.tally
    return FeedImportReport(
        season=season,
        series=tuple(sorted({SERIES_BY_FEED_ID[r.series_id] for r in points})),
        races=len(points),
        weekends=len(weekends),
        not_published=not_published,
        events_created=tally.created,
        events_updated=tally.updated,
        drivers_created=identities.drivers_created,
        drivers_linked=identities.drivers_linked,
        tracks_created=identities.tracks_created,
        lineups=tuple(tally.lineups),
        results=tuple(tally.results),
        warnings=tuple(tally.warnings),
    )
