"""One live-sync round: refresh this season's race list and the weekends around now, then say what changed.

The store is the source of truth for what was already seen: an event is announced only when a round's
import actually changed its lineup or its official result, so an unchanged re-run announces nothing.
A finished race's weekend feed is read again for `RESULTS_WATCH` after its green flag, so a result
NASCAR changes after the race (a disqualification, a penalty) reaches the store; the standings step
re-reads every series' points each round.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, select

from db.importers.feed.client import FeedClient, FeedError, FeedNotPublished, FeedRefused, race_list_url
from db.importers.feed.importer import FeedImportReport, fetch_season, fetch_weekends, store_feed
from db.importers.feed.lap_times import sync_lap_times
from db.importers.feed.points import sync_points
from db.store import Store
from db.store.models import Event
from db.store.state import clear_feed_problem, note_feed_problem
from kernel.result_changes import RESULTS_WATCH

log = logging.getLogger(__name__)

WEEKEND_WINDOW = timedelta(days=3)
# A round asks for one race list (four when the all-series one is missing) and the weekend feeds of the
# races within WEEKEND_WINDOW of now or run within RESULTS_WATCH before it: a handful (three series, one
# or two weekends each). 64 requests leave room for every retry (RetryPolicy.attempts) of 16 fetches; a
# list putting more races near now is refused. Finished races' lap times come out of what is left.
MAX_REQUESTS_PER_ROUND = 64


@dataclass(frozen=True, slots=True)
class LineupPublished:
    """The starting lineup of `event_id` appeared or changed."""

    event_id: int


@dataclass(frozen=True, slots=True)
class ResultsOfficial:
    """The official results of `event_id` appeared or changed."""

    event_id: int


SyncEvent = LineupPublished | ResultsOfficial
Listener = Callable[[SyncEvent], Awaitable[None] | None]


class SyncEvents:
    """In-process publish/subscribe: callbacks via `subscribe`, or `async for event in events`.

    Callbacks run inside the sync round, so a slow consumer (posting to Discord) should iterate instead.
    """

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._queues: list[asyncio.Queue[SyncEvent]] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` (sync or async) for every event; returns the unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    async def publish(self, event: SyncEvent) -> None:
        """Deliver to every subscriber; one failing listener does not keep the event from the others."""
        for queue in self._queues:
            queue.put_nowait(event)
        for listener in list(self._listeners):
            try:
                outcome = listener(event)
                if outcome is not None:
                    await outcome
            except Exception:
                log.exception("sync listener %r failed on %r", listener, event)

    def __aiter__(self) -> AsyncIterator[SyncEvent]:
        # Register now, not at the first __anext__, so nothing published in between is missed.
        queue: asyncio.Queue[SyncEvent] = asyncio.Queue()
        self._queues.append(queue)
        return self._drain(queue)

    async def _drain(self, queue: asyncio.Queue[SyncEvent]) -> AsyncIterator[SyncEvent]:
        try:
            while True:
                yield await queue.get()
        finally:
            self._queues.remove(queue)


@dataclass(frozen=True, slots=True)
class SyncReport:
    """`imported` is None when the season's race list is not published yet, or when the round stopped
    at `problem` (the feed down, or a payload refused or unreadable): then the store's data is as it was."""

    season: int
    weekends_checked: int
    imported: FeedImportReport | None
    published: tuple[SyncEvent, ...]
    problem: str | None = None


async def sync_round(
    store: Store,
    *,
    base_url: str,
    client: FeedClient,
    now: Callable[[], datetime],
    window: timedelta = WEEKEND_WINDOW,
    results_watch: timedelta = RESULTS_WATCH,
) -> SyncReport:
    """Import the current season's race list plus the weekend feeds of races within `window` of now
    and of those whose green flag fell within `results_watch` before it (results changed after a race).

    What changed comes back in `published`; the caller announces it (after refreshing what it derives).
    A feed problem comes back in `problem` rather than raising: it is recorded in the store (for
    /announce status) and logged in one line when it begins or changes, not every round; the round
    that reads the feed again logs one line and clears it.
    """
    moment = now()
    try:
        feed = client.limited(MAX_REQUESTS_PER_ROUND)
        report = await _sync(store, base_url, feed, moment, window, max(window, results_watch))
    except FeedError as error:
        if await note_feed_problem(store.sessions, reason=error.reason, url=error.url, at=moment):
            log.warning("live sync: %s; no race data changed (logged again only when this changes)", error)
        else:
            log.debug("live sync: still %s", error)
        return SyncReport(
            season=moment.year, weekends_checked=0, imported=None, published=(), problem=str(error)
        )
    cleared = await clear_feed_problem(store.sessions)
    if cleared is not None:
        log.info("live sync reads the feed again (stopped since %s by: %s)", cleared.since, cleared.reason)
    # Standings (points tables, live points) are a step of their own, with their own request budget;
    # their failures are logged there and never stop the round.
    await sync_points(store, base_url=base_url, client=client, at=moment)
    return report


async def _sync(
    store: Store, base_url: str, feed: FeedClient, moment: datetime, window: timedelta, behind: timedelta
) -> SyncReport:
    season = moment.year
    try:
        races = [race for race in await fetch_season(feed, base_url, season, None) if race.season == season]
    except FeedNotPublished:
        log.info("sync: no %d race list published yet", season)
        return SyncReport(season=season, weekends_checked=0, imported=None, published=())
    near = [
        race
        for race in races
        if race.is_points_race
        and race.start_time_utc is not None
        and -behind <= race.start_time_utc - moment <= window
    ]
    left = feed.requests_left
    if left is not None and len(near) > left:
        reason = f"{len(near)} races start near now, more weekend feeds than the round's {left} requests left"
        raise FeedRefused(race_list_url(base_url, season), reason)
    weekends, missing = await fetch_weekends(feed, base_url, near)
    imported = await store_feed(store, races, weekends, season=season, not_published=missing, at=moment)
    # Finished races' lap times, once each, with what is left of the round's requests; never a failure.
    await sync_lap_times(store, feed, base_url, race_ids=[race.race_id for race in near], at=moment)
    published: list[SyncEvent] = [LineupPublished(event_id) for event_id in imported.lineups]
    published += [ResultsOfficial(event_id) for event_id in imported.results]
    return SyncReport(
        season=season, weekends_checked=len(near), imported=imported, published=tuple(published)
    )


async def race_weekend_near(store: Store, moment: datetime, window: timedelta = WEEKEND_WINDOW) -> bool:
    """True when a stored event starts within `window` of `moment` (live sync then runs often)."""
    async with store.sessions() as session:
        near = exists().where(Event.start_time_utc.between(moment - window, moment + window))
        return bool(await session.scalar(select(near)))
