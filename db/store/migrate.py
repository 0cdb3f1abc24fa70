"""Bring a store's schema to the newest migration; used at start-up and by `racebot db upgrade`.

A store already at the newest revision (every start but the first after an upgrade) is recognised by
one select, without importing Alembic: Alembic and what it pulls in (Mako, Pygments) cost every
process about 12 MB and 0.2 s to start, for nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Revisions are numbered: "0007_shards.py" holds revision "0007", revising the one before it.
REVISION_FILE = re.compile(r"(\d{4})_\w+\.py")


def newest_revision() -> str:
    """The head of the (linear) migration chain, read off the versions folder's file names."""
    numbers = (REVISION_FILE.fullmatch(path.name) for path in (MIGRATIONS_DIR / "versions").iterdir())
    return max(match.group(1) for match in numbers if match is not None)


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config built in code, so the installed package needs no alembic.ini."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _upgrade_on(connection: Connection, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def _revision(engine: AsyncEngine) -> str | None:
    """The store's current revision; None for a new store (no version table yet)."""
    try:
        async with engine.connect() as connection:
            revision = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    except DBAPIError:
        return None  # no such table; anything else (the server down) the upgrade says again
    return None if revision is None else str(revision)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Apply migrations up to `revision` in one transaction (nothing to do: one select)."""
    if revision == "head" and await _revision(engine) == newest_revision():
        return
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade_on, revision)
