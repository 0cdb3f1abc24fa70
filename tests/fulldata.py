"""The whole nascaR.data history (about 180,000 results) imported once per test run into SQLite.

The root conftest registers this module as a plugin, so any test can ask for `history_db`; mark such
tests `@pytest.mark.fulldata`. Under pytest-xdist the workers share one import: the first to get the
lock builds the store in the run's common temp folder and the others wait for it and read it. Answer
services over it (`history_answers`) share the run's start-up snapshot as the bot's processes do: the
first builds the names and race book, the others load them.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.answers.service import Answers
from bot.answers.snapshot import Snapshots
from db.importers.history.importer import import_history
from db.store import open_store

# "Now" for answers over the history: after the 2025 season, so every race in it is in the past.
HISTORY_NOW = datetime(2026, 12, 1, tzinfo=UTC)

HISTORY_FILES = ("cup_series.csv.gz", "xfinity_series.csv.gz", "truck_series.csv.gz")


async def import_full_history(url: str, data: Path) -> None:
    """Import the three series' files in `data` into the store at `url` (benchmarks use it too)."""
    store = await open_store(url)
    try:
        await import_history(store, [data / name for name in HISTORY_FILES])
    finally:
        await store.close()


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temp folder of the whole run: the base temp, or its parent shared by xdist's workers."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def history_db(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """URL of a SQLite store holding Cup, Xfinity and Truck from the shared data; do not write to it."""
    directory = run_folder(tmp_path_factory) / "fulldata-history"
    directory.mkdir(exist_ok=True)
    url = f"sqlite+aiosqlite:///{directory / 'history.db'}"
    done = directory / "imported"
    with (directory / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if the import fails
        if not done.exists():
            asyncio.run(import_full_history(url, shared_data / "nascar"))
            done.touch()
    return url


@pytest.fixture(scope="session")
def history_snapshots(history_db: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's snapshot folder for answer services over `history_db`."""
    return run_folder(tmp_path_factory) / "fulldata-history" / "snapshots"


@asynccontextmanager
async def history_answers(url: str, snapshots: Path) -> AsyncIterator[Answers]:
    """An answer service over the full-history store at `url`, as of `HISTORY_NOW`."""
    store = await open_store(url)
    try:
        service = Answers(store, clock=lambda: HISTORY_NOW, snapshots=Snapshots(snapshots, url))
        await service.refresh()
        yield service
    finally:
        await store.close()
