"""Processes on one PostgreSQL store agree through it: who is alive, one leader, IDENTIFY turns, news of
new data, and one request budget. Each `Coordination` here stands for one process."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import pytest
from sqlalchemy import text

from bot.announce.pacing import SharedPace
from bot.login_gate import MARGIN_S, IdentifyGate
from db.store import Store, open_store
from db.store.coordination import LEADER, SYNC_LEAD, Coordination, live_processes
from db.store.notify import StoreNews
from db.store.state import bump_data_version
from tests.conftest import _reset_postgres as reset_postgres

pytestmark = pytest.mark.postgres


@pytest.fixture
async def pg_store(postgres_database: str) -> AsyncIterator[Store]:
    await reset_postgres(postgres_database)
    store = await open_store(postgres_database)
    yield store
    await store.close()


class Process:
    """One process's coordination connection and what it heard."""

    def __init__(self, url: str, token: int) -> None:
        self.news: asyncio.Queue[StoreNews] = asyncio.Queue()
        self.reconnected = asyncio.Event()
        self.coordination = Coordination(
            url, token, on_news=self.news.put_nowait, on_reconnected=self.reconnected.set
        )


@pytest.fixture
async def processes(postgres_database: str, pg_store: Store) -> AsyncIterator[list[Process]]:
    """Two connected processes, tokens 101 and 202."""
    async with AsyncExitStack() as stack:
        started = []
        for token in (101, 202):
            process = Process(postgres_database, token)
            assert await process.coordination.connect()
            stack.push_async_callback(process.coordination.close)
            started.append(process)
        yield started


async def test_a_process_is_alive_while_its_connection_lives(
    pg_store: Store, processes: list[Process]
) -> None:
    """Both tokens are live; once one process's connection is gone (a crash), only the other is."""
    assert await live_processes(pg_store.sessions, {101, 202, 303}) == {101, 202}
    await processes[0].coordination.close()
    assert await live_processes(pg_store.sessions, {101, 202}) == {202}


async def test_one_leader_and_another_takes_over_when_it_dies(processes: list[Process]) -> None:
    """The first to try leads, the second cannot; the leader's connection ends and the second can."""
    first, second = (process.coordination for process in processes)
    assert await first.try_lock(LEADER, SYNC_LEAD) == 1
    assert await second.try_lock(LEADER, SYNC_LEAD) is None
    await first.close()
    assert await second.try_lock(LEADER, SYNC_LEAD) == 1


async def test_an_import_commit_tells_every_process_its_data_version(
    pg_store: Store, processes: list[Process]
) -> None:
    """A bump that commits reaches both listeners with the new version; one rolled back reaches none."""
    async with pg_store.sessions() as session, session.begin():
        await bump_data_version(session)
        await session.rollback()
    async with pg_store.sessions.begin() as session:
        await bump_data_version(session)
    for process in processes:
        news = await asyncio.wait_for(process.news.get(), 2)
        assert news == StoreNews(data_version=1)
        assert process.news.empty()


async def test_a_lost_connection_comes_back_and_says_so(pg_store: Store, processes: list[Process]) -> None:
    """PostgreSQL drops the process's connection: `keep` reconnects (a new epoch, the token live again)
    and reports it, as notifications may have been missed meanwhile."""
    coordination = processes[0].coordination
    async with pg_store.engine.connect() as connection:
        await connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
                "AND objid = 101 AND objsubid = 2"
            )
        )
        await connection.commit()
    keep = asyncio.create_task(coordination.keep(0.05))
    try:
        await asyncio.wait_for(processes[0].reconnected.wait(), 5)
    finally:
        keep.cancel()
    assert coordination.epoch == 2 and coordination.connected
    assert await live_processes(pg_store.sessions, {101}) == {101}


async def test_identify_turns_are_shared_between_processes(processes: list[Process]) -> None:
    """Shard 0 in one process and shard 2 in the other share bucket 0 (max_concurrency 2): the second
    IDENTIFY waits out the first's window; shard 1 (bucket 1) does not wait."""
    window = 0.4
    first = IdentifyGate(2, window, processes[0].coordination)
    second = IdentifyGate(2, window, processes[1].coordination)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await first.turn(0)
    await second.turn(1)
    other_bucket = loop.time() - started
    await second.turn(2)
    same_bucket = loop.time() - started
    assert other_bucket < 0.2
    assert window + MARGIN_S <= same_bucket < window + MARGIN_S + 0.5


async def test_two_processes_together_keep_to_one_budget(pg_store: Store, postgres_database: str) -> None:
    """Two processes' paces at a shared 40 a second, 30 requests each: the 60 slots span at least 59
    fortieths of a second, and no second of the run holds more than 40 of them."""
    other = await open_store(postgres_database)
    paces = [SharedPace(pg_store.sessions, 40, share=0.5), SharedPace(other.sessions, 40, share=0.5)]
    loop = asyncio.get_running_loop()
    times: list[float] = []

    async def request(pace: SharedPace) -> None:
        await pace.slot()
        times.append(loop.time())

    try:
        await asyncio.gather(*(request(paces[n % 2]) for n in range(60)))
    finally:
        await other.close()
    times.sort()
    assert times[-1] - times[0] >= 59 / 40 - 0.05
    # A few more allowed for the event loop's wake-up jitter on a loaded machine (slots are spaced by the
    # database's clock; a late wake-up bunches the times seen here): still under Discord's 50.
    assert max(sum(1 for t in times if start <= t < start + 1) for start in times) <= 43
    assert paces[0].per_second == 20
