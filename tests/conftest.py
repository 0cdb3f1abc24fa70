"""Shared fixtures: a migrated store on a temp SQLite file and, where it answers, on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from db.importers.sample import seed_if_empty
from db.store import Store, open_store
from db.store.migrate import newest_revision

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
pytest_plugins = ["tests.fulldata", "tests.importers.feed.fixtures"]

T = TypeVar("T")
POSTGRES_ADMIN_URL = os.environ.get(
    "RACEBOT_TEST_POSTGRES", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, reason: str) -> None:
    """Skip when a prerequisite is missing locally; under CI a missing prerequisite is a failure."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"CI prerequisite missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user's data, config and cache folders (XDG) in a temp dir, for this process and the racebot
    processes it starts: no test reads the developer's settings or writes their store."""
    home = tmp_path_factory.mktemp("user")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(home / "data"))
        patch.setenv("XDG_CONFIG_HOME", str(home / "config"))
        patch.setenv("XDG_CACHE_HOME", str(home / "cache"))
        patch.delenv("RACEBOT_ENV_FILE", raising=False)
        yield home


@pytest.fixture(scope="session")
def shared_data() -> Path:
    require(
        SHARED_DATA.is_dir(),
        f"needs the NASCAR history and feed payloads at {SHARED_DATA} (not shipped; README: Testing)",
    )
    return SHARED_DATA


async def _postgres_answers() -> bool:
    engine = create_async_engine(POSTGRES_ADMIN_URL)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return True
    except (OSError, Exception):
        return False
    finally:
        await engine.dispose()


def _run_apart(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on its own loop in a thread, for session set-up outside the tests' loops."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A throwaway database for this test run, dropped at the end."""
    require(_run_apart(_postgres_answers()), "PostgreSQL does not answer at 127.0.0.1:5432")
    name = f"racebot_test_{uuid.uuid4().hex[:8]}"

    async def admin(sql: str) -> None:
        engine = create_async_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        async with engine.connect() as connection:
            await connection.execute(text(sql))
        await engine.dispose()

    _run_apart(admin(f'CREATE DATABASE "{name}"'))
    yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    _run_apart(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _reset_postgres(url: str) -> None:
    """Empty the test database: a schema at the newest revision keeps its tables and loses its rows (a
    few milliseconds, where migrating a new schema takes a fifth of a second); any other is dropped."""
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        tables = list(
            await connection.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        )
        revision = (
            await connection.scalar(text("SELECT version_num FROM alembic_version"))
            if "alembic_version" in tables
            else None
        )
        if revision == newest_revision():
            rows = ", ".join(f'"{table}"' for table in tables if table != "alembic_version")
            await connection.execute(text(f"TRUNCATE {rows} RESTART IDENTITY CASCADE"))
        else:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new SQLite store as `open_store` leaves it (every migration run, the reference rows written),
    made once per test process: a test's new store starts as a copy of it instead of running every
    migration again (a fifth of a second each, in hundreds of tests). Its WAL is checkpointed into the
    file, so the file alone is the whole store."""
    path = tmp_path_factory.mktemp("migrated") / "racebot.db"

    async def create() -> None:
        await (await open_store(f"sqlite+aiosqlite:///{path}")).close()

    _run_apart(create())
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def new_sqlite_url(path: Path, migrated: Path) -> str:
    """The URL of a new store at `path`, already migrated (a copy of `migrated_sqlite`)."""
    shutil.copyfile(migrated, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path, migrated_sqlite: Path) -> str:
    """An empty database: a new SQLite file, or a wiped PostgreSQL schema."""
    if request.param == "sqlite":
        return new_sqlite_url(tmp_path / "racebot.db", migrated_sqlite)
    url: str = request.getfixturevalue("postgres_database")
    await _reset_postgres(url)
    return url


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    """A migrated store holding the bundled sample."""
    opened = await open_store(database_url)
    await seed_if_empty(opened)
    yield opened
    await opened.close()


@pytest.fixture
async def empty_store(database_url: str) -> AsyncIterator[Store]:
    opened = await open_store(database_url)
    yield opened
    await opened.close()


@pytest.fixture
def sqlite_url(tmp_path: Path, migrated_sqlite: Path) -> str:
    """A new, migrated SQLite store in the test's temp folder."""
    return new_sqlite_url(tmp_path / "racebot.db", migrated_sqlite)
