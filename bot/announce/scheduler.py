"""The announcer's loop: the store says what is followed and what was posted; each pass posts what is due.

A pass reads every followed channel × its series' races near now, decides each grid post with
`kernel.announcing.grid_decision`, posts (or holds, skips, edits) with bounded concurrency, and returns
the earliest moment something falls due. The loop sleeps until then (or a long idle period) unless
`wake()` is called first: after a sync round, an import seen by the store watch, a settings change.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any

import discord

from bot.announce.delivery import Delivery
from bot.announce.posts import Post, grid_post, lineup_fault, results_post
from bot.answers.service import Answers
from bot.render.announcements import thread_name
from db.store.queries import announce_log as log_store
from db.store.queries.announce_log import LogEntry, Target
from kernel.announcing import Decision, PostKey, grid_decision

log = logging.getLogger(__name__)

# Races considered: green flag from a day ago (results, late edits) to a week ahead.
BEHIND = timedelta(days=1)
AHEAD = timedelta(days=7)
# With nothing due sooner, a pass still runs this often (data can change without a wake).
IDLE = timedelta(hours=1)
# A failed post is tried again after this long (until its channel is paused).
RETRY_FAILED = timedelta(minutes=5)
# A claim neither marked nor in flight here for this long was cut off (a crash): sent again, same nonce.
STALE_CLAIM = timedelta(minutes=2)
# Discord drops a repeated nonce "within the past few minutes"; a claim older than this is looked
# for in the channel before it is sent again.
NONCE_WINDOW = timedelta(minutes=2)
# After a pass that failed as a whole (the store down), the next one comes this soon.
AFTER_ERROR = timedelta(minutes=1)
# Posts in flight at once; discord.py's limiter paces each channel's bucket and retries 429s.
FAN_OUT = 16


def _threading(target: Target, key: PostKey) -> dict[str, Any]:
    """With threads on, the grid post opens the race weekend's thread and later posts go into it
    (a thread started on a message has the message's id)."""
    if not target.threads:
        return {}
    if key.kind == "grid":
        return {"start_thread": thread_name(target.event)}
    grid = target.grid
    return {"thread": grid.message_id} if grid is not None and grid.state == "sent" else {}


def _earliest(*moments: datetime | None) -> datetime | None:
    known = [moment for moment in moments if moment is not None]
    return min(known) if known else None


class Announcer:
    """Start it in `setup_hook`, stop it in `close()`; `wake()` whenever what is due may have changed."""

    def __init__(
        self,
        client: discord.Client,
        answers: Answers,
        *,
        clock: Callable[[], datetime],
        grace: timedelta,
        ready: Callable[[], Awaitable[object]] | None = None,
        fan_out: int = FAN_OUT,
    ) -> None:
        self.answers = answers
        self.store = answers.store
        self.delivery = Delivery(client, answers.store, clock=clock)
        self.grace = grace
        self._clock = clock
        self._ready = ready
        self._limit = asyncio.Semaphore(fan_out)
        self._woken = asyncio.Event()
        self._in_flight: set[PostKey] = set()
        self._up_since: datetime | None = None
        self._task: asyncio.Task[None] | None = None
        self._started = 0
        self._finished = 0
        self._progress = asyncio.Condition()

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="racebot-announcer")

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    def wake(self) -> None:
        """Run a pass now instead of at the next due moment (something changed)."""
        self._woken.set()

    async def pass_done(self) -> None:
        """Wake the loop and wait for a pass that began after this call to finish (tests, the CLI)."""
        wanted = self._started + 1
        self.wake()
        async with self._progress:
            await self._progress.wait_for(lambda: self._finished >= wanted)

    async def _run(self) -> None:
        if self._ready is not None:
            await self._ready()
        self._up_since = self._clock()
        while True:
            self._woken.clear()
            self._started += 1
            try:
                due = await self.run_pass()
            except Exception:
                log.exception("announcement pass failed; trying again shortly")
                due = self._clock() + AFTER_ERROR
            async with self._progress:
                self._finished += 1
                self._progress.notify_all()
            delay = IDLE if due is None else min(IDLE, max(due - self._clock(), timedelta(0)))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._woken.wait(), delay.total_seconds())

    async def run_pass(self) -> datetime | None:
        """Post, hold, skip or edit what is due now; the earliest moment the next thing falls due."""
        now = self._clock()
        up_since = self._up_since or now
        targets = await log_store.announcement_targets(
            self.store.sessions, now=now, behind=BEHIND, ahead=AHEAD
        )
        jobs: list[Coroutine[Any, Any, None]] = []
        due: datetime | None = None
        for target in targets:
            if target.paused:
                continue
            job, at = await self._grid(target, now, up_since)
            due = _earliest(due, at)
            if job is not None:
                jobs.append(job)
            job, at = self._results(target, now, up_since)
            due = _earliest(due, at)
            if job is not None:
                jobs.append(job)
        if jobs:
            outcomes = await asyncio.gather(*(self._bounded(job) for job in jobs), return_exceptions=True)
            for outcome in outcomes:
                if isinstance(outcome, BaseException):
                    log.error("announcement failed", exc_info=outcome)
        return due

    async def _bounded(self, job: Coroutine[Any, Any, None]) -> None:
        async with self._limit:
            await job

    # -- grids ------------------------------------------------------------------------------------

    async def _grid(
        self, target: Target, now: datetime, up_since: datetime
    ) -> tuple[Coroutine[Any, Any, None] | None, datetime | None]:
        key = target.key("grid")
        entry = target.grid
        if entry is not None and entry.state in ("sent", "skipped"):
            return self._edit_if_changed(target, key, entry), None
        if entry is not None and entry.state == "claimed":
            return self._recover(target, key, entry, now, up_since)
        if entry is not None and entry.state == "failed" and now < entry.claimed_at + RETRY_FAILED:
            return None, entry.claimed_at + RETRY_FAILED
        decision = self._decide(target, now, up_since)
        if decision.action == "wait":
            return None, decision.at
        if decision.action == "skip":
            if entry is None or entry.state == "failed":
                reason = decision.reason or "skipped"
                log.info("skipping grid of event %s in channel %s: %s", key.event_id, key.channel_id, reason)
                await self._note(key, entry, "skipped", reason, now)
            return None, None
        post = grid_post(self.answers.book, target.event, target.role_id)
        if post is None:
            return None, None  # the store has the lineup, the book not yet: its refresh wakes us
        fault = lineup_fault(self.answers.book, key.event_id)
        if fault is not None:
            if entry is None or entry.state != "held" or entry.detail != fault:
                log.warning("holding grid of event %s in channel %s: %s", key.event_id, key.channel_id, fault)
                await self._note(key, entry, "held", fault, now)
            return None, None
        return self._deliver(target, key, entry, post, now), None

    def _decide(self, target: Target, now: datetime, up_since: datetime) -> Decision:
        return grid_decision(
            mode="before" if target.mode == "before" else "lineup",
            minutes_before=target.minutes_before,
            green_flag=target.event.start_time_utc,
            lineup_known=target.lineup_known,
            now=now,
            up_since=up_since,
            grace=self.grace,
        )

    async def _note(
        self, key: PostKey, entry: LogEntry | None, state: log_store.State, detail: str, now: datetime
    ) -> None:
        if entry is None:
            await log_store.record(self.store.sessions, key, state=state, detail=detail, now=now)
        else:
            await log_store.mark(self.store.sessions, key, state=state, detail=detail, now=now)

    # -- results ----------------------------------------------------------------------------------

    def _results(
        self, target: Target, now: datetime, up_since: datetime
    ) -> tuple[Coroutine[Any, Any, None] | None, datetime | None]:
        if target.results == "off" or not target.event.results_official:
            return None, None
        key = target.key("results")
        entry = target.results_log
        post = results_post(
            self.answers.book, target.event, target.role_id, spoiler=target.results == "spoiler"
        )
        if post is None:
            return None, None
        if entry is None or entry.state == "held":
            return self._deliver(target, key, entry, post, now), None
        if entry.state == "failed":
            retry = entry.claimed_at + RETRY_FAILED
            return (self._deliver(target, key, entry, post, now), None) if now >= retry else (None, retry)
        if entry.state == "claimed":
            return self._recover(target, key, entry, now, up_since)
        return self._edit_if_changed(target, key, entry), None

    # -- sending, recovering, editing -------------------------------------------------------------

    def _deliver(
        self, target: Target, key: PostKey, entry: LogEntry | None, post: Post, now: datetime
    ) -> Coroutine[Any, Any, None] | None:
        if key in self._in_flight:
            return None
        self._in_flight.add(key)
        return self._claim_and_send(target, key, entry, post, now)

    async def _claim_and_send(
        self, target: Target, key: PostKey, entry: LogEntry | None, post: Post, now: datetime
    ) -> None:
        try:
            sessions = self.store.sessions
            if entry is None:
                won = await log_store.claim(sessions, key, digest=post.digest, now=now)
            else:
                won = await log_store.reclaim(
                    sessions,
                    key,
                    states=(entry.state,),
                    digest=post.digest,
                    now=now,
                )
            if won:
                await self.delivery.send(key, post, failures=target.failures, **_threading(target, key))
        finally:
            self._in_flight.discard(key)

    def _recover(
        self, target: Target, key: PostKey, entry: LogEntry, now: datetime, up_since: datetime
    ) -> tuple[Coroutine[Any, Any, None] | None, datetime | None]:
        """A claim never marked: before this process started, or long ago and not ours in flight."""
        if key in self._in_flight:
            return None, None
        stale_at = entry.claimed_at + STALE_CLAIM
        if entry.claimed_at >= up_since and now < stale_at:
            return None, stale_at
        if key.kind == "grid":
            green_flag = target.event.start_time_utc
            if green_flag is not None and now >= green_flag:
                return self._give_up(key, now), None
            post = grid_post(self.answers.book, target.event, target.role_id)
        else:
            post = results_post(
                self.answers.book, target.event, target.role_id, spoiler=target.results == "spoiler"
            )
        if post is None:
            return None, None
        self._in_flight.add(key)
        return self._resend(target, key, entry, post, now), None

    async def _give_up(self, key: PostKey, now: datetime) -> None:
        await log_store.mark(
            self.store.sessions,
            key,
            state="skipped",
            detail="claimed but not confirmed before the race started",
            now=now,
        )

    async def _resend(self, target: Target, key: PostKey, entry: LogEntry, post: Post, now: datetime) -> None:
        """Same nonce: Discord answers with the message first sent if it got that far. Past Discord's
        nonce window the channel is searched for the post first."""
        where = _threading(target, key)
        try:
            if now - entry.claimed_at > NONCE_WINDOW:
                found = await self.delivery.posted_since(
                    key, post, entry.claimed_at, thread=where.get("thread")
                )
                if found is not None:
                    log.info("found unconfirmed %s of event %s: message %s", key.kind, key.event_id, found)
                    await log_store.mark_sent(self.store.sessions, key, message_id=found, now=now)
                    return
            log.info(
                "re-sending claimed %s of event %s in channel %s", key.kind, key.event_id, key.channel_id
            )
            await self.delivery.send(key, post, failures=target.failures, **_threading(target, key))
        finally:
            self._in_flight.discard(key)

    def _edit_if_changed(
        self, target: Target, key: PostKey, entry: LogEntry
    ) -> Coroutine[Any, Any, None] | None:
        if entry.state != "sent" or entry.message_id is None or key in self._in_flight:
            return None
        if key.kind == "grid":
            post = grid_post(self.answers.book, target.event, target.role_id)
            if post is not None and lineup_fault(self.answers.book, key.event_id) is not None:
                post = None  # a broken lineup never replaces a sound one
        else:
            post = results_post(
                self.answers.book, target.event, target.role_id, spoiler=target.results == "spoiler"
            )
        if post is None or post.digest == entry.content_digest:
            return None
        self._in_flight.add(key)
        return self._edit(key, entry.message_id, post, _threading(target, key).get("thread"))

    async def _edit(self, key: PostKey, message_id: int, post: Post, thread: int | None) -> None:
        try:
            log.info("%s of event %s changed: editing message %s", key.kind, key.event_id, message_id)
            await self.delivery.edit(key, message_id, post, thread=thread)
        finally:
            self._in_flight.discard(key)
