"""Discord's rules for starting gateway sessions, for the fake: shards, IDENTIFY buckets, the daily budget.

Off unless a test sets `FakeDiscord.session_limits`. Then `GET /gateway/bot` answers with the
recommended shard count and the session-start limit, and every IDENTIFY is judged as Discord does:
a shard outside its count closes the socket with 4010, too few shards with 4011, and an IDENTIFY in a
bucket (`shard_id % max_concurrency`) that already had one within `window_s` gets op 9 (Invalid
Session). Accepted IDENTIFYs are counted and use up the day's budget. One fake serves every client
(every bot process), so the buckets and the budget are shared by all of them, as on Discord.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

INVALID_SHARD = 4010
SHARDING_REQUIRED = 4011

Verdict = Literal["ready", "invalid session", "invalid shard", "sharding required"]


@dataclass
class SessionLimits:
    """What `GET /gateway/bot` says and what the gateway enforces; `identifies` and `invalid_sessions`
    are what tests read back."""

    recommended_shards: int = 1
    min_shards: int = 1  # fewer is refused: Discord requires sharding from 2,500 servers
    max_concurrency: int = 1
    window_s: float = 5.0
    total: int = 1000
    remaining: int = 1000
    reset_after_ms: int = 86_400_000
    clock: Callable[[], float] = time.monotonic
    identifies: list[tuple[int, int]] = field(default_factory=list)  # (shard id, shard count) accepted
    invalid_sessions: int = 0  # op 9 answered to an IDENTIFY outside its bucket's turn
    _last_in_bucket: dict[int, float] = field(default_factory=dict)

    def gateway_bot(self, url: str) -> dict[str, Any]:
        limit = {
            "total": self.total,
            "remaining": self.remaining,
            "reset_after": self.reset_after_ms,
            "max_concurrency": self.max_concurrency,
        }
        return {"url": url, "shards": self.recommended_shards, "session_start_limit": limit}

    def judge(self, shard: list[int] | None) -> Verdict:
        """An IDENTIFY's fate; an accepted one is counted against its bucket and the day's budget."""
        shard_id, count = shard if shard is not None else (0, 1)
        if not 0 <= shard_id < count:
            return "invalid shard"
        if count < self.min_shards:
            return "sharding required"
        bucket = shard_id % self.max_concurrency
        now = self.clock()
        last = self._last_in_bucket.get(bucket)
        if last is not None and now - last < self.window_s:
            self.invalid_sessions += 1
            return "invalid session"
        self._last_in_bucket[bucket] = now
        self.identifies.append((shard_id, count))
        self.remaining = max(self.remaining - 1, 0)
        return "ready"
