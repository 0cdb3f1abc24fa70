"""Which posts are this process's to send, and when a claim another process made was cut off.

Several processes may announce at once: each for the servers on its shards, and during a rolling
restart or a reshard two generations for the same servers. The claim log stays the final guard (one
claimer per post); what is decided here is when a claim that was never marked is taken over. A claim
is cut off when the process that made it is gone (on PostgreSQL every process holds a lock on its
token while it lives) or when it is older than `STALE_CLAIM` whatever its claimer. Without a way to
tell (SQLite: one process) a claim made before this process started is a crashed predecessor's.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from db.store.queries.announce_log import LogEntry, Target
from kernel.shards import ShardSet

log = logging.getLogger(__name__)

# A claim neither marked nor in flight here for this long was cut off (a crash): sent again, same nonce.
STALE_CLAIM = timedelta(minutes=2)
LiveClaimers = Callable[[set[int]], Awaitable[frozenset[int]]]


@dataclass(frozen=True, slots=True)
class Partition:
    """This process's part of the announcing: the servers on `shards` (None: all), its token `me` on
    the claims it makes, and `live_claimers` to learn which claimers are alive (None on SQLite, where
    this process is the only one)."""

    me: int
    shards: ShardSet | None = None
    live_claimers: LiveClaimers | None = None


@dataclass(frozen=True, slots=True)
class Claimants:
    """What one pass knows of the claims' holders: `live` (None when unknown) and whether this process
    is `alone` on the store."""

    me: int
    up_since: datetime
    live: frozenset[int] | None
    alone: bool

    def cut_off(self, entry: LogEntry, now: datetime) -> bool:
        """Whether nobody will mark this claim: its claimer is gone, or it is stale."""
        if now >= entry.claimed_at + STALE_CLAIM:
            return True
        if entry.claimed_by == self.me:
            return False  # in flight here, or its job ended unmarked: left to STALE_CLAIM
        if self.live is not None:
            return entry.claimed_by not in self.live
        return self.alone and entry.claimed_at < self.up_since


async def claimants(partition: Partition, targets: Iterable[Target], up_since: datetime) -> Claimants:
    """Who holds the pass's unmarked claims, alive or not: one query for all of them."""
    if partition.live_claimers is None:
        return Claimants(partition.me, up_since, live=None, alone=True)
    holders = {
        entry.claimed_by
        for target in targets
        for entry in (target.grid, target.results_log, target.standings_log)
        if entry is not None and entry.state == "claimed" and entry.claimed_by is not None
    }
    holders.discard(partition.me)
    live: frozenset[int] | None = frozenset()
    if holders:
        try:
            live = await partition.live_claimers(holders)
        except Exception as error:
            log.warning("cannot tell which processes are alive (%s): claims wait until stale", error)
            live = None
    return Claimants(partition.me, up_since, live=live, alone=False)
