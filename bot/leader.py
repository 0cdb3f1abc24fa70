"""One sync leader: the scheduled imports run in one process at a time, whichever holds the lock.

The live sync (and the history refresh) write the same rows in every process that runs them; with
several processes on one PostgreSQL store only the one holding the leader's advisory lock runs them.
The lock is a session lock on the process's own connection (`db.store.coordination`), so it dies with
the process; every other process tries to take it every `check_s` and the first to succeed starts the
jobs: a dead leader is replaced within that. A leader whose connection drops stops its jobs until it
leads again (for a moment two may sync at once; imports take the store's write lock, so they only
repeat each other). On SQLite there is one process and no leader: the bot starts the jobs itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from typing import Protocol

from bot.loops import BackgroundLoop
from db.store.coordination import LEADER, SYNC_LEAD, Coordination, CoordinationLost

log = logging.getLogger(__name__)


class Job(Protocol):
    """A background loop the leader starts and stops (`LiveSync`, `HistoryRefresh`)."""

    def start(self) -> None: ...

    async def stop(self) -> None: ...


class SyncLeader(BackgroundLoop):
    """Start it in `setup_hook`, stop it in `close()`; `leading` says whether this process runs the jobs."""

    task_name = "racebot-sync-leader"

    def __init__(self, coordination: Coordination, jobs: Sequence[Job], *, check_s: float) -> None:
        self._coordination = coordination
        self._jobs = jobs
        self._check_s = check_s
        self._epoch: int | None = None  # the connection the lock is held on, while leading

    @property
    def leading(self) -> bool:
        return self._epoch is not None

    async def stop(self) -> None:
        """Stop the jobs and hand the lead on (another process takes it at its next try)."""
        await super().stop()
        await self._step_down()
        if self._epoch is not None:
            with contextlib.suppress(CoordinationLost):
                await self._coordination.unlock(LEADER, SYNC_LEAD, self._epoch)
            self._epoch = None

    async def _run(self) -> None:
        while True:
            try:
                await self._check()
            except Exception:
                log.exception("the sync leader's check failed; trying again")
            await asyncio.sleep(self._check_s)

    async def _check(self) -> None:
        coordination = self._coordination
        if self._epoch is not None and (self._epoch != coordination.epoch or not coordination.connected):
            log.warning("lost the sync lead with the connection to PostgreSQL: the live sync stops here")
            self._epoch = None
            await self._step_down()
        if self._epoch is not None:
            return
        try:
            self._epoch = await coordination.try_lock(LEADER, SYNC_LEAD)
        except CoordinationLost:
            return  # keep() reconnects; the next check tries again
        if self._epoch is not None:
            log.info("process %d leads the live sync now", coordination.token)
            for job in self._jobs:
                job.start()

    async def _step_down(self) -> None:
        for job in self._jobs:
            await job.stop()
