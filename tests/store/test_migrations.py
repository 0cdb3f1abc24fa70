"""Migrations build exactly the models' schema, on SQLite and PostgreSQL, and can be undone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from db.store import Store
from db.store.engine import create_engine
from db.store.migrate import alembic_config, newest_revision, upgrade
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


def test_the_newest_revision_by_file_name_is_alembics_head() -> None:
    """The start-up check reads the head off the file names; Alembic's own reading agrees."""
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == newest_revision()


def test_opening_a_migrated_store_does_not_import_alembic(tmp_path: Path) -> None:
    """A store at the newest revision opens without Alembic (12 MB and 0.2 s a process); a new one
    is migrated with it."""
    probe = (
        "import asyncio, sys\n"
        "from db.store import open_store\n"
        "async def main(url):\n"
        "    await (await open_store(url)).close()\n"
        "    return 'alembic' in sys.modules\n"
        f"url = 'sqlite+aiosqlite:///{tmp_path / 'store.db'}'\n"
        "print(asyncio.run(main(url)))\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    ]
    assert runs == ["True\n", "False\n"]
