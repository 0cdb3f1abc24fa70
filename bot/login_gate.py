"""IDENTIFY in turn: one shard per `max_concurrency` bucket per window, across every process.

Discord lets a bot's shards IDENTIFY `max_concurrency` at a time, one per bucket (`shard_id %
max_concurrency`) every 5 s, and answers one outside its turn with op 9 (Invalid Session). discord.py
paces the shards of one process; the processes of a bot are ours to pace. A shard's IDENTIFY waits for
its bucket here (an asyncio lock, for the shards of this process) and, on a PostgreSQL store, for the
bucket's advisory lock on the process's own connection (for the other processes); both are held for
the window after the IDENTIFY goes out, then released.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from db.store.coordination import IDENTIFY, Coordination, CoordinationLost
from kernel.shards import identify_bucket

log = logging.getLogger(__name__)

# The IDENTIFY leaves just after the gate opens, and travels: the bucket stays closed this much longer
# than Discord's window.
MARGIN_S = 0.25
# How often a shard waiting on another process's IDENTIFY asks again.
POLL_S = 0.1
# A wait longer than this is logged (once per IDENTIFY): the operator sees why a start is slow.
SAY_AFTER_S = 2.0


class IdentifyGate:
    """`await gate.turn(shard_id)` right before each IDENTIFY (discord.py's `before_identify_hook`)."""

    def __init__(self, max_concurrency: int, window_s: float, coordination: Coordination | None) -> None:
        self._max_concurrency = max_concurrency
        self._hold_s = window_s + MARGIN_S
        self._coordination = coordination
        self._buckets: dict[int, asyncio.Lock] = {}
        self._releases: set[asyncio.Task[None]] = set()

    async def turn(self, shard_id: int) -> None:
        """Wait until this shard's bucket is free everywhere; it stays taken for the window."""
        bucket = identify_bucket(shard_id, self._max_concurrency)
        local = self._buckets.setdefault(bucket, asyncio.Lock())
        await local.acquire()
        try:
            epoch = await self._take_shared(shard_id, bucket)
        except BaseException:
            local.release()
            raise
        release = asyncio.create_task(self._release(bucket, local, epoch), name=f"identify-bucket-{bucket}")
        self._releases.add(release)
        release.add_done_callback(self._releases.discard)

    async def _take_shared(self, shard_id: int, bucket: int) -> int | None:
        """The bucket's lock among the processes (the epoch it is held in), or None without one."""
        if self._coordination is None:
            return None
        loop = asyncio.get_running_loop()
        since, said = loop.time(), False
        while True:
            try:
                epoch = await self._coordination.try_lock(IDENTIFY, bucket)
            except CoordinationLost:
                # Better an op 9 (discord.py identifies again) than a process that never logs in.
                log.warning(
                    "shard %d identifies without waiting for other processes: no coordination", shard_id
                )
                return None
            if epoch is not None:
                return epoch
            if not said and loop.time() - since > SAY_AFTER_S:
                log.info(
                    "shard %d waits for IDENTIFY bucket %d: another process is identifying", shard_id, bucket
                )
                said = True
            await asyncio.sleep(POLL_S)

    async def _release(self, bucket: int, local: asyncio.Lock, epoch: int | None) -> None:
        try:
            await asyncio.sleep(self._hold_s)
            if epoch is not None and self._coordination is not None:
                with contextlib.suppress(CoordinationLost):  # the lock went with the connection
                    await self._coordination.unlock(IDENTIFY, bucket, epoch)
        finally:
            local.release()
