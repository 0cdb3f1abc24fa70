"""Readers keep working while a history import writes (SQLite in WAL mode)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import func, select

from db.importers.history.importer import import_history
from db.importers.progress import Progress
from db.store import open_store
from db.store.engine import create_engine
from db.store.models import Event
from tests.importers.history.files import row, write_csv


class _FirstBatch(Progress):
    """Signals once the first batch is written, i.e. while the import's transaction is open."""

    def __init__(self) -> None:
        super().__init__(quiet=True)
        self.written = asyncio.Event()

    def advance(self, count: int) -> None:
        super().advance(count)
        self.written.set()


async def test_read_succeeds_during_a_long_import(sqlite_url: str, tmp_path: Path) -> None:
    """A reader on another connection gets the pre-import state at once, while the import is still running."""
    rows = [row(f"Driver {n % 40}", n % 40 + 1, n % 40 + 1, Race=n // 40 + 1) for n in range(40_000)]
    path = write_csv(tmp_path / "cup_series.csv", rows)
    store = await open_store(sqlite_url)
    reader = create_engine(sqlite_url)
    progress = _FirstBatch()
    importing = asyncio.create_task(import_history(store, [path], progress=progress))
    await asyncio.wait_for(progress.written.wait(), timeout=30)
    async with reader.connect() as connection:
        events_during = await asyncio.wait_for(connection.scalar(select(func.count(Event.id))), timeout=2)
    still_running = not importing.done()
    await importing
    async with reader.connect() as connection:
        events_after = await connection.scalar(select(func.count(Event.id)))
    await reader.dispose()
    await store.close()
    assert (events_during, still_running, events_after) == (0, True, 1000)
