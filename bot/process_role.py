"""What this process does among the bot's processes on one store.

Several `racebot run` processes may split a bot's shards (`--shards 0-1 --shard-count 4` and
`--shards 2-3 --shard-count 4`). Each answers and announces for the servers on its shards, draws on
one budget of Discord requests, IDENTIFYs in turn, and hears at once when the data changes; one of
them, the sync leader, runs the scheduled imports. All of it is agreed in PostgreSQL, through each
process's own connection (`db.store.coordination`). On SQLite there is one process: it does everything
itself, paces itself, and finds new data by polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial

from bot.announce.claims import Partition
from bot.announce.pacing import Pace, Pacer, SharedPace
from bot.config import Settings
from bot.leader import Job, SyncLeader
from bot.login_gate import IdentifyGate
from bot.shards import ShardPlan
from db.store import Store
from db.store.coordination import Coordination, live_processes, process_token
from db.store.engine import is_sqlite
from db.store.notify import StoreNews, notify_synced

log = logging.getLogger(__name__)


class ProcessRole:
    """Made in `setup_hook` once the shards are planned; `start()` it, `stop()` it in `close()`."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        plan: ShardPlan,
        *,
        on_news: Callable[[StoreNews], None],
        on_reconnected: Callable[[], None],
    ) -> None:
        self.plan = plan
        self.token = process_token()
        self._settings = settings
        self._store = store
        self.coordination: Coordination | None = None
        if not is_sqlite(settings.database_url):
            self.coordination = Coordination(
                settings.database_url, self.token, on_news=on_news, on_reconnected=on_reconnected
            )
        self.gate = IdentifyGate(plan.max_concurrency, settings.identify_spacing_seconds, self.coordination)
        self.leader: SyncLeader | None = None
        self._keep: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Connect to the other processes (PostgreSQL); a refused connection is retried in the background."""
        if self.coordination is None:
            return
        await self.coordination.connect()
        keep = self.coordination.keep(self._settings.coordination_check_seconds)
        self._keep = asyncio.create_task(keep, name="racebot-coordination")
        log.info(
            "process %d on %s: coordinating with the bot's other processes on PostgreSQL",
            self.token,
            self.plan.shards,
        )

    def pace(self) -> Pacer:
        """Discord's request budget: this process's own, or the one every process on PostgreSQL shares."""
        per_second = self._settings.announce_posts_per_second
        if self.coordination is None:
            return Pace(per_second)
        return SharedPace(self._store.sessions, per_second, share=self.plan.shards.share)

    def partition(self) -> Partition:
        """The servers this process announces for, and how it tells a live claimer from a dead one."""
        live = None if self.coordination is None else partial(live_processes, self._store.sessions)
        return Partition(me=self.token, shards=self.plan.shards, live_claimers=live)

    def run_scheduled(self, jobs: Sequence[Job]) -> None:
        """Start the scheduled imports here, or (PostgreSQL) whenever this process leads."""
        if not jobs:
            return
        if self.coordination is None:
            for job in jobs:
                job.start()
            return
        self.leader = SyncLeader(self.coordination, jobs, check_s=self._settings.coordination_check_seconds)
        self.leader.start()

    async def tell_synced(self, at: datetime) -> None:
        """A sync round finished here: the other processes' footers say so too."""
        if self.coordination is not None:
            await notify_synced(self._store.sessions, at)

    async def stop(self) -> None:
        if self.leader is not None:
            await self.leader.stop()
        if self._keep is not None:
            self._keep.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._keep
        if self.coordination is not None:
            await self.coordination.close()
