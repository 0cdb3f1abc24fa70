"""The one place that creates the async engine and session factory, and that knows each backend's upkeep."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

SQLITE_BUSY_TIMEOUT_MS = 10_000
# Each SQLite connection is a thread with its own page cache; with one writer and the GIL, more than
# a few buy no speed, only memory.
SQLITE_POOL_SIZE = 4


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers run while an import writes; foreign keys are off in SQLite unless asked."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create the engine; SQLite connections get their pragmas on connect and a small pool."""
    if not is_sqlite(url):
        return create_async_engine(url, **kwargs)
    kwargs.setdefault("pool_size", SQLITE_POOL_SIZE)
    kwargs.setdefault("max_overflow", 0)
    engine = create_async_engine(url, **kwargs)
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def refresh_statistics(session: AsyncSession, tables: Iterable[str]) -> None:
    """ANALYZE `tables` at the end of the import that filled them, so the next start plans from real counts.

    Without it PostgreSQL's planner takes freshly filled tables for nearly empty ones (autovacuum
    analyzes them late, or never when it is off) and nests loops over 180,000 results: the first starts
    after `racebot import history` took 20-50 s instead of 2. Inside the import's transaction, because
    ANALYZE counts the transaction's own rows and its statistics commit with them: a bot that sees the
    new data version never plans against the old statistics. SQLite is left as it is: with none its
    planner already picks the index plans, ANALYZE changed its start by nothing measurable, and
    statistics once written would only go stale.
    """
    dialect = session.get_bind().dialect
    if dialect.name == "sqlite":
        return
    quote = dialect.identifier_preparer.quote
    await session.execute(text("ANALYZE " + ", ".join(quote(table) for table in tables)))


async def ping(engine: AsyncEngine) -> None:
    """One round trip to the database, for readiness checks; raises whatever the driver raises."""
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
