"""The whole nascaR.data history (about 180,000 results) imported once per test session into SQLite.

The root conftest registers this module as a plugin, so any test can ask for `history_db`; mark such
tests `@pytest.mark.fulldata`. The import is memoised here as well, so the session pays for it once.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from db.importers.history.importer import import_history
from db.store import open_store

HISTORY_FILES = ("cup_series.csv.gz", "xfinity_series.csv.gz", "truck_series.csv.gz")

_built: dict[Path, str] = {}


async def import_full_history(url: str, data: Path) -> None:
    """Import the three series' files in `data` into the store at `url` (benchmarks use it too)."""
    store = await open_store(url)
    try:
        await import_history(store, [data / name for name in HISTORY_FILES])
    finally:
        await store.close()


@pytest.fixture(scope="session")
def history_db(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """URL of a SQLite store holding Cup, Xfinity and Truck from the shared data; do not write to it."""
    directory = tmp_path_factory.getbasetemp() / "fulldata-history"
    if directory not in _built:
        directory.mkdir(exist_ok=True)
        url = f"sqlite+aiosqlite:///{directory / 'history.db'}"
        asyncio.run(import_full_history(url, shared_data / "nascar"))
        _built[directory] = url
    return _built[directory]
