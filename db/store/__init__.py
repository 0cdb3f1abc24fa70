"""The store: models, engine, migrations and queries. `open_store` is the one way in.

Opening creates and migrates the schema and writes the fixed reference rows; what data goes in is
the importers' business (`db.importers.sample.seed_if_empty` gives a new store the bundled sample).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db.store.engine import create_engine, create_session_factory
from db.store.migrate import upgrade
from db.store.reference import ensure_reference_data


@dataclass(slots=True)
class Store:
    """The engine and the session factory, made once and handed to whoever needs them."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    async def close(self) -> None:
        await self.engine.dispose()


async def open_store(url: str) -> Store:
    """Create and migrate the store on first use, with its reference rows."""
    engine = create_engine(url)
    await upgrade(engine)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        await ensure_reference_data(session)
    return Store(engine=engine, sessions=sessions)
