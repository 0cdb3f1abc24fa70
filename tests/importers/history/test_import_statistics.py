"""A history import on PostgreSQL leaves fresh planner statistics on every table it wrote.

Without them PostgreSQL's planner took the just-filled tables for empty ones and nested a loop in the
name-index query: every start after `racebot import history` took 20-55 s, against 2-5 s on SQLite or
after ANALYZE. The start times themselves are measured by `benchmarks/bench_start.py`; this test checks
the cause, on one series' history (the Truck file: every table the import writes, in seconds).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from db.importers.history.importer import import_history
from db.store import open_store

pytestmark = [pytest.mark.postgres, pytest.mark.fulldata, pytest.mark.asyncio(loop_scope="module")]

# What `racebot import history` writes: names, races, results and the alias tables.
WRITTEN = {
    "tracks",
    "drivers",
    "teams",
    "manufacturers",
    "events",
    "sessions",
    "results",
    "driver_aliases",
    "track_aliases",
    "series_aliases",
}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def postgres_history(postgres_database: str, shared_data: Path) -> str:
    """The session's PostgreSQL database wiped and filled with the Truck history, as an operator would."""
    engine = create_async_engine(postgres_database, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()
    store = await open_store(postgres_database)
    try:
        await import_history(store, [shared_data / "nascar" / "truck_series.csv.gz"])
    finally:
        await store.close()
    return postgres_database


async def test_import_leaves_fresh_statistics(postgres_history: str) -> None:
    """Every table the import wrote has been analyzed (autovacuum may be off, as on this server)."""
    engine = create_async_engine(postgres_history)
    async with engine.connect() as connection:
        analyzed = set(
            await connection.scalars(
                text(
                    "SELECT relname FROM pg_stat_user_tables"
                    " WHERE coalesce(last_analyze, last_autoanalyze) IS NOT NULL"
                )
            )
        )
    await engine.dispose()
    assert WRITTEN - analyzed == set()
