"""What several bot processes on one PostgreSQL store agree through: who is alive, who leads, who may
IDENTIFY, and what changed.

Each process keeps one connection of its own, outside the pool (a pooled connection handed back keeps
its session locks, and LISTEN needs a connection that stays). On it the process holds a session
advisory lock on its token for as long as it lives, so others can tell a live claimer from a dead one
(`live_processes`); it takes the sync leader's lock and the IDENTIFY buckets' locks there; and it
LISTENs for the store's news (`db.store.notify`). PostgreSQL releases every session lock when the
connection ends, a killed process's included. A transaction-pooling proxy breaks all of this: point the
store at PostgreSQL itself.

Locks are keyed (namespace, key) with PostgreSQL's two-int4 form, apart from the importers' one-bigint
write lock (`db.store.locking`).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker
from sqlalchemy.pool import NullPool

from db.store.engine import create_engine
from db.store.notify import CHANNEL, StoreNews, read_news

log = logging.getLogger(__name__)

# Namespaces of the advisory locks (first int4 key): "RB" and a number.
PROCESS = 0x52420001  # key: the process's token; held while the process lives
LEADER = 0x52420002  # key: what is led
IDENTIFY = 0x52420003  # key: the IDENTIFY bucket (shard id % max_concurrency)
SYNC_LEAD = 1
# A query on the process's connection that takes longer than this means the connection is gone.
QUERY_TIMEOUT_S = 10.0
_MAX_TOKEN = 2**31 - 1


class CoordinationLost(Exception):
    """The process's own connection to PostgreSQL is down; its session locks went with it."""


def process_token() -> int:
    """A number naming this process for as long as it runs (its claims carry it)."""
    return secrets.randbelow(_MAX_TOKEN - 1) + 1


async def live_processes(sessions: async_sessionmaker[AsyncSession], tokens: Iterable[int]) -> frozenset[int]:
    """The processes among `tokens` still alive: those whose connection still holds their token's lock."""
    wanted = sorted(set(tokens))
    if not wanted:
        return frozenset()
    async with sessions() as session:
        found = await session.scalars(
            text(
                "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND classid = :namespace AND objsubid = 2 AND objid::bigint = ANY(:tokens)"
            ),
            {"namespace": PROCESS, "tokens": wanted},
        )
        return frozenset(int(token) for token in found)


class Coordination:
    """One process's own PostgreSQL connection: its token's lock, session locks, and LISTEN.

    `keep()` runs for the life of the process: it reconnects a lost connection (taking the token's lock
    and LISTEN again; `on_reconnected` hears of it, as notifications may have been missed meanwhile)
    and checks a live one. `epoch` counts connections: a lock taken in an earlier epoch is gone.
    """

    def __init__(
        self,
        url: str,
        token: int,
        *,
        on_news: Callable[[StoreNews], None],
        on_reconnected: Callable[[], None] | None = None,
    ) -> None:
        self.token = token
        self.epoch = 0
        self._engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        self._on_news = on_news
        self._on_reconnected = on_reconnected
        self._connection: AsyncConnection | None = None
        self._driver_connection: object = None  # asyncpg's, whose end `_terminated` hears of
        self._lost = False
        # asyncpg runs one query at a time per connection: the lock loop, the gate and the leader share it.
        self._busy = asyncio.Lock()

    @property
    def connected(self) -> bool:
        return self._connection is not None and not self._lost

    async def connect(self) -> bool:
        """(Re)connect: the token's lock, then LISTEN. False, with one log line, if PostgreSQL refuses."""
        async with self._busy:
            await self._drop()
            connection: AsyncConnection | None = None
            try:
                async with asyncio.timeout(QUERY_TIMEOUT_S):
                    connection = await self._engine.connect()
                    await connection.execute(
                        text("SELECT pg_advisory_lock(:namespace, :token)"),
                        {"namespace": PROCESS, "token": self.token},
                    )
                    raw: Any = (await connection.get_raw_connection()).driver_connection
                    await raw.add_listener(CHANNEL, self._heard)
                    raw.add_termination_listener(self._terminated)
            except Exception as error:  # refused, unreachable, timed out: keep() tries again
                log.warning("no coordination connection to PostgreSQL (%s); trying again", error)
                if connection is not None:
                    await _close_quietly(connection)
                return False
            self._connection, self._driver_connection, self._lost = connection, raw, False
            self.epoch += 1
        if self.epoch > 1:
            log.info("coordination connection to PostgreSQL is back (connection %d)", self.epoch)
            if self._on_reconnected is not None:
                self._on_reconnected()
        return True

    async def keep(self, interval_s: float) -> None:
        """Every `interval_s`: reconnect if the connection is down, else check it answers. Never ends."""
        while True:
            try:
                if self.connected:
                    await self._scalar("SELECT 1")
                else:
                    await self.connect()
            except CoordinationLost:
                continue  # reconnect at once
            except Exception:
                log.exception("checking the coordination connection failed")
            await asyncio.sleep(interval_s)

    async def try_lock(self, namespace: int, key: int) -> int | None:
        """Take a session lock if free: the epoch it is held in, or None when another process holds it."""
        epoch = self.epoch
        taken = await self._scalar(
            "SELECT pg_try_advisory_lock(:namespace, :key)", namespace=namespace, key=key
        )
        return epoch if taken else None

    async def unlock(self, namespace: int, key: int, epoch: int) -> None:
        """Release a lock taken in `epoch` (one taken on an earlier connection went with it)."""
        if epoch == self.epoch and self.connected:
            await self._scalar("SELECT pg_advisory_unlock(:namespace, :key)", namespace=namespace, key=key)

    async def close(self) -> None:
        async with self._busy:
            await self._drop()
        await self._engine.dispose()

    async def _scalar(self, sql: str, **params: int) -> Any:
        async with self._busy:
            if self._connection is None or self._lost:
                raise CoordinationLost("not connected")
            try:
                async with asyncio.timeout(QUERY_TIMEOUT_S):
                    return (await self._connection.execute(text(sql), params)).scalar()
            except Exception as error:
                self._lost = True
                log.warning("coordination connection to PostgreSQL lost (%s)", error)
                raise CoordinationLost(str(error)) from error

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await _close_quietly(connection)

    def _heard(self, _connection: object, _pid: int, _channel: str, payload: str) -> None:
        news = read_news(payload)
        if news is not None:
            self._on_news(news)

    def _terminated(self, connection: object) -> None:
        if connection is self._driver_connection:  # not an earlier connection closing late
            self._lost = True


async def _close_quietly(connection: AsyncConnection) -> None:
    """Close a connection that may already be broken; there is nothing to do about a failure."""
    try:
        await connection.close()
    except Exception as error:
        log.debug("closing a broken coordination connection: %s", error)
