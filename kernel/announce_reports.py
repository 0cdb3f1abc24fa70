"""What `/announce` answers are made of: a server's setup, what it posts next, and what is failing.

Plain frozen values, like `kernel.reports`: the store returns them, the announcement service passes
them on, the embed builders read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kernel.reports import EventInfo


@dataclass(frozen=True, slots=True)
class FollowedSeries:
    """One series a server follows and the channel its grids go to."""

    series_code: str
    channel_id: int


@dataclass(frozen=True, slots=True)
class AnnounceSettings:
    """A server's announcement setup as stored."""

    guild_id: int
    # "lineup": as soon as the lineup is known; "before": `minutes_before` the green flag.
    mode: str = "lineup"
    minutes_before: int | None = None
    # The one role a post mentions; None mentions nobody.
    role_id: int | None = None
    # "off", "on" or "spoiler" (the order behind spoiler tags).
    results: str = "off"
    threads: bool = False
    followed: tuple[FollowedSeries, ...] = ()
    # Grid posts carry the starting-grid card (a picture) beside the text grid.
    cards: bool = True
    # After each race, the series' standings (once NASCAR's table counts the race).
    standings: bool = False


@dataclass(frozen=True, slots=True)
class ChannelTrouble:
    """A channel whose posts failed: how often in a row, whether it is paused, the last error."""

    channel_id: int
    failures: int
    paused: bool
    last_error: str | None


@dataclass(frozen=True, slots=True)
class DuePost:
    """The next grid post of one followed series: by the scheduling rule "post" (due now), "wait" (until
    `at`, or until the lineup is out when `at` is None) or "skip" (for `reason`); or, once in the post
    log, its state there ("sent", "held", "skipped", "failed", "claimed") with its detail as `reason`;
    or "none" (no race ahead in the store)."""

    series_code: str
    channel_id: int
    event: EventInfo | None
    action: str
    at: datetime | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class FeedTrouble:
    """Why the live sync cannot read NASCAR's feed (so no new lineup or result arrives), where, since when."""

    reason: str
    url: str
    since: datetime


@dataclass(frozen=True, slots=True)
class AnnounceStatus:
    """What `/announce status` shows."""

    settings: AnnounceSettings
    due: tuple[DuePost, ...]
    trouble: tuple[ChannelTrouble, ...]
    feed: FeedTrouble | None = None


@dataclass(frozen=True, slots=True)
class ChannelSaved:
    """`/announce channel`: the series now posted to `channel_id`, and the whole setup after it."""

    channel_id: int
    series_codes: tuple[str, ...]
    settings: AnnounceSettings


@dataclass(frozen=True, slots=True)
class AnnounceStopped:
    """`/announce off`: the series no longer posted, in one channel (`channel_id`) or anywhere (None)."""

    channel_id: int | None
    series_codes: tuple[str, ...]
