"""When an announcement goes out: one rule for the scheduler that posts and for `/announce status`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

Mode = Literal["lineup", "before"]
Kind = Literal["grid", "results"]
MINUTES_BEFORE = range(5, 1441)


@dataclass(frozen=True, slots=True)
class PostKey:
    """One announcement, as the post log's unique key holds it."""

    guild_id: int
    channel_id: int
    event_id: int
    kind: Kind

    @property
    def nonce(self) -> str:
        """Deterministic, 25 characters at most (Discord's limit): a resend after a crash carries the same
        nonce, and with `enforce_nonce` Discord answers with the first message instead of posting again."""
        text = f"{self.guild_id}:{self.channel_id}:{self.event_id}:{self.kind}"
        return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()[:25]


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do about one grid post now: "post", "wait" (until `at`, or until the data changes when
    `at` is None), or "skip" (for `reason`, logged and shown in /announce status)."""

    action: Literal["post", "wait", "skip"]
    at: datetime | None = None
    reason: str | None = None


def grid_decision(
    *,
    mode: Mode,
    minutes_before: int | None,
    green_flag: datetime | None,
    lineup_known: bool,
    now: datetime,
    up_since: datetime,
    grace: timedelta,
) -> Decision:
    """The rule for a race's starting-grid post.

    "lineup" posts as soon as the lineup is known; "before" posts `minutes_before` the green flag, or as
    soon as the lineup is known if that is later. Never after the green flag. A post that fell due while
    the bot was down (before `up_since`) still goes out within `grace` of falling due, else it is skipped.
    """
    if green_flag is None:
        return Decision("wait")
    if now >= green_flag:
        return Decision("skip", reason="the race started before its grid could be posted")
    if mode == "before":
        if minutes_before is None or minutes_before not in MINUTES_BEFORE:
            raise ValueError(f"minutes_before must be 5-1440, not {minutes_before}")
        due = green_flag - timedelta(minutes=minutes_before)
        if now < due:
            return Decision("wait", at=due)
        if due < up_since and lineup_known and now - due > grace:
            return Decision("skip", reason=f"missed while the bot was down, by more than {grace}")
    return Decision("post") if lineup_known else Decision("wait")
