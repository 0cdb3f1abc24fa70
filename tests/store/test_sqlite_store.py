"""SQLite is set up for concurrent readers: WAL, foreign keys and a busy timeout."""

from __future__ import annotations

from sqlalchemy import text

from db.store import open_store


async def test_sqlite_pragmas(sqlite_url: str) -> None:
    """Every connection gets WAL, foreign keys on and a busy timeout."""
    store = await open_store(sqlite_url)
    async with store.engine.connect() as connection:
        mode = await connection.scalar(text("PRAGMA journal_mode"))
        keys = await connection.scalar(text("PRAGMA foreign_keys"))
        timeout = await connection.scalar(text("PRAGMA busy_timeout"))
    await store.close()
    assert (mode, keys) == ("wal", 1)
    assert timeout is not None and timeout >= 5000
