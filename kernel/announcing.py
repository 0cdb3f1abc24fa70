"""When an announcement goes out: one rule for the scheduler that posts and for `/announce status`."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

Mode = Literal["lineup", "before"]
Kind = Literal["grid", "results", "standings"]
# What to do about a race's standings post (see `standings_decision`).
StandingsAction = Literal["post", "wait", "passed"]
MINUTES_BEFORE = range(5, 1441)
RACE_STARTED = "the race started before its grid could be posted"


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


def before_due(minutes_before: int | None, green_flag: datetime) -> datetime:
    """When a "minutes before the green flag" grid falls due."""
    if minutes_before is None or minutes_before not in MINUTES_BEFORE:
        raise ValueError(f"minutes_before must be 5-1440, not {minutes_before}")
    return green_flag - timedelta(minutes=minutes_before)


def grid_decision(
    *,
    mode: Mode,
    minutes_before: int | None,
    green_flag: datetime | None,
    lineup_known: bool,
    now: datetime,
    up_since: datetime,
    grace: timedelta,
    lineup_seen_missing: datetime | None = None,
    lead: timedelta = timedelta(0),
) -> Decision:
    """The rule for a race's starting-grid post.

    "lineup" posts as soon as the lineup is known; "before" posts `minutes_before` the green flag, or as
    soon as the lineup is known if that is later. Never after the green flag (the sender checks it again
    at the moment of sending). A post that became postable (due, and its lineup known) while the bot was
    down, before `up_since`, still goes out within `grace` of becoming postable, else it is skipped.

    `lineup_seen_missing`: the last moment the bot saw the race without its lineup (None if it never did
    since it started): the post became postable no earlier than that. `lead`: how long before its moment
    a "before" post may start, so a large burst of posts ends by that moment (see `burst_starts`).
    """
    if green_flag is None:
        return Decision("wait")
    if now >= green_flag:
        return Decision("skip", reason=RACE_STARTED)
    if mode == "before":
        due = before_due(minutes_before, green_flag)
        if now < due - lead:
            return Decision("wait", at=due - lead)
        postable = due if lineup_seen_missing is None else max(due, lineup_seen_missing)
        if lineup_known and postable < up_since and now - postable > grace:
            return Decision("skip", reason=f"missed while the bot was down, by more than {grace}")
    return Decision("post") if lineup_known else Decision("wait")


def burst_starts(requests: Mapping[datetime, int], per_second: float) -> dict[datetime, datetime]:
    """When the requests due at each moment must start going out, `per_second` at most, for the last of
    them to leave by that moment: a burst starts its own length early, and earlier still when the next
    burst needs the time before it."""
    starts: dict[datetime, datetime] = {}
    free_until: datetime | None = None
    for due in sorted(requests, reverse=True):
        end = due if free_until is None else min(due, free_until)
        starts[due] = free_until = end - timedelta(seconds=requests[due] / per_second)
    return starts


def standings_decision(*, results_official: bool, race: int, table_races: int | None) -> StandingsAction:
    """The rule for a race's standings post: NASCAR's drivers table is posted only as it stands after
    exactly this race.

    The store numbers a season's points races 1, 2, 3... by date (`round`, as NASCAR's race list and the
    history do), and the table says which races it counts only through its drivers' starts: the most
    starts in it is the number of points races run when it was published (a full-time driver starts every
    one; should none have, the count falls short and the post waits, never shows a table without the race).
    A table published when the results are in but not yet official, or before NASCAR counted the race,
    counts fewer. So: "wait" until the results are official and the table counts this race; "post" (or
    edit, after a penalty) while it counts exactly this race; "passed" once it counts a later one, whose
    own post shows it: this race's post is neither sent nor edited any more.
    """
    if not results_official or table_races is None or table_races < race:
        return "wait"
    return "post" if table_races == race else "passed"
