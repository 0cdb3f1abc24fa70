"""The store: models, engine, migrations and queries. `open_store` is the one way in.

Opening creates and migrates the schema and writes the fixed reference rows; what data goes in is
the importers' business (`db.importers.sample.seed_if_empty` gives a new store the bundled sample).
"""

from __future__ import annotations

import asyncio
import shlex
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db.store.engine import create_engine, create_session_factory, is_sqlite
from db.store.migrate import upgrade
from db.store.reference import ensure_reference_data

# Two processes opening a new SQLite file at once both try to create the schema; the loser retries.
MIGRATION_RETRY_S = 30.0
URL_EXAMPLES = "e.g. sqlite+aiosqlite:///racebot.db or postgresql+asyncpg://user@host/db"
# The async driver racebot uses for each backend (SQLAlchemy's default drivers are not async).
DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg", "postgres": "postgresql+asyncpg"}
# PostgreSQL's SQLSTATEs for a database, or a role, that does not exist.
NO_SUCH_DATABASE = "3D000"
NO_SUCH_ROLE = "28000"


class StoreUnavailable(Exception):
    """The store cannot be opened; the text says why and what to do, for an operator."""


@dataclass(slots=True)
class Store:
    """The engine and the session factory, made once and handed to whoever needs them."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    async def close(self) -> None:
        await self.engine.dispose()


async def open_store(url: str) -> Store:
    """Create and migrate the store on first use, with its reference rows; StoreUnavailable if it cannot."""
    _check_url(url)
    engine = _engine(url)
    try:
        await _migrate(engine)
        sessions = create_session_factory(engine)
        async with sessions.begin() as session:
            await ensure_reference_data(session)
    except DBAPIError as error:
        await engine.dispose()
        raise StoreUnavailable(_explain(url, error)) from error
    except OSError as error:
        await engine.dispose()
        raise StoreUnavailable(f"cannot reach the store at {shown_url(url)}: {error}") from error
    return Store(engine=engine, sessions=sessions)


def _check_url(url: str) -> None:
    """Refuse, before connecting, a URL that cannot work or would fill the wrong database."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return  # _engine says what is wrong with the URL
    fixed = _url_to_write(parsed)
    if fixed != parsed:
        shown = fixed.render_as_string(hide_password=True)
        raise StoreUnavailable(f"DATABASE_URL is not in the form racebot's async drivers take: write {shown}")
    backend = parsed.get_backend_name()
    if backend == "postgresql" and not parsed.database:
        example = parsed.set(database="racebot").render_as_string(hide_password=True)
        raise StoreUnavailable(
            "DATABASE_URL names no database, so the tables would land in the server's own 'postgres' "
            f"database; name one: {example}"
        )
    if backend == "sqlite":
        _check_sqlite_folder(parsed.database or "")


def _url_to_write(parsed: URL) -> URL:
    """`parsed` with racebot's async driver, and libpq's `sslmode` in asyncpg's spelling, `ssl`."""
    fixed = parsed.set(drivername=DRIVERS.get(parsed.get_backend_name(), parsed.drivername))
    if fixed.drivername == "postgresql+asyncpg" and "sslmode" in fixed.query:
        # Hosting providers hand out libpq URLs; asyncpg takes the same values under another name.
        ssl = fixed.query["sslmode"]
        fixed = fixed.difference_update_query(["sslmode"]).update_query_dict({"ssl": ssl})
    return fixed


def _check_sqlite_folder(database: str) -> None:
    """Say so before connecting: a failed aiosqlite connect leaves a thread that outlives the event loop."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    folder = Path(database).resolve().parent
    if not folder.is_dir():
        raise StoreUnavailable(
            f"cannot open the SQLite store {database}: its folder does not exist or cannot be written to"
        )


def _engine(url: str) -> AsyncEngine:
    try:
        return create_engine(url)
    except NoSuchModuleError as error:
        raise StoreUnavailable(
            f"DATABASE_URL names an unknown database driver ({shown_url(url)}); use {URL_EXAMPLES}"
        ) from error
    except ArgumentError as error:
        raise StoreUnavailable(f"DATABASE_URL is not a database URL ({url!r}); use {URL_EXAMPLES}") from error
    except ModuleNotFoundError as error:
        raise StoreUnavailable(
            f"DATABASE_URL needs the {error.name} package; for PostgreSQL: pip install 'racebot[postgres]' "
            "(from a checkout: pip install -e '.[postgres]')"
        ) from error


async def _migrate(engine: AsyncEngine) -> None:
    deadline = time.monotonic() + MIGRATION_RETRY_S
    while True:
        try:
            await upgrade(engine)
            return
        except OperationalError as error:
            racing = "already exists" in str(error) or "locked" in str(error)
            if not (racing and is_sqlite(str(engine.url)) and time.monotonic() < deadline):
                raise
            await asyncio.sleep(0.2)


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url)


def _explain(url: str, error: DBAPIError) -> str:
    reason = str(error.orig).strip().splitlines()[0] if error.orig is not None else str(error)
    where = shown_url(url)
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate == NO_SUCH_DATABASE:
        return _create_database_hint(make_url(url))
    if sqlstate == NO_SUCH_ROLE and "role" in reason:
        return _create_role_hint(make_url(url), reason)
    if is_sqlite(url):
        path = make_url(url).database or ":memory:"
        if "unable to open database file" in reason:
            return f"cannot open the SQLite store {path}: its folder does not exist or cannot be written to"
        if "not a database" in reason:
            return f"{path} is not a SQLite database; point DATABASE_URL at a racebot store or a new file"
        if "readonly" in reason or "read-only" in reason:
            return (
                f"the SQLite store {path} is read-only; racebot needs to write to it (check its permissions)"
            )
        if "disk is full" in reason or "disk I/O" in reason:
            return f"cannot write the SQLite store {path}: {reason}; free some disk space"
    return f"cannot open the store at {where}: {reason}"


def _client_options(parsed: URL) -> str:
    """Options for PostgreSQL's command-line tools: the URL's server, as its superuser `postgres`."""
    options = [f"-h {shlex.quote(parsed.host)}"] if parsed.host else []
    options += [f"-p {parsed.port}"] if parsed.port else []
    return " ".join([*options, "-U postgres"])


def _create_database_hint(parsed: URL) -> str:
    name, owner = parsed.database or "", parsed.username or "postgres"
    command = " ".join(["createdb", _client_options(parsed), "-O", shlex.quote(owner), shlex.quote(name)])
    return (
        f"the PostgreSQL database {name!r} does not exist; create it: {command} "
        f'(or in psql: CREATE DATABASE "{name}" OWNER "{owner}";)'
    )


def _create_role_hint(parsed: URL, reason: str) -> str:
    role = parsed.username or ""
    command = " ".join(["createuser", _client_options(parsed), shlex.quote(role)])
    return f'PostgreSQL says {reason}; create it: {command} (or in psql: CREATE ROLE "{role}" LOGIN;)'
