"""The announcer's loop: the store says what is followed and what was posted; each pass posts what is due.

A pass reads every followed channel × its series' races near now, decides each grid post with
`kernel.announcing.grid_decision`, posts (or holds, skips, edits) with bounded concurrency, most urgent
race first, each request in its turn of the `Pace`, and returns the earliest moment something falls
due. A burst of "minutes before" posts starts early enough (`burst_starts`) to be out by its moment.
The loop sleeps until then (or a long idle period) unless `wake()` is called first: after a sync
round, an import seen by the store watch, a settings change. A process announces only for the servers
on its shards (`claims.Partition`); the claim log keeps overlapping processes from posting twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import discord

from bot.announce.claims import Claimants, Partition, claimants
from bot.announce.delivery import Delivery
from bot.announce.pacing import Pacer
from bot.announce.posts import grid_post, lineup_fault
from bot.announce.sending import Job, Sender
from bot.announce.standings_posts import PASSED
from bot.announce.summary import PassSummary
from bot.answers.service import Answers
from bot.loops import BackgroundLoop
from bot.pictures.pool import Pictures
from db.store.queries import announce_log as log_store
from db.store.queries.announce_log import LogEntry, Target
from kernel.announcing import Decision, PostKey, before_due, burst_starts, grid_decision
from kernel.result_changes import RESULTS_WATCH

log = logging.getLogger(__name__)

# Races considered: green flag from a day ago (results, late edits) to a week ahead.
BEHIND = timedelta(days=1)
AHEAD = timedelta(days=7)
# Races run longer ago than BEHIND, up to RESULTS_WATCH (as long as the live sync re-reads their results):
# only a results post already out is edited, when NASCAR changed the result after the race.
EDITS_BEHIND = max(BEHIND, RESULTS_WATCH)
# With nothing due sooner, a pass still runs this often (data can change without a wake).
IDLE = timedelta(hours=1)
# A failed post is tried again after this long (until its channel is paused).
RETRY_FAILED = timedelta(minutes=5)
# After a pass that failed as a whole (the store down), the next one comes this soon.
AFTER_ERROR = timedelta(minutes=1)
# Posts in flight at once; the pace spaces their requests, discord.py's limiter each channel's bucket.
FAN_OUT = 16
NEVER = datetime.max.replace(tzinfo=UTC)


def _urgency(target: Target, kind: str) -> tuple[bool, datetime]:
    """Grids not yet out come first, the soonest green flag first; edits and results after them."""
    first = kind == "grid" and (target.grid is None or target.grid.state != "sent")
    return (not first, target.event.start_time_utc or NEVER)


def _before_due(target: Target) -> datetime | None:
    """When a "minutes before" grid falls due, for a server in that mode."""
    green_flag = target.event.start_time_utc
    if target.mode != "before" or green_flag is None:
        return None
    return before_due(target.minutes_before, green_flag)


def _run_before(target: Target, moment: datetime) -> bool:
    green_flag = target.event.start_time_utc
    return green_flag is not None and green_flag < moment


def _earliest(*moments: datetime | None) -> datetime | None:
    known = [moment for moment in moments if moment is not None]
    return min(known) if known else None


class Announcer(BackgroundLoop):
    """Start it in `setup_hook`, stop it in `close()`; `wake()` whenever what is due may have changed."""

    task_name = "racebot-announcer"

    def __init__(
        self,
        client: discord.Client,
        answers: Answers,
        *,
        clock: Callable[[], datetime],
        grace: timedelta,
        pace: Pacer,
        partition: Partition,
        ready: Callable[[], Awaitable[object]] | None = None,
        fan_out: int = FAN_OUT,
        pictures: Pictures | None = None,
    ) -> None:
        self.answers = answers
        self.store = answers.store
        self.pace = pace
        self.partition = partition
        delivery = Delivery(client, answers.store, clock=clock, pace=pace, pictures=pictures)
        self.sender = Sender(delivery, answers, clock=clock, me=partition.me)
        self.grace = grace
        self._clock = clock
        self._ready = ready
        self._limit = asyncio.Semaphore(fan_out)
        self._woken = asyncio.Event()
        self._up_since: datetime | None = None
        # Event id -> the last pass that found its lineup missing: the grid became postable after it.
        self._lineup_missing: dict[int, datetime] = {}
        self._started = 0
        self._finished = 0
        self._progress = asyncio.Condition()
        # For the metrics: posts by outcome since start, and each post due but not out with the moment
        # a pass first found it so (the oldest is the announcer's lag).
        self.outcomes: Counter[str] = Counter()
        self._waiting: dict[PostKey, datetime] = {}

    def wake(self) -> None:
        """Run a pass now instead of at the next due moment (something changed)."""
        self._woken.set()

    async def pass_done(self) -> None:
        """Wake the loop and wait for a pass that began after this call to finish (tests, the CLI)."""
        wanted = self._started + 1
        self.wake()
        async with self._progress:
            await self._progress.wait_for(lambda: self._finished >= wanted)

    def oldest_due(self) -> datetime | None:
        """Since when the post longest due and not yet out has been waiting; None when none is."""
        return min(self._waiting.values(), default=None)

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
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancel that lands just as the
            # event is set, and stop() would then wait for a loop that never ends.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay.total_seconds()):
                    await self._woken.wait()

    async def run_pass(self) -> datetime | None:
        """Post, hold, skip or edit what is due now; the earliest moment the next thing falls due."""
        now = self._clock()
        up_since = self._up_since or now
        targets = await log_store.announcement_targets(
            self.store.sessions, now=now, behind=EDITS_BEHIND, ahead=AHEAD, shards=self.partition.shards
        )
        holders = await claimants(self.partition, targets, up_since)
        await self.sender.standings.read(targets)
        await self.sender.read_charts(targets)
        self._see_lineups(targets, now)
        starts = self._burst_starts(targets, now)
        summary = PassSummary()
        jobs: list[tuple[tuple[bool, datetime], Job]] = []
        due: datetime | None = None
        for target in targets:
            if target.paused:
                continue
            if _run_before(target, now - BEHIND):
                job = self._results_edit(target)
                if job is not None:
                    jobs.append((_urgency(target, "results"), job))
                job = self._standings_edit(target)
                if job is not None:
                    jobs.append((_urgency(target, "standings"), job))
                continue
            job, at = await self._grid(target, now, holders, starts, summary)
            due = _earliest(due, at)
            if job is not None:
                jobs.append((_urgency(target, "grid"), job))
            job, at = self._results(target, now, holders, summary)
            due = _earliest(due, at)
            if job is not None:
                jobs.append((_urgency(target, "results"), job))
            job, at = await self._standings(target, now, holders, summary)
            due = _earliest(due, at)
            if job is not None:
                jobs.append((_urgency(target, "standings"), job))
        jobs.sort(key=lambda job: job[0])
        self._waiting = {key: self._waiting.get(key, now) for key in summary.found_due}
        if jobs:
            outcomes = await asyncio.gather(*(self._bounded(job) for _, job in jobs), return_exceptions=True)
            for outcome in outcomes:
                if isinstance(outcome, BaseException):
                    log.error("announcement failed", exc_info=outcome)
        summary.log()
        self.outcomes.update(summary.outcomes())
        self._waiting = {key: since for key, since in self._waiting.items() if key in summary.waiting}
        return due

    def _see_lineups(self, targets: list[Target], now: datetime) -> None:
        """Remember, per race, the last pass that found no lineup: a grid that becomes postable later
        became postable while the bot was up, however long after its moment the lineup came."""
        missing = {}
        for target in targets:
            event_id = target.event.id
            if not target.lineup_known:
                missing[event_id] = now
            elif event_id in self._lineup_missing:
                missing[event_id] = self._lineup_missing[event_id]
        self._lineup_missing = missing

    def _burst_starts(self, targets: list[Target], now: datetime) -> dict[datetime, datetime]:
        """When each burst of "minutes before" grids (those due at one moment, lineup known, not yet
        posted) starts, to be out by its moment at the pace; two requests a post with threads on."""
        requests: Counter[datetime] = Counter()
        for target in targets:
            due = _before_due(target)
            pending = target.lineup_known and target.grid is None and not target.paused
            if pending and due is not None and due > now:
                requests[due] += 2 if target.threads else 1
        return burst_starts(requests, self.pace.per_second)

    async def _bounded(self, job: Job) -> None:
        async with self._limit:
            await job

    # -- grids ------------------------------------------------------------------------------------

    async def _grid(
        self,
        target: Target,
        now: datetime,
        holders: Claimants,
        starts: dict[datetime, datetime],
        summary: PassSummary,
    ) -> tuple[Job | None, datetime | None]:
        key = target.key("grid")
        entry = target.grid
        if entry is not None and entry.state in ("sent", "skipped"):
            return self.sender.edit_if_changed(target, key, entry), None
        if entry is not None and entry.state == "claimed":
            summary.due(key)
            return self.sender.recover(target, key, entry, now, holders, summary)
        if entry is not None and entry.state == "failed" and now < entry.claimed_at + RETRY_FAILED:
            summary.due(key)
            return None, entry.claimed_at + RETRY_FAILED
        decision = self._decide(target, now, holders.up_since, starts)
        if decision.action == "wait":
            return None, decision.at
        if decision.action == "skip":
            if entry is None or entry.state == "failed":
                reason = decision.reason or "skipped"
                summary.note(key, "skipped", reason)
                await self._note(key, entry, "skipped", reason, now)
            return None, None
        post = grid_post(self.answers.book, target.event, target.role_id)
        if post is None:
            return None, None  # the store has the lineup, the book not yet: its refresh wakes us
        summary.due(key)
        fault = lineup_fault(self.answers.book, key.event_id)
        if fault is not None:
            if entry is None or entry.state != "held" or entry.detail != fault:
                summary.note(key, "held", fault)
                await self._note(key, entry, "held", fault, now)
            return None, None
        return self.sender.deliver(target, key, entry, post, summary), None

    def _decide(
        self, target: Target, now: datetime, up_since: datetime, starts: dict[datetime, datetime]
    ) -> Decision:
        due = _before_due(target)
        start = starts.get(due) if due is not None else None
        return grid_decision(
            mode="before" if target.mode == "before" else "lineup",
            minutes_before=target.minutes_before,
            green_flag=target.event.start_time_utc,
            lineup_known=target.lineup_known,
            now=now,
            up_since=up_since,
            grace=self.grace,
            lineup_seen_missing=self._lineup_missing.get(target.event.id),
            lead=timedelta(0) if due is None or start is None else due - start,
        )

    async def _note(
        self, key: PostKey, entry: LogEntry | None, state: log_store.State, detail: str, now: datetime
    ) -> None:
        if entry is None:
            await log_store.record(self.store.sessions, key, state=state, detail=detail, now=now)
        else:
            await log_store.mark(self.store.sessions, key, state=state, detail=detail, now=now)

    # -- results ----------------------------------------------------------------------------------

    def _results_edit(self, target: Target) -> Job | None:
        """A race run before BEHIND: its results post, if out, edited to a changed result; nothing new."""
        entry = target.results_log
        if target.results == "off" or entry is None or not target.event.results_official:
            return None
        return self.sender.edit_if_changed(target, target.key("results"), entry)

    def _results(
        self, target: Target, now: datetime, holders: Claimants, summary: PassSummary
    ) -> tuple[Job | None, datetime | None]:
        if target.results == "off" or not target.event.results_official:
            return None, None
        key = target.key("results")
        entry = target.results_log
        post = self.sender.results_post(target)
        if post is None:
            return None, None
        if entry is None or entry.state in ("held", "failed", "claimed"):
            summary.due(key)
        if entry is None or entry.state == "held":
            return self.sender.deliver(target, key, entry, post, summary), None
        if entry.state == "failed":
            retry = entry.claimed_at + RETRY_FAILED
            if now < retry:
                return None, retry
            return self.sender.deliver(target, key, entry, post, summary), None
        if entry.state == "claimed":
            return self.sender.recover(target, key, entry, now, holders, summary)
        return self.sender.edit_if_changed(target, key, entry), None

    # -- standings --------------------------------------------------------------------------------

    async def _standings(
        self, target: Target, now: datetime, holders: Claimants, summary: PassSummary
    ) -> tuple[Job | None, datetime | None]:
        """The series' standings after the race, once NASCAR's table counts it (`StandingsPosts`):
        claimed, recovered, retried and edited as results posts are."""
        if not target.standings or not target.event.results_official:
            return None, None
        key = target.key("standings")
        entry = target.standings_log
        if entry is not None and entry.state == "claimed":
            summary.due(key)
            return self.sender.recover(target, key, entry, now, holders, summary)
        if entry is not None and entry.state in ("sent", "skipped"):
            return self.sender.edit_if_changed(target, key, entry), None
        action = self.sender.standings.decision(target)
        if action == "passed" and entry is None:
            summary.note(key, "skipped", PASSED)
            await self._note(key, entry, "skipped", PASSED, now)
        post = self.sender.standings.post(target)
        if post is None:
            return None, None
        summary.due(key)
        if entry is not None and entry.state == "failed" and now < entry.claimed_at + RETRY_FAILED:
            return None, entry.claimed_at + RETRY_FAILED
        return self.sender.deliver(target, key, entry, post, summary), None

    def _standings_edit(self, target: Target) -> Job | None:
        """A race run before BEHIND: its standings post, if out, edited to a changed table (a penalty)
        while the table still counts that race; nothing new."""
        entry = target.standings_log
        if not target.standings or entry is None or not target.event.results_official:
            return None
        return self.sender.edit_if_changed(target, target.key("standings"), entry)
