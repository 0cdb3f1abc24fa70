"""Opening a store: engine, migrations, reference rows and, for an empty store, the sample."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db.alias_data import load_alias_csvs
from db.engine import create_engine, create_session_factory
from db.importers.aliases import import_aliases
from db.migrate import upgrade
from db.reference import ensure_reference_data
from db.sample import load_sample, store_is_empty
from db.state import bump_data_version


@dataclass(slots=True)
class Store:
    """The engine and the session factory, made once and handed to whoever needs them."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    async def close(self) -> None:
        await self.engine.dispose()


async def open_store(url: str, *, with_sample: bool = True) -> Store:
    """Create and migrate the store on first use; an empty store gets the bundled sample."""
    engine = create_engine(url)
    await upgrade(engine)
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        await ensure_reference_data(session)
        await session.flush()
        if with_sample and await store_is_empty(session):
            await load_sample(session)
            await session.flush()
            await import_aliases(session, load_alias_csvs())
            await bump_data_version(session)
    return Store(engine=engine, sessions=sessions)
