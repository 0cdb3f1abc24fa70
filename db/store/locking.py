"""One writer at a time: an import takes the store's write lock first, so a second one waits its turn.

SQLite has one writer by design; taking its lock with the transaction's first statement (rather than
at the first insert, minutes in) means a second import waits instead of failing half way, and that
what a transaction reads after the lock is what it writes against. PostgreSQL gets the same order
from a transaction-scoped advisory lock.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from db.store.engine import SQLITE_BUSY_TIMEOUT_MS

# How long an import waits for another one to finish before giving up with "database is locked".
IMPORT_WAIT_S = 600.0
_ADVISORY_KEY = 0x7261636562  # "raceb"


async def lock_for_writing(session: AsyncSession, *, wait_s: float = IMPORT_WAIT_S) -> None:
    """Take the write lock as the first thing the caller's transaction does, waiting up to `wait_s`."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text(f"SET LOCAL lock_timeout = {int(wait_s * 1000)}"))
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_KEY})
        return
    await session.execute(text(f"PRAGMA busy_timeout = {int(wait_s * 1000)}"))
    try:
        # A write that changes nothing still makes this transaction the writer.
        await session.execute(text("UPDATE store_state SET data_version = data_version WHERE 0 = 1"))
    finally:
        await session.execute(text(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}"))


def is_locked(error: BaseException) -> bool:
    """Whether a database error means another writer held the lock for longer than we waited."""
    text_ = str(error).lower()
    return "database is locked" in text_ or "lock timeout" in text_ or "locknotavailable" in text_
