"""`racebot import history`: nascaR.data race results (Cup 1949-, Xfinity 1982-, Truck 1995-) into the store.

Input is the nascaR.data format, as CSV, gzip'd CSV or Parquet (columns and quirks: `history_rows`).
Given no path, `racebot import history` downloads the public Parquet files the R package serves,
https://nascar.kylegrealis.com/{cup_series,nxs_series,truck_series}.parquet (refreshed Mondays in
season; see `history_fetch`).

Each race becomes one event (matched by series, season and round), one race session named after the
race, and one result per driver. Everything happens in one transaction, so a bad file leaves the store
exactly as it was, and re-importing the same files changes nothing: events are updated in place, which
keeps their ids and whatever the feed importer added (feed race id, start time, TV), and results are
matched by driver and written only where a value differs. A track's length and surface come from its
most recent row that has them, so 1961's half-mile Bristol never overrides today's.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path

from db.importers.aliases import import_aliases, load_alias_csvs
from db.importers.analyze import analyze_imported
from db.importers.history.corrections import load_corrections, misfiled, settle
from db.importers.history.files import read_history_file, series_for
from db.importers.history.report import HistoryImportReport
from db.importers.history.rows import HistoryImportError, Race
from db.importers.history.writer import HistoryWriter
from db.importers.progress import Progress
from db.importers.sample import remove_sample
from db.store import Store
from db.store.locking import lock_for_writing
from db.store.state import bump_data_version
from kernel.series import SERIES_CODES

log = logging.getLogger(__name__)


async def import_history(
    store: Store,
    paths: Sequence[Path],
    *,
    series: str | None = None,
    progress: Progress | None = None,
) -> HistoryImportReport:
    """Import the files in one transaction: on any error the store is left exactly as it was.

    `series` overrides the series read from each file name. Raises HistoryImportError (or its
    HistoryFormatError, which names file, row and column) for input that cannot be imported.
    """
    if series is not None and series not in SERIES_CODES:
        raise HistoryImportError(f"unknown series {series!r}; expected one of {', '.join(SERIES_CODES)}")
    if not paths:
        raise HistoryImportError("no files to import")
    for path in paths:
        if not path.is_file():
            raise HistoryImportError(f"{path}: no such file")
    sources = [(path, series_for(path, series)) for path in paths]
    progress = progress if progress is not None else Progress(quiet=True)
    report = HistoryImportReport()
    aliases = load_alias_csvs()
    corrections = load_corrections()
    read: list[tuple[str, Race]] = []
    # A facility renamed in the data's last season ("EchoPark Speedway") keeps its one name.
    renamed = {a.alias: a.target for a in aliases if a.kind == "track" and a.source == "new_name"}
    async with store.sessions.begin() as session:
        await lock_for_writing(session)
        sample_removed = await remove_sample(session)
        writer = HistoryWriter(session, report)
        await writer.names.load()
        for path, code in sources:
            # Parsing in a thread keeps the event loop free for readers sharing this process.
            history = await asyncio.to_thread(read_history_file, path, code)
            report.files += 1
            report.rows_read += history.rows
            corrected, doubtful = settle(history, corrections)
            report.corrections += corrected
            report.doubts += doubtful
            report.duplicate_rows_skipped += len(doubtful)
            read.extend((history.series, race) for race in history.races)
            for race in history.races:
                race.track = renamed.get(race.track, race.track)
            await writer.write(history, progress)
        report.doubts += misfiled(read, corrections)
        changed_tracks = await writer.track_facts.settle(session)
        report.tracks_updated = len(set(changed_tracks) - writer.names.added_tracks)
        await import_aliases(session, aliases)
        # Every time, not only when rows changed: re-importing also mends a store an older racebot filled.
        await analyze_imported(session)
        if report.changed or sample_removed:
            await bump_data_version(session)
    log.info("history import: %s", report)
    return report
