"""Discord's rate limits, modelled for the fake: a bucket per channel for its messages, and a global cap.

Off unless a test or benchmark sets `FakeDiscord.rate_limits`. Success answers carry the
`X-RateLimit-*` headers discord.py's limiter reads; a request over a limit gets a 429 with `Via`
(so discord.py retries it after `retry_after`), as Discord answers behind Google's load balancer.
The global cap counts message requests, or with `every_request` every request but interaction
responses (exempt on Discord); one fake serves every client, so all of them share it, as every process
of a bot shares Discord's.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .faults import CannedResponse, rate_limited

# Message creation and edits share a bucket per channel (Discord: 5 per 5 s per channel).
_CHANNEL_MESSAGES = re.compile(r"/channels/(\d+)/messages(?:/\d+)?")
# Interaction responses and follow-ups are not bound by the global limit.
_INTERACTION_RESPONSES = re.compile(r"/(?:interactions|webhooks)/.*")


@dataclass
class _Bucket:
    remaining: int
    reset_at: float


@dataclass
class RateLimits:
    """`per_channel` requests per `window_s` on a channel's messages; `global_per_s` over every bot call."""

    per_channel: int = 5
    window_s: float = 5.0
    global_per_s: int | None = 50
    every_request: bool = False  # the global cap counts every request, not only message requests
    clock: Callable[[], float] = time.monotonic
    limited: int = 0  # 429s answered
    global_limited: int = 0  # of them, global ones (`global: true`)
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _second: float = 0.0
    _in_second: int = 0

    def check(self, method: str, path: str) -> tuple[CannedResponse | None, dict[str, str]]:
        """A 429 for a request over a limit, else None and the headers its success answer carries."""
        match = _CHANNEL_MESSAGES.fullmatch(path)
        counted = match is not None or (self.every_request and not _INTERACTION_RESPONSES.fullmatch(path))
        if not counted:
            return None, {}
        now = self.clock()
        if self.global_per_s is not None:
            if now - self._second >= 1.0:
                self._second, self._in_second = now, 0
            if self._in_second >= self.global_per_s:
                self.limited += 1
                self.global_limited += 1
                return rate_limited(round(1.0 - (now - self._second), 3) + 0.001, is_global=True), {}
            self._in_second += 1
        if match is None:
            return None, {}
        key = f"channel-messages-{match.group(1)}"
        bucket = self._buckets.get(key)
        if bucket is None or now >= bucket.reset_at:
            bucket = self._buckets[key] = _Bucket(self.per_channel, now + self.window_s)
        if bucket.remaining == 0:
            self.limited += 1
            return rate_limited(round(bucket.reset_at - now, 3) + 0.001), {}
        bucket.remaining -= 1
        return None, {
            "X-RateLimit-Limit": str(self.per_channel),
            "X-RateLimit-Remaining": str(bucket.remaining),
            "X-RateLimit-Reset-After": f"{bucket.reset_at - now:.3f}",
            "X-RateLimit-Bucket": key,
        }
