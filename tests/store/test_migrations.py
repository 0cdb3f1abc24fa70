"""Migrations build exactly the models' schema, on SQLite and PostgreSQL, and can be undone."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from db.store import Store
from db.store.engine import create_engine
from db.store.migrate import alembic_config, upgrade
from db.store.models import Base, Result, Session, StoreState
from db.store.state import bump_data_version, data_version


def _diff(connection):  # type: ignore[no-untyped-def]
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


async def test_migrated_schema_matches_models(database_url: str) -> None:
    """`upgrade head` leaves nothing for autogenerate to add, drop or alter."""
    engine = create_engine(database_url)
    await upgrade(engine)
    async with engine.connect() as connection:
        diff = await connection.run_sync(_diff)
    await engine.dispose()
    assert diff == []


async def test_downgrade_to_base_and_back(database_url: str) -> None:
    """Every migration has a working downgrade."""
    engine = create_engine(database_url)
    await upgrade(engine)

    def down(connection):  # type: ignore[no-untyped-def]
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "base")

    async with engine.begin() as connection:
        await connection.run_sync(down)
    await upgrade(engine)
    async with engine.connect() as connection:
        assert await connection.run_sync(_diff) == []
    await engine.dispose()


async def test_data_version_moves_with_imports(store: Store) -> None:
    """Loading the sample set a version; a bump inside a transaction raises it by one."""
    before = await data_version(store.sessions)
    assert before >= 1
    async with store.sessions.begin() as session:
        await bump_data_version(session)
    assert await data_version(store.sessions) == before + 1


async def test_rolled_back_bump_leaves_version(store: Store) -> None:
    """A failed import's bump rolls back with it."""
    before = await data_version(store.sessions)
    async with store.sessions() as session:
        await bump_data_version(session)
        await session.rollback()
    async with store.sessions() as session:
        assert await session.scalar(select(StoreState.data_version)) == before


async def test_undoing_race_statistics_keeps_the_races(store: Store) -> None:
    """Downgrading 0003 drops its columns in place: no session or result goes with the events table."""
    counts = select(func.count(Session.id), func.count(Result.id)).select_from(Session).outerjoin(Result)
    async with store.sessions() as session:
        before = (await session.execute(counts)).one()

    def down(connection):  # type: ignore[no-untyped-def]
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")

    async with store.engine.begin() as connection:
        await connection.run_sync(down)
    async with store.sessions() as session:
        after = (await session.execute(counts)).one()
    assert before[0] > 0 and after == before
