"""`racebot import feed` and `racebot sync`: the NASCAR feed from the command line."""

from __future__ import annotations

import argparse
import sys

from bot.config import Settings
from bot.live_sync import utc_now
from db.importers.feed.client import FeedError
from db.importers.feed.importer import FeedImportReport, ProgressCallback, import_feed, open_client
from db.importers.feed.lap_times import import_lap_times
from db.importers.feed.points import import_points
from db.importers.feed.sync import LineupPublished, ResultsOfficial, sync_round
from db.importers.progress import Progress
from db.store import Store, open_store
from kernel.series import SERIES_CODES


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    imports: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add `import feed` to the `import` group and `sync` beside it."""
    feed = imports.add_parser("feed", help="import a season from NASCAR's feed")
    feed.add_argument("--season", type=int, required=True, help="the season (year) to import")
    feed.add_argument("--series", choices=SERIES_CODES, help="one series only (default: all three)")
    feed.add_argument("--base-url", help="feed base URL (default: the FEED_BASE_URL setting)")
    feed.add_argument("--quiet", action="store_true", help="no progress output")
    feed.set_defaults(handler=import_feed_command)

    sync = sub.add_parser("sync", help="run one live-sync round now (this season, this week)")
    sync.add_argument("--base-url", help="feed base URL (default: the FEED_BASE_URL setting)")
    sync.set_defaults(handler=sync_command)


def progress_bar(bar: Progress) -> ProgressCallback:
    """Drive the history import's bar (drawn only on a terminal, never with --quiet) from feed progress."""

    def show(done: int, total: int, _label: str) -> None:
        if done == 1:
            bar.start("weekend feeds", total)
        bar.advance(1)
        if done == total:
            bar.finish()

    return show


def describe_import(report: FeedImportReport) -> str:
    """The summary line, then each warning on a line of its own."""
    series = ", ".join(report.series) or "no series"
    return (
        f"Imported {report.season} ({series}) from the feed: {report.races} points races, "
        f"{report.weekends} weekend feeds ({report.not_published} not published yet); "
        f"events {report.events_created} new, {report.events_updated} updated; "
        f"drivers {report.drivers_created} new, {report.drivers_linked} matched to history; "
        f"tracks {report.tracks_created} new."
        + "".join(f"\nwarning: {warning}" for warning in report.warnings)
    )


async def import_feed_command(settings: Settings, args: argparse.Namespace) -> int:
    store = await open_store(settings.database_url)
    base_url = args.base_url or settings.feed_base_url
    try:
        report = await import_feed(
            store,
            season=args.season,
            series=args.series,
            base_url=base_url,
            progress=progress_bar(Progress(quiet=args.quiet)),
        )
        print(describe_import(report))
        await import_laps(store, args, base_url)
        return await import_standings(store, args, base_url)
    except FeedError as error:
        print(f"racebot: feed import failed; the store is unchanged. {error}", file=sys.stderr)
        return 1
    finally:
        await store.close()


async def import_laps(store: Store, args: argparse.Namespace, base_url: str) -> None:
    """The lap times of the season's finished races that have none yet (for /results' race chart); a
    race without them is normal, and a failure is a warning: the races are imported either way."""
    async with open_client(None) as client:
        laps = await import_lap_times(
            store, season=args.season, series=args.series, base_url=base_url, client=client, at=utc_now()
        )
    print(
        f"Lap times: {len(laps.stored)} races stored, {laps.empty} without lap times in the feed."
        + "".join(f"\nwarning: {warning}" for warning in laps.warnings)
    )


async def import_standings(store: Store, args: argparse.Namespace, base_url: str) -> int:
    """The season's points tables, after its races: a failure here leaves the races imported."""
    try:
        async with open_client(None) as client:
            points = await import_points(
                store, season=args.season, series=args.series, base_url=base_url, client=client, at=utc_now()
            )
    except FeedError as error:
        print(f"racebot: standings not imported (the races are). {error}", file=sys.stderr)
        return 1
    print(
        f"Standings: {len(points.stored)} tables stored ({points.changed} changed), "
        f"{points.not_published} not published."
    )
    return 0


async def sync_command(settings: Settings, args: argparse.Namespace) -> int:
    store = await open_store(settings.database_url)
    try:
        async with open_client(None) as client:
            report = await sync_round(
                store, base_url=args.base_url or settings.feed_base_url, client=client, now=utc_now
            )
    finally:
        await store.close()
    if report.problem is not None:
        print(f"racebot: sync failed; no race data changed. {report.problem}", file=sys.stderr)
        return 1
    if report.imported is None:
        print(f"No {report.season} race list is published yet; nothing to sync.")
        return 0
    lineups = sum(isinstance(event, LineupPublished) for event in report.published)
    results = sum(isinstance(event, ResultsOfficial) for event in report.published)
    print(
        f"Synced {report.season}: {report.weekends_checked} weekend feeds checked, "
        f"{lineups} lineups and {results} official results new or changed."
    )
    return 0
