"""`racebot import history|aliases`: command-line wiring only; the work is in `db.importers`."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bot.config import Settings
from db.importers.aliases import ALIAS_DIR, import_aliases, load_alias_csvs
from db.importers.data_files import DataFileError
from db.importers.history.fetch import PUBLIC_HISTORY_BASE, PUBLISHED_FILES, fetch_sources, history_urls
from db.importers.history.importer import import_history
from db.importers.history.report import HistoryImportReport
from db.importers.history.rows import HistoryFormatError, HistoryImportError
from db.importers.progress import Progress
from db.importers.sample import seed_if_empty
from db.store import open_store
from db.store.locking import lock_for_writing
from db.store.state import bump_data_version
from kernel.series import SERIES_CODES

HISTORY_HELP = (
    "Import race results in the nascaR.data format (CSV, CSV.gz or Parquet): Cup from 1949, Xfinity "
    "from 1982, Truck from 1995. The series is read from the file name (cup_series, xfinity_series or "
    "nxs_series, truck_series) unless --series is given. With no PATH_OR_URL the published files are "
    f"downloaded from HISTORY_BASE_URL (default {PUBLIC_HISTORY_BASE}): {', '.join(PUBLISHED_FILES)}. "
    "The import is one transaction: a bad file changes nothing, and importing the same files again "
    "changes nothing."
)


def register(imports: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `import history` and `import aliases` to the `import` group."""
    history = imports.add_parser(
        "history", help="import the full race-results history", description=HISTORY_HELP
    )
    history.add_argument(
        "sources", nargs="*", metavar="PATH_OR_URL", help="files or http(s) URLs (default: the public files)"
    )
    history.add_argument("--series", choices=SERIES_CODES, help="the series of every file given")
    history.add_argument("--quiet", action="store_true", help="no progress bar")
    history.set_defaults(handler=import_history_command)
    aliases = imports.add_parser(
        "aliases", help="reload the alias tables (nicknames, former names, cities) from CSV files"
    )
    aliases.add_argument(
        "--dir",
        type=Path,
        help=f"folder with drivers.csv, tracks.csv, series.csv and races.csv (default: {ALIAS_DIR})",
    )
    aliases.set_defaults(handler=import_aliases_command)


def summary(report: HistoryImportReport) -> str:
    """The counts on one line, then what was corrected and what still looks wrong, a line each."""
    changed = (
        f"events {report.events_added:,} added, {report.events_updated:,} updated; "
        f"results {report.results_added:,} added, {report.results_updated:,} updated, "
        f"{report.results_removed:,} removed; new: {report.drivers_added:,} drivers, "
        f"{report.tracks_added:,} tracks, {report.teams_added:,} teams, "
        f"{report.manufacturers_added:,} makes; {report.tracks_updated:,} tracks updated"
    )
    repeats = report.duplicate_rows_skipped
    skipped = (
        f" (skipped {repeats:,} {'row' if repeats == 1 else 'rows'} repeating a driver in a race)"
        if repeats
        else ""
    )
    files = f"{report.files} file" + ("" if report.files == 1 else "s")
    lines = [f"Read {report.rows_read:,} rows from {files}{skipped}: {changed}."]
    if report.corrections:
        lines.append(f"Corrected from db/corrections ({len(report.corrections)}):")
        lines.extend(f"  {line}" for line in report.corrections)
    if report.doubts:
        lines.append(f"Still looks wrong in the source ({len(report.doubts)}):")
        lines.extend(f"  {line}" for line in report.doubts)
    return "\n".join(lines)


async def import_history_command(settings: Settings, args: argparse.Namespace) -> int:
    try:
        with tempfile.TemporaryDirectory(prefix="racebot-history-") as directory:
            # Downloads first: the store waits.
            published = history_urls(settings.history_base_url)
            fetched = await fetch_sources(args.sources, Path(directory), published=published)
            store = await open_store(settings.database_url)
            try:
                report = await import_history(
                    store, fetched.paths, series=args.series, progress=Progress(quiet=args.quiet)
                )
            except HistoryFormatError as error:
                raise fetched.named_by_url(error) from error
            finally:
                await store.close()
    except HistoryImportError as error:
        print(f"racebot: {error}", file=sys.stderr)
        return 1
    print(summary(report))
    return 0


async def import_aliases_command(settings: Settings, args: argparse.Namespace) -> int:
    """Aliases whose target is not in the store yet wait for the import that brings it."""
    try:
        entries = load_alias_csvs(args.dir)
    except DataFileError as error:
        print(f"racebot: {error}", file=sys.stderr)
        return 1
    store = await open_store(settings.database_url)
    try:
        await seed_if_empty(store)
        async with store.sessions.begin() as session:
            await lock_for_writing(session)
            result = await import_aliases(session, entries)
            await bump_data_version(session)
    finally:
        await store.close()
    print(f"Stored {result.stored:,} aliases; {result.waiting:,} wait for names not in the store yet.")
    return 0
